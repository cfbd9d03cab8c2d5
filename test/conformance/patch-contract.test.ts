/**
 * The patch contract: one table of PATCH cases (JSON, merge, strategic merge and apply patches),
 * run against a real apiserver (in process, over HTTP, through the RestClient) and against the
 * FakeClient that controller tests use. Both must answer alike: the same patched object, or the
 * same error. Each case starts from the object the apiserver stored (defaults filled in), given
 * to the FakeClient as it is, so only the patch can make them differ.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, R, type KubeObject, type ResourceInfo } from '@kemu/api';
import { RestClient, type Client, type PatchType, type WriteOptions } from '@kemu/client';
import { FakeClient } from '@kemu/client/testing';
import { startHarness, type Harness } from '../../packages/apiserver/src/testing/harness.js';

type Options = WriteOptions & { subresource?: string };

interface PatchCase {
  name: string;
  resource: ResourceInfo;
  /** The object to create; its name is the case's. */
  seed: (name: string) => KubeObject;
  /** One patch, or several applied in turn. */
  patches: { type: PatchType; patch: unknown; opts?: Options }[];
  /** The HTTP code the last patch fails with, when it must fail. */
  error?: number;
}

const json = (text: string): unknown => JSON.parse(text);

const configMap = (name: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name,
      labels: { app: 'web', tier: 'front' },
      annotations: { note: 'keep' },
      finalizers: ['a.example.com/x', 'b.example.com/y'],
    },
    data: { a: '1', b: '2' },
  }) as KubeObject;

const deployment = (name: string): KubeObject =>
  ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
            },
            { name: 'sidecar', image: 'busybox' },
          ],
          tolerations: [{ key: 'k1', operator: 'Exists' }],
        },
      },
    },
  }) as KubeObject;

const node = (name: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {
      taints: [
        { key: 'key1', value: 'value1', effect: 'NoSchedule' },
        { key: 'key2', value: 'value2', effect: 'NoExecute' },
      ],
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: '127.10.0.1' },
        { type: 'Hostname', address: name },
      ],
    },
  }) as KubeObject;

const service = (name: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: {
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
    },
  }) as KubeObject;

const pod = (name: string): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'c', image: 'busybox' }] },
  }) as KubeObject;

/** What the apiserver defaults in a new container (the FakeClient does not default). */
const containerDefaults = {
  imagePullPolicy: 'IfNotPresent',
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};
const apply = (fieldManager: string, force = false): Options => ({ fieldManager, force });
const cmConfig = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

