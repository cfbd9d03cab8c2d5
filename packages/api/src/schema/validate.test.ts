import { describe, expect, it } from 'vitest';
import { R, resourceFor, type ResourceInfo } from '../resources.js';

const bindings = resourceFor('', 'bindings')!;
import type { KubeObject } from '../types.js';
import { defaultObject, validateObject } from './index.js';

const template = (labels: Record<string, string> = { app: 'web' }, containers: unknown[] = [{ name: 'web', image: 'nginx' }]) => ({
  metadata: { labels },
  spec: { containers },
});

const deployment = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', ...meta },
  spec: { selector: { matchLabels: { app: 'web' } }, template: template(), ...spec },
});
const pod = (spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', ...meta },
  spec,
});
const service = (spec: Record<string, unknown>, name = 'web'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec,
});

/** Validates the defaulted object, as the apiserver does. */
function check(r: ResourceInfo, obj: KubeObject, old?: KubeObject) {
  return validateObject(r, defaultObject(r, obj), { strict: true, old: old && defaultObject(r, old) });
}
const fields = (r: ResourceInfo, obj: KubeObject, old?: KubeObject) => check(r, obj, old).causes.map((c) => `${c.field}: ${c.reason}`);

describe('validateObject: valid objects', () => {
  it.each<[string, ResourceInfo, KubeObject]>([
    ['deployment', R.deployments, deployment()],
    ['deployment with generateName', R.deployments, deployment({}, { name: undefined, generateName: 'web-' })],
    [
      'pod',
      R.pods,
      pod({
        containers: [
          { name: 'c', image: 'nginx', ports: [{ containerPort: 80, name: 'http' }], livenessProbe: { httpGet: { port: 'http' } } },
        ],
      }),
    ],
    ['service', R.services, service({ selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }], type: 'NodePort' })],
    ['headless service without ports', R.services, service({ clusterIP: 'None', selector: { app: 'web' } })],
    ['namespace', R.namespaces, { metadata: { name: 'dev' } }],
    [
      'node',
      R.nodes,
      {
        metadata: { name: 'node-1' },
        spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] },
        status: { capacity: { cpu: '4' }, daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } },
      },
    ],
    ['configmap', R.configmaps, { metadata: { name: 'c', namespace: 'default' }, data: { 'app.properties': 'x=1' } }],
    ['secret', R.secrets, { metadata: { name: 's', namespace: 'default' }, data: { password: 'czNjcjN0' } }],
    [
      'lease',
      R.leases,
      {
        metadata: { name: 'node-1', namespace: 'kube-node-lease' },
        spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z' },
      },
    ],
    [
      'endpointslice',
      R.endpointslices,
      {
        metadata: { name: 'web-abc', namespace: 'default' },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['127.244.1.2'], conditions: { ready: true } }],
        ports: [{ port: 80 }],
      },
    ],
    [
      'event',
      R.events,
      {
        metadata: { name: 'p.1', namespace: 'default' },
        involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
        reason: 'Scheduled',
        type: 'Normal',
        firstTimestamp: null,
      },
    ],
    [
      'replication controller',
      R.replicationcontrollers,
      { metadata: { name: 'rc', namespace: 'default' }, spec: { replicas: 2, template: template({ name: 'x' }) } },
    ],
    ['binding', bindings, { metadata: { name: 'p', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } }],
    [
      'the manifest kubectl sends with creationTimestamp null',
      R.deployments,
      { ...deployment(), metadata: { name: 'web', namespace: 'default', creationTimestamp: null } as any, status: {} },
    ],
  ])('accepts a %s', (_n, r, obj) => {
    expect(check(r, obj)).toEqual({ causes: [], unknownFields: [] });
  });
});

describe('validateObject: unknown fields', () => {
  it('reports the JSON path of every unknown field', () => {
    const obj = deployment({ foo: 1, template: template({ app: 'web' }, [{ name: 'web', image: 'nginx', imagee: 'typo' }]) });
    (obj.metadata as any).bogus = true;
    expect(check(R.deployments, obj).unknownFields.sort()).toEqual([
      'metadata.bogus',
      'spec.foo',
      'spec.template.spec.containers[0].imagee',
    ]);
  });
  it('reports top-level unknown fields by name', () => {
    expect(check(R.configmaps, { metadata: { name: 'c', namespace: 'default' }, datta: {} } as KubeObject).unknownFields).toEqual([
      'datta',
    ]);
  });
});

