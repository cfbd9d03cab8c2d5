import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { R } from '../resources.js';
import type { KubeObject } from '../types.js';
import { applyPatch, patchTypeOf } from './index.js';

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'kubernetes-bootcamp',
    namespace: 'default',
    uid: 'd-1',
    resourceVersion: '7',
    labels: { app: 'kubernetes-bootcamp' },
    annotations: { 'deployment.kubernetes.io/revision': '2', note: 'keep' },
    finalizers: ['a.example.com/x', 'b.example.com/y'],
  },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'kubernetes-bootcamp' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'kubernetes-bootcamp' } },
      spec: {
        containers: [
          {
            name: 'kubernetes-bootcamp',
            image: 'gcr.io/google-samples/kubernetes-bootcamp:v1',
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            command: ['node', 'server.js'],
          },
          { name: 'sidecar', image: 'busybox' },
        ],
        tolerations: [{ key: 'k1', operator: 'Exists' }],
        restartPolicy: 'Always',
      },
    },
  },
  status: {
    conditions: [
      { type: 'Available', status: 'True' },
      { type: 'Progressing', status: 'True' },
    ],
  },
});

const node = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' } },
  spec: {
    podCIDR: '127.244.1.0/24',
    podCIDRs: ['127.244.1.0/24'],
    taints: [
      { key: 'key1', value: 'value1', effect: 'NoSchedule' },
      { key: 'key2', value: 'value2', effect: 'NoExecute' },
    ],
  },
  status: {
    addresses: [
      { type: 'InternalIP', address: '127.10.0.1' },
      { type: 'Hostname', address: 'node-1' },
    ],
  },
});

function spec(o: KubeObject): any {
  return (o as any).spec;
}
function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('patchTypeOf', () => {
  it.each([
    ['application/merge-patch+json', 'merge'],
    ['application/strategic-merge-patch+json', 'strategic'],
    ['application/json-patch+json; charset=utf-8', 'json'],
    ['application/apply-patch+yaml', 'apply'],
    ['application/json', undefined],
  ])('maps %s', (ct, type) => expect(patchTypeOf(ct)).toBe(type));
});

describe('merge patch (RFC 7386)', () => {
  it('adds a label (kubectl label)', () => {
    const out = applyPatch('merge', deployment(), { metadata: { labels: { version: 'v1' } } }, R.deployments);
    expect(out.metadata.labels).toEqual({ app: 'kubernetes-bootcamp', version: 'v1' });
  });
  it('removes a label with null (kubectl label key-)', () => {
    const out = applyPatch('merge', deployment(), { metadata: { labels: { app: null } } }, R.deployments);
    expect(out.metadata.labels).toEqual({});
  });
  it('replaces lists instead of merging them', () => {
    const out = applyPatch(
      'merge',
      deployment(),
      { spec: { template: { spec: { containers: [{ name: 'only', image: 'x' }] } } } },
      R.deployments,
    );
    expect(spec(out).template.spec.containers).toEqual([{ name: 'only', image: 'x' }]);
  });
  it('scales (kubectl scale on /scale)', () => {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'x' }, spec: { replicas: 1 } };
    expect(spec(applyPatch('merge', scale, { spec: { replicas: 4 } }, R.deployments)).replicas).toBe(4);
  });
  it('never mutates the current object', () => {
    const cur = deployment();
    const before = structuredClone(cur);
    applyPatch('merge', cur, { metadata: { labels: { app: null } }, spec: { replicas: 3 } }, R.deployments);
    expect(cur).toEqual(before);
  });
  it('rejects a patch that is not an object with 400', () => {
    expect(errorOf(() => applyPatch('merge', deployment(), [1, 2], R.deployments)).code).toBe(400);
  });
});