const CASES: PatchCase[] = [
  // JSON merge patch (RFC 7386)
  {
    name: 'merge-adds-and-replaces',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'merge', patch: { metadata: { labels: { version: 'v1' } }, data: { a: 'one', c: '3' } } }],
  },
  {
    name: 'merge-null-deletes',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'merge', patch: { metadata: { labels: { tier: null } }, data: { b: null } } }],
  },
  {
    name: 'merge-replaces-lists',
    resource: R.deployments,
    seed: deployment,
    patches: [{ type: 'merge', patch: { spec: { template: { spec: { tolerations: [{ key: 'k2', operator: 'Exists' }] } } } } }],
  },
  {
    name: 'merge-proto-key',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'merge', patch: json('{"data":{"__proto__":"x"}}') }],
  },
  { name: 'merge-not-an-object', resource: R.configmaps, seed: configMap, patches: [{ type: 'merge', patch: ['x'] }], error: 400 },

  // JSON patch (RFC 6902)
  {
    name: 'json-ops',
    resource: R.configmaps,
    seed: configMap,
    patches: [
      {
        type: 'json',
        patch: [
          { op: 'test', path: '/data/a', value: '1' },
          { op: 'add', path: '/data/c', value: '3' },
          { op: 'replace', path: '/data/a', value: 'one' },
          { op: 'remove', path: '/metadata/annotations/note' },
          { op: 'move', from: '/data/b', path: '/data/moved' },
          { op: 'copy', from: '/data/c', path: '/metadata/labels/c' },
          { op: 'add', path: '/metadata/finalizers/-', value: 'c.example.com/z' },
          { op: 'add', path: '/metadata/finalizers/0', value: 'first.example.com/w' },
          { op: 'remove', path: '/metadata/finalizers/1' },
          { op: 'add', path: '/metadata/labels/example.com~1a', value: 'escaped' },
        ],
      },
    ],
  },
  {
    name: 'json-proto-key',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'json', patch: json('[{"op":"add","path":"/data/__proto__","value":"x"}]') }],
  },
  {
    name: 'json-test-fails',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'json', patch: [{ op: 'test', path: '/data/a', value: '9' }] }],
    error: 422,
  },
  {
    name: 'json-missing-path',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'json', patch: [{ op: 'replace', path: '/data/nope', value: 'x' }] }],
    error: 422,
  },
  {
    name: 'json-missing-parent',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'json', patch: [{ op: 'add', path: '/spec/x/y', value: 1 }] }],
    error: 422,
  },
  {
    name: 'json-unknown-op',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'json', patch: [{ op: 'frobnicate', path: '/data' }] }],
    error: 400,
  },
  { name: 'json-not-a-list', resource: R.configmaps, seed: configMap, patches: [{ type: 'json', patch: { op: 'add' } }], error: 400 },

  // Strategic merge patch
  {
    name: 'strategic-merge-key-and-order',
    resource: R.deployments,
    seed: deployment,
    patches: [
      {
        type: 'strategic',
        patch: {
          spec: {
            template: {
              spec: {
                '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'web' }],
                containers: [
                  {
                    name: 'web',
                    image: 'nginx:2',
                    env: [
                      { name: 'B', value: '20' },
                      { name: 'C', value: '3' },
                    ],
                  },
                ],
              },
            },
          },
        },
      },
    ],
  },
  {
    name: 'strategic-delete-element',
    resource: R.deployments,
    seed: deployment,
    patches: [{ type: 'strategic', patch: { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } } }],
  },
  {
    name: 'strategic-replace-list',
    resource: R.deployments,
    seed: deployment,
    patches: [
      {
        type: 'strategic',
        patch: {
          spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'nginx:3', ...containerDefaults }] } } },
        },
      },
    ],
  },
  {
    name: 'strategic-replace-map',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'strategic', patch: { metadata: { labels: { $patch: 'replace', only: 'this' } } } }],
  },
  {
    name: 'strategic-retain-keys',
    resource: R.deployments,
    seed: deployment,
    patches: [{ type: 'strategic', patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } } }],
  },
  {
    name: 'strategic-no-strategy-replaces',
    resource: R.deployments,
    seed: deployment,
    patches: [{ type: 'strategic', patch: { spec: { template: { spec: { tolerations: [{ key: 'k2', operator: 'Exists' }] } } } } }],
  },
  {
    name: 'strategic-primitive-set',
    resource: R.configmaps,
    seed: configMap,
    patches: [
      { type: 'strategic', patch: { metadata: { finalizers: ['b.example.com/y', 'c.example.com/z'] } } },
      { type: 'strategic', patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/x'] } } },
      { type: 'strategic', patch: { metadata: { '$setElementOrder/finalizers': ['c.example.com/z', 'b.example.com/y'] } } },
    ],
  },
  {
    name: 'strategic-null-deletes',
    resource: R.nodes,
    seed: node,
    patches: [{ type: 'strategic', patch: { spec: { taints: null, unschedulable: true } } }],
  },
  {
    name: 'strategic-service-ports',
    resource: R.services,
    seed: service,
    patches: [
      {
        type: 'strategic',
        patch: {
          spec: {
            ports: [
              { port: 443, name: 'tls' },
              { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
            ],
          },
        },
      },
    ],
  },
  {
    name: 'strategic-status-addresses',
    resource: R.nodes,
    seed: node,
    patches: [
      {
        type: 'strategic',
        patch: { status: { addresses: [{ type: 'InternalIP', address: '127.10.0.9' }] } },
        opts: { subresource: 'status' },
      },
    ],
  },
  {
    name: 'strategic-status-conditions',
    resource: R.pods,
    seed: pod,
    patches: [
      { type: 'strategic', patch: { status: { conditions: [{ type: 'Ready', status: 'False' }] } }, opts: { subresource: 'status' } },
      {
        type: 'strategic',
        patch: {
          status: {
            conditions: [
              { type: 'PodScheduled', status: 'True' },
              { type: 'Ready', status: 'True' },
            ],
          },
        },
        opts: { subresource: 'status' },
      },
    ],
  },
  {
    name: 'strategic-status-ignored-on-main',
    resource: R.pods,
    seed: pod,
    patches: [{ type: 'strategic', patch: { metadata: { labels: { a: 'b' } }, status: { phase: 'Failed' } } }],
  },
  {
    name: 'strategic-proto-key',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'strategic', patch: json('{"data":{"__proto__":"x"}}') }],
  },
  {
    name: 'strategic-missing-merge-key',
    resource: R.deployments,
    seed: deployment,
    patches: [{ type: 'strategic', patch: { spec: { template: { spec: { containers: [{ image: 'x' }] } } } } }],
    error: 400,
  },
  {
    name: 'strategic-unknown-directive',
    resource: R.configmaps,
    seed: configMap,
    patches: [{ type: 'strategic', patch: { metadata: { labels: { $patch: 'explode' } } } }],
    error: 400,
  },

  // Server-side apply
  {
    name: 'apply-owns-and-removes',
    resource: R.configmaps,
    seed: configMap,
    patches: [
      { type: 'apply', patch: cmConfig('apply-owns-and-removes', { a: '1', c: '3' }), opts: apply('one') },
      { type: 'apply', patch: cmConfig('apply-owns-and-removes', { a: '1' }), opts: apply('one') },
    ],
  },
  {
    name: 'apply-conflict',
    resource: R.configmaps,
    seed: configMap,
    patches: [
      { type: 'apply', patch: cmConfig('apply-conflict', { a: '1' }), opts: apply('one') },
      { type: 'apply', patch: cmConfig('apply-conflict', { a: '2' }), opts: apply('two') },
    ],
    error: 409,
  },
  {
    name: 'apply-force',
    resource: R.configmaps,
    seed: configMap,
    patches: [
      { type: 'apply', patch: cmConfig('apply-force', { a: '1' }), opts: apply('one') },
      { type: 'apply', patch: cmConfig('apply-force', { a: '2' }), opts: apply('two', true) },
    ],
  },
  {
    name: 'apply-merge-keys',
    resource: R.deployments,
    seed: deployment,
    patches: [
      {
        type: 'apply',
        opts: apply('kubectl'),
        patch: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'apply-merge-keys' },
          spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } },
        },
      },
    ],
  },
  {
    name: 'apply-proto-key',
    resource: R.configmaps,
    seed: configMap,
    patches: [
      {
        type: 'apply',
        opts: apply('one'),
        patch: json('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"apply-proto-key"},"data":{"__proto__":"x"}}'),
      },
    ],
  },
];