describe('validateObject: invalid objects', () => {
  it.each<[string, ResourceInfo, KubeObject, string[]]>([
    ['a missing name', R.deployments, deployment({}, { name: undefined }), ['metadata.name: FieldValueRequired']],
    ['an upper-case name', R.deployments, deployment({}, { name: 'Web' }), ['metadata.name: FieldValueInvalid']],
    [
      'an invalid generateName',
      R.pods,
      pod({ containers: [{ name: 'c', image: 'i' }] }, { name: undefined, generateName: 'Web-' }),
      ['metadata.generateName: FieldValueInvalid'],
    ],
    [
      'a missing namespace',
      R.pods,
      pod({ containers: [{ name: 'c', image: 'i' }] }, { namespace: undefined }),
      ['metadata.namespace: FieldValueRequired'],
    ],
    [
      'a namespace on a cluster-scoped object',
      R.nodes,
      { metadata: { name: 'n', namespace: 'default' } },
      ['metadata.namespace: FieldValueForbidden'],
    ],
    [
      'a bad label value',
      R.pods,
      pod({ containers: [{ name: 'c', image: 'i' }] }, { labels: { app: 'a b' } }),
      ['metadata.labels: FieldValueInvalid'],
    ],
    [
      'a container without image',
      R.deployments,
      deployment({ template: template({ app: 'web' }, [{ name: 'web' }]) }),
      ['spec.template.spec.containers[0].image: FieldValueRequired'],
    ],
    ['no containers', R.pods, pod({ containers: [] }), ['spec.containers: FieldValueRequired']],
    [
      'duplicate container names',
      R.pods,
      pod({
        containers: [
          { name: 'c', image: 'i' },
          { name: 'c', image: 'j' },
        ],
      }),
      ['spec.containers[1].name: FieldValueDuplicate'],
    ],
    [
      'a port out of range',
      R.pods,
      pod({ containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 70000 }] }] }),
      ['spec.containers[0].ports[0].containerPort: FieldValueInvalid'],
    ],
    [
      'an unsupported restart policy',
      R.pods,
      pod({ containers: [{ name: 'c', image: 'i' }], restartPolicy: 'Sometimes' }),
      ['spec.restartPolicy: FieldValueNotSupported'],
    ],
    [
      'a mount of an unknown volume',
      R.pods,
      pod({ containers: [{ name: 'c', image: 'i', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] }),
      ['spec.containers[0].volumeMounts[0].name: FieldValueNotFound'],
    ],
    [
      'requests above limits',
      R.pods,
      pod({ containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } }] }),
      ['spec.containers[0].resources.requests[cpu]: FieldValueInvalid'],
    ],
    [
      'a wrong type',
      R.pods,
      pod({ containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 'eighty' }] }] }),
      ['spec.containers[0].ports[0].containerPort: FieldValueTypeInvalid'],
    ],
    [
      'a selector that does not match the template',
      R.deployments,
      deployment({ template: template({ app: 'other' }) }),
      ['spec.template.metadata.labels: FieldValueInvalid'],
    ],
    ['an empty selector', R.deployments, deployment({ selector: {} }), ['spec.selector: FieldValueInvalid']],
    [
      'a missing selector',
      R.replicasets,
      { metadata: { name: 'r', namespace: 'default' }, spec: { template: template() } },
      ['spec.selector: FieldValueRequired'],
    ],
    [
      'a template restart policy other than Always',
      R.deployments,
      deployment({ template: { ...template(), spec: { containers: [{ name: 'web', image: 'nginx' }], restartPolicy: 'Never' } } }),
      ['spec.template.spec.restartPolicy: FieldValueNotSupported'],
    ],
    ['negative replicas', R.deployments, deployment({ replicas: -1 }), ['spec.replicas: FieldValueInvalid']],
    ['an unsupported strategy', R.deployments, deployment({ strategy: { type: 'Blue' } }), ['spec.strategy.type: FieldValueNotSupported']],
    ['an unsupported service type', R.services, service({ type: 'Magic', ports: [{ port: 80 }] }), ['spec.type: FieldValueNotSupported']],
    [
      'a malformed clusterIP',
      R.services,
      service({ ports: [{ port: 80 }], clusterIP: '10.0.0.300' }),
      ['spec.clusterIPs[0]: FieldValueInvalid'],
    ],
    [
      'a service port 0',
      R.services,
      service({ ports: [{ port: 0 }] }),
      ['spec.ports[0].port: FieldValueInvalid', 'spec.ports[0].targetPort: FieldValueInvalid'],
    ],
    ['a service without ports', R.services, service({ selector: { app: 'x' } }), ['spec.ports: FieldValueRequired']],
    [
      'unnamed ports of a multi-port service',
      R.services,
      service({ ports: [{ port: 80 }, { port: 81, name: 'b' }] }),
      ['spec.ports[0].name: FieldValueRequired'],
    ],
    ['a service name starting with a digit', R.services, service({ ports: [{ port: 80 }] }, '1web'), ['metadata.name: FieldValueInvalid']],
    ['a dotted namespace name', R.namespaces, { metadata: { name: 'a.b' } }, ['metadata.name: FieldValueInvalid']],
    [
      'a taint without effect',
      R.nodes,
      { metadata: { name: 'n' }, spec: { taints: [{ key: 'k' }] } },
      ['spec.taints[0].effect: FieldValueRequired'],
    ],
    [
      'a bad config key',
      R.configmaps,
      { metadata: { name: 'c', namespace: 'default' }, data: { 'a b': '1' } },
      ['data: FieldValueInvalid'],
    ],
    [
      'secret data that is not base64',
      R.secrets,
      { metadata: { name: 's', namespace: 'default' }, data: { p: 'not base64!' } },
      ['data[p]: FieldValueInvalid'],
    ],
    [
      'a lease with zero duration',
      R.leases,
      { metadata: { name: 'l', namespace: 'default' }, spec: { leaseDurationSeconds: 0 } },
      ['spec.leaseDurationSeconds: FieldValueInvalid'],
    ],
    [
      'an endpoint slice with a bad address type',
      R.endpointslices,
      { metadata: { name: 'e', namespace: 'default' }, addressType: 'IPX', endpoints: [] },
      ['addressType: FieldValueNotSupported'],
    ],
    [
      'a binding without target',
      bindings,
      { metadata: { name: 'p', namespace: 'default' }, target: {} },
      ['target.name: FieldValueRequired'],
    ],
  ])('rejects %s', (_n, r, obj, expected) => {
    expect(fields(r, obj)).toEqual(expected);
  });

  it('renders causes like Kubernetes', () => {
    const { causes } = check(R.deployments, deployment({ template: template({ app: 'web' }, [{ name: 'web' }]) }));
    expect(causes).toEqual([
      {
        type: 'FieldValueRequired',
        reason: 'FieldValueRequired',
        field: 'spec.template.spec.containers[0].image',
        message: 'Required value',
      },
    ]);
    const svc = check(R.services, service({ type: 'Magic', ports: [{ port: 80 }] })).causes[0];
    expect(svc.message).toBe('Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"');
  });
});