describe('JSON patch (RFC 6902)', () => {
  it('applies the body of kubectl rollout undo', () => {
    const template = {
      metadata: { labels: { app: 'kubernetes-bootcamp' } },
      spec: { containers: [{ name: 'kubernetes-bootcamp', image: 'v1' }] },
    };
    const out = applyPatch(
      'json',
      deployment(),
      [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '2' } },
      ],
      R.deployments,
    );
    expect(spec(out).template).toEqual(template);
    expect(out.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2' });
  });
  it.each([
    ['add to a map', [{ op: 'add', path: '/metadata/labels/tier', value: 'web' }], (o: any) => expect(o.metadata.labels.tier).toBe('web')],
    [
      'add with ~1 escaping',
      [{ op: 'add', path: '/metadata/annotations/example.com~1a~0b', value: 'v' }],
      (o: any) => expect(o.metadata.annotations['example.com/a~b']).toBe('v'),
    ],
    [
      'append with -',
      [{ op: 'add', path: '/metadata/finalizers/-', value: 'c.example.com/z' }],
      (o: any) => expect(o.metadata.finalizers).toEqual(['a.example.com/x', 'b.example.com/y', 'c.example.com/z']),
    ],
    [
      'insert at an index',
      [{ op: 'add', path: '/metadata/finalizers/0', value: 'first' }],
      (o: any) => expect(o.metadata.finalizers[0]).toBe('first'),
    ],
    [
      'remove an element',
      [{ op: 'remove', path: '/metadata/finalizers/0' }],
      (o: any) => expect(o.metadata.finalizers).toEqual(['b.example.com/y']),
    ],
    [
      'remove a key',
      [{ op: 'remove', path: '/metadata/annotations/note' }],
      (o: any) => expect(o.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2' }),
    ],
    [
      'move',
      [{ op: 'move', from: '/metadata/annotations/note', path: '/metadata/labels/note' }],
      (o: any) => {
        expect(o.metadata.labels.note).toBe('keep');
        expect(o.metadata.annotations.note).toBeUndefined();
      },
    ],
    ['copy', [{ op: 'copy', from: '/spec/replicas', path: '/spec/minReadySeconds' }], (o: any) => expect(o.spec.minReadySeconds).toBe(1)],
    [
      'test of a map',
      [{ op: 'test', path: '/metadata/labels', value: { app: 'kubernetes-bootcamp' } }],
      (o: any) => expect(o.metadata.labels).toEqual({ app: 'kubernetes-bootcamp' }),
    ],
    [
      'test for null at a missing path',
      [{ op: 'test', path: '/spec/paused', value: null }],
      (o: any) => expect(o.spec).not.toHaveProperty('paused'),
    ],
    [
      'replace the whole document',
      [{ op: 'replace', path: '', value: { metadata: { name: 'other' } } }],
      (o: any) => expect(o).toEqual({ metadata: { name: 'other' } }),
    ],
    [
      'test then replace',
      [
        { op: 'test', path: '/spec/replicas', value: 1 },
        { op: 'replace', path: '/spec/replicas', value: 5 },
      ],
      (o: any) => expect(o.spec.replicas).toBe(5),
    ],
  ])('%s', (_name, ops, check) => check(applyPatch('json', deployment(), ops, R.deployments)));

  it.each([
    ['a failing test', [{ op: 'test', path: '/spec/replicas', value: 2 }], 422],
    ['replacing a missing key', [{ op: 'replace', path: '/spec/foo', value: 1 }], 422],
    ['removing a missing key', [{ op: 'remove', path: '/metadata/labels/nope' }], 422],
    ['an index out of range', [{ op: 'add', path: '/metadata/finalizers/9', value: 'x' }], 422],
    ['an unknown op', [{ op: 'frobnicate', path: '/spec' }], 400],
    ['a missing value', [{ op: 'add', path: '/spec/x' }], 400],
    ['a body that is not a list', { op: 'add' }, 400],
    ['replacing an inherited name (own fields only)', [{ op: 'replace', path: '/metadata/labels/constructor', value: 'x' }], 422],
    ['adding below an inherited name', [{ op: 'add', path: '/metadata/labels/toString/x', value: 'x' }], 422],
    ['a path without a leading slash', [{ op: 'add', path: 'spec/x', value: 1 }], 422],
    ['moving a value into itself', [{ op: 'move', from: '/spec', path: '/spec/template/x' }], 422],
  ])('answers %s with %d', (_name, ops, code) => {
    expect(errorOf(() => applyPatch('json', deployment(), ops, R.deployments)).code).toBe(code);
  });
});