/** The object without what a server assigns per write (resourceVersion, managedFields times). */
function comparable(o: KubeObject): KubeObject {
  const out = structuredClone(o);
  delete out.metadata.resourceVersion;
  for (const e of out.metadata.managedFields ?? []) delete e.time;
  return out;
}

/** The patched object, or the Status of the error. */
async function run(client: Client, c: PatchCase, namespace: string | undefined): Promise<{ object?: KubeObject; error?: unknown }> {
  let object: KubeObject | undefined;
  try {
    for (const p of c.patches) object = await client.patch(c.resource, namespace, c.name, p.type, p.patch, p.opts);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const { code, reason, message, details } = err.status;
    return { error: { code, reason, message, causes: details?.causes } };
  }
  return { object: comparable(object!) };
}

describe('the patch contract: FakeClient and the apiserver patch alike', () => {
  let h: Harness;
  let rest: RestClient;

  beforeAll(async () => {
    h = await startHarness();
    rest = new RestClient({ servers: [h.url] });
  });
  afterAll(() => h?.close());

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const namespace = c.resource.namespaced ? 'default' : undefined;
    const stored = await rest.create(c.resource, namespace, c.seed(c.name));
    const fake = new FakeClient([stored]);
    expect(comparable(await fake.get(c.resource, namespace, c.name))).toEqual(comparable(stored));

    const server = await run(rest, c, namespace);
    const faked = await run(fake, c, namespace);
    if (c.error) expect(server.error).toMatchObject({ code: c.error });
    else expect(server.object).not.toEqual(comparable(stored));
    expect(faked).toEqual(server);
  });
});