describe('validateObject: updates', () => {
  it('forbids changing a deployment selector', () => {
    const old = deployment();
    const next = deployment({ selector: { matchLabels: { app: 'web', tier: 'x' } }, template: template({ app: 'web', tier: 'x' }) });
    expect(fields(R.deployments, next, old)).toEqual(['spec.selector: FieldValueInvalid']);
  });
  it('forbids changing the name', () => {
    expect(fields(R.deployments, deployment({}, { name: 'other' }), deployment())).toEqual(['metadata.name: FieldValueInvalid']);
  });
  it('allows changing a pod image but not other spec fields', () => {
    const old = pod({ containers: [{ name: 'c', image: 'nginx:1' }] });
    expect(fields(R.pods, pod({ containers: [{ name: 'c', image: 'nginx:2' }] }), old)).toEqual([]);
    expect(fields(R.pods, pod({ containers: [{ name: 'c', image: 'nginx:1' }], nodeName: 'node-1' }), old)).toEqual([
      'spec: FieldValueForbidden',
    ]);
  });
  it('forbids changing a service clusterIP', () => {
    const old = service({ ports: [{ port: 80 }], clusterIP: '127.96.0.10' });
    expect(fields(R.services, service({ ports: [{ port: 80 }], clusterIP: '127.96.0.11' }), old)).toEqual([
      'spec.clusterIPs[0]: FieldValueInvalid',
    ]);
  });
  it('forbids changing the data of an immutable config map', () => {
    const old: KubeObject = { metadata: { name: 'c', namespace: 'default' }, immutable: true, data: { a: '1' } };
    expect(fields(R.configmaps, { ...old, data: { a: '2' } }, old)).toEqual(['data: FieldValueForbidden']);
  });
});