describe('strategic merge patch', () => {
  it('applies kubectl set image (merge containers by name, $setElementOrder)', () => {
    const out = applyPatch(
      'strategic',
      deployment(),
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'kubernetes-bootcamp' }, { name: 'sidecar' }],
              containers: [{ image: 'jocatalin/kubernetes-bootcamp:v2', name: 'kubernetes-bootcamp' }],
            },
          },
        },
      },
      R.deployments,
    );
    const cs = spec(out).template.spec.containers;
    expect(cs.map((c: any) => c.name)).toEqual(['kubernetes-bootcamp', 'sidecar']);
    expect(cs[0].image).toBe('jocatalin/kubernetes-bootcamp:v2');
    expect(cs[0].ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
    expect(cs[1]).toEqual({ name: 'sidecar', image: 'busybox' });
  });
  it('applies kubectl rollout pause and resume', () => {
    const paused = applyPatch('strategic', deployment(), { spec: { paused: true } }, R.deployments);
    expect(spec(paused).paused).toBe(true);
    const resumed = applyPatch('strategic', paused, { spec: { paused: null } }, R.deployments);
    expect(spec(resumed)).not.toHaveProperty('paused');
  });
  it('applies kubectl rollout restart', () => {
    const out = applyPatch(
      'strategic',
      deployment(),
      { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T01:24:14Z' } } } } },
      R.deployments,
    );
    expect(spec(out).template.metadata).toEqual({
      labels: { app: 'kubernetes-bootcamp' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T01:24:14Z' },
    });
  });
  it('applies a second kubectl apply that changes the image and replicas', () => {
    const out = applyPatch(
      'strategic',
      deployment(),
      {
        metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' } },
        spec: {
          replicas: 3,
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'kubernetes-bootcamp' }],
              containers: [{ image: 'nginx:1.16.1', name: 'kubernetes-bootcamp' }],
            },
          },
        },
      },
      R.deployments,
    );
    expect(spec(out).replicas).toBe(3);
    expect(out.metadata.annotations).toMatchObject({ note: 'keep', 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' });
    // The server-only sidecar keeps its place after the ordered elements.
    expect(spec(out).template.spec.containers.map((c: any) => [c.name, c.image])).toEqual([
      ['kubernetes-bootcamp', 'nginx:1.16.1'],
      ['sidecar', 'busybox'],
    ]);
  });
  it('adds a taint by replacing the list (kubectl taint)', () => {
    const out = applyPatch('strategic', node(), { spec: { taints: [{ effect: 'NoSchedule', key: 'key1', value: 'value1' }] } }, R.nodes);
    expect(spec(out).taints).toEqual([{ effect: 'NoSchedule', key: 'key1', value: 'value1' }]);
  });
  it('removes the last taint with null (kubectl taint key1-)', () => {
    const out = applyPatch('strategic', node(), { spec: { taints: null } }, R.nodes);
    expect(spec(out)).not.toHaveProperty('taints');
  });
  it('applies kubectl cordon and uncordon', () => {
    const cordoned = applyPatch('strategic', node(), { spec: { unschedulable: true } }, R.nodes);
    expect(spec(cordoned).unschedulable).toBe(true);
    expect(spec(applyPatch('strategic', cordoned, { spec: { unschedulable: null } }, R.nodes))).not.toHaveProperty('unschedulable');
  });
  it('replaces lists without a strategy (tolerations, command)', () => {
    const out = applyPatch(
      'strategic',
      deployment(),
      {
        spec: {
          template: {
            spec: {
              tolerations: [{ key: 'k2', operator: 'Exists' }],
              containers: [{ name: 'kubernetes-bootcamp', command: ['node'] }],
            },
          },
        },
      },
      R.deployments,
    );
    expect(spec(out).template.spec.tolerations).toEqual([{ key: 'k2', operator: 'Exists' }]);
    expect(spec(out).template.spec.containers[0].command).toEqual(['node']);
  });
  it('merges env by name and ports by containerPort', () => {
    const out = applyPatch(
      'strategic',
      deployment(),
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'kubernetes-bootcamp',
                  env: [
                    { name: 'B', value: '20' },
                    { name: 'C', value: '3' },
                  ],
                  ports: [{ containerPort: 9090 }],
                },
              ],
            },
          },
        },
      },
      R.deployments,
    );
    const c = spec(out).template.spec.containers[0];
    expect(c.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '20' },
      { name: 'C', value: '3' },
    ]);
    expect(c.ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 9090 }]);
  });
  it('deletes a list element with $patch: delete', () => {
    const out = applyPatch(
      'strategic',
      deployment(),
      { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
      R.deployments,
    );
    expect(spec(out).template.spec.containers.map((c: any) => c.name)).toEqual(['kubernetes-bootcamp']);
  });
  it('replaces a map with $patch: replace', () => {
    const out = applyPatch('strategic', deployment(), { metadata: { labels: { $patch: 'replace', only: 'this' } } }, R.deployments);
    expect(out.metadata.labels).toEqual({ only: 'this' });
  });
  it('replaces a whole list with a $patch: replace element', () => {
    const out = applyPatch(
      'strategic',
      deployment(),
      { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'new', image: 'n' }] } } } },
      R.deployments,
    );
    expect(spec(out).template.spec.containers).toEqual([{ name: 'new', image: 'n' }]);
  });
  it('honours $retainKeys on the deployment strategy', () => {
    const out = applyPatch(
      'strategic',
      deployment(),
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
      R.deployments,
    );
    expect(spec(out).strategy).toEqual({ type: 'Recreate' });
  });
  it('merges finalizers as a set and removes with $deleteFromPrimitiveList', () => {
    const added = applyPatch(
      'strategic',
      deployment(),
      { metadata: { finalizers: ['b.example.com/y', 'c.example.com/z'] } },
      R.deployments,
    );
    expect(added.metadata.finalizers).toEqual(['a.example.com/x', 'b.example.com/y', 'c.example.com/z']);
    const removed = applyPatch(
      'strategic',
      added,
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.example.com/x'] } },
      R.deployments,
    );
    expect(removed.metadata.finalizers).toEqual(['b.example.com/y', 'c.example.com/z']);
  });
  it('orders a primitive list with $setElementOrder', () => {
    const out = applyPatch(
      'strategic',
      deployment(),
      { metadata: { '$setElementOrder/finalizers': ['b.example.com/y', 'a.example.com/x'] } },
      R.deployments,
    );
    expect(out.metadata.finalizers).toEqual(['b.example.com/y', 'a.example.com/x']);
  });
  it('merges status conditions by type and node addresses by type', () => {
    const d = applyPatch(
      'strategic',
      deployment(),
      { status: { conditions: [{ type: 'Progressing', status: 'False', reason: 'X' }] } },
      R.deployments,
    );
    expect((d as any).status.conditions).toEqual([
      { type: 'Available', status: 'True' },
      { type: 'Progressing', status: 'False', reason: 'X' },
    ]);
    const n = applyPatch('strategic', node(), { status: { addresses: [{ type: 'InternalIP', address: '127.10.0.9' }] } }, R.nodes);
    expect((n as any).status.addresses).toEqual([
      { type: 'InternalIP', address: '127.10.0.9' },
      { type: 'Hostname', address: 'node-1' },
    ]);
  });
  it('merges service ports by port', () => {
    const svc: KubeObject = { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    const out = applyPatch('strategic', svc, { spec: { ports: [{ port: 80, nodePort: 30080 }] } }, R.services);
    expect(spec(out).ports).toEqual([{ port: 80, targetPort: 8080, nodePort: 30080 }, { port: 443 }]);
  });
  it.each([
    ['a list element without its merge key', { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }],
    ['an unknown $patch directive', { metadata: { labels: { $patch: 'explode' } } }],
    ['a body that is not an object', ['x']],
  ])('rejects %s with 400', (_name, patch) => {
    expect(errorOf(() => applyPatch('strategic', deployment(), patch, R.deployments)).code).toBe(400);
  });
});

describe('server-side apply (first version)', () => {
  it('merges the applied configuration over the live object', () => {
    const out = applyPatch(
      'apply',
      deployment(),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'kubernetes-bootcamp', labels: { tier: 'web' } },
        spec: { replicas: 2, template: { spec: { containers: [{ name: 'kubernetes-bootcamp', image: 'nginx:1.25' }] } } },
      },
      R.deployments,
    );
    expect(spec(out).replicas).toBe(2);
    expect(out.metadata.labels).toEqual({ app: 'kubernetes-bootcamp', tier: 'web' });
    expect(spec(out).template.spec.containers[0]).toMatchObject({
      name: 'kubernetes-bootcamp',
      image: 'nginx:1.25',
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
    });
    expect(out.metadata.uid).toBe('d-1');
  });
  it('creates from an empty object', () => {
    const out = applyPatch(
      'apply',
      { metadata: {} },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } },
      R.configmaps,
    );
    expect(out).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } });
  });
  it("takes a decoded configuration only: YAML text is the HTTP layer's to decode", () => {
    expect(errorOf(() => applyPatch('apply', { metadata: {} }, 'kind: ConfigMap\n', R.configmaps)).code).toBe(400);
  });
  it('rejects a configuration of another kind with 400', () => {
    expect(
      errorOf(() => applyPatch('apply', deployment(), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }, R.deployments)).code,
    ).toBe(400);
  });
});

describe('JSON patch errors on the wire', () => {
  it('carry the library message in the cause of a generic 422', () => {
    const err = errorOf(() => applyPatch('json', deployment(), [{ op: 'test', path: '/spec/replicas', value: 9 }], R.deployments));
    expect(err.status).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
    });
    expect(err.status.details?.causes?.[0]).toMatchObject({
      reason: 'UnexpectedServerResponse',
      message: 'testing value /spec/replicas failed: test failed',
    });
  });
});

describe('a "__proto__" key in a patch', () => {
  const cm = (): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: { a: 'b' } });
  const bodies: [Parameters<typeof applyPatch>[0], unknown][] = [
    ['merge', JSON.parse('{"data":{"__proto__":{"polluted":"yes"}}}')],
    ['strategic', JSON.parse('{"data":{"__proto__":{"polluted":"yes"}}}')],
    ['json', JSON.parse('[{"op":"add","path":"/data/__proto__","value":{"polluted":"yes"}}]')],
    ['apply', JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"__proto__":{"polluted":"yes"}}}')],
  ];
  it('json: a "__proto__" map is tested, copied and moved like any field', () => {
    const out = applyPatch(
      'json',
      cm(),
      JSON.parse(`[
      {"op":"add","path":"/data/__proto__","value":"v"},
      {"op":"test","path":"/data","value":{"a":"b","__proto__":"v"}},
      {"op":"copy","from":"/data/__proto__","path":"/data/c"},
      {"op":"move","from":"/data/a","path":"/metadata/__proto__"}]`),
      R.configmaps,
    ) as KubeObject & { data: object };
    expect(JSON.stringify(out)).toBe(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"default","__proto__":"b"},"data":{"__proto__":"v","c":"v"}}',
    );
    expect(Object.getPrototypeOf(out.metadata)).toBe(Object.prototype);
  });
  it.each(bodies)('%s: becomes a plain field, and nothing reaches Object.prototype', (type, body) => {
    const out = applyPatch(type, cm(), body, R.configmaps) as KubeObject & { data: Record<string, unknown> };
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
    expect(Object.keys(out.data).sort()).toEqual(['__proto__', 'a']);
    expect(JSON.stringify(out.data.__proto__)).toBe('{"polluted":"yes"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
