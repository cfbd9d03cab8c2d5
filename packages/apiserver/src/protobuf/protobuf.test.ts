import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isInvalid, ApiError } from '@kemu/api';
import { decodeProtobufBody, PROTOBUF_MAGIC } from './index.js';
import { lookupMessage } from './registry.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.pb`, import.meta.url));

/** Wraps an object message into the `k8s\0` + runtime.Unknown envelope, as client-go does. */
function envelope(apiVersion: string, kind: string, message: string, value: Record<string, unknown>): Buffer {
  const t = lookupMessage(message)!;
  const raw = t.encode(t.fromObject(value)).finish();
  const u = lookupMessage('apimachinery.pkg.runtime.Unknown')!;
  const body = u.encode(u.fromObject({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })).finish();
  return Buffer.concat([PROTOBUF_MAGIC, body]);
}

function status(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('decodeProtobufBody with bodies recorded from kubectl 1.32', () => {
  it.each([
    [
      'deployment',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'kubernetes-bootcamp', labels: { app: 'kubernetes-bootcamp' } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'kubernetes-bootcamp' } },
          template: {
            metadata: { labels: { app: 'kubernetes-bootcamp' } },
            spec: { containers: [{ name: 'kubernetes-bootcamp', image: 'gcr.io/google-samples/kubernetes-bootcamp:v1', resources: {} }] },
          },
          strategy: {},
        },
        status: {},
      },
    ],
    ['namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' }, spec: {}, status: {} }],
    ['configmap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { level: '3', mode: 'prod' } }],
    [
      'secret',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-pass' }, data: { password: Buffer.from('s3cr3t').toString('base64') } },
    ],
    [
      'service-nodeport',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', labels: { app: 'web' } },
        // nodePort 0 (omitempty) is dropped: the server allocates one.
        spec: { ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }], selector: { app: 'web' }, type: 'NodePort' },
        status: { loadBalancer: {} },
      },
    ],
    [
      'job',
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'once' },
        spec: {
          template: { metadata: {}, spec: { containers: [{ name: 'once', image: 'busybox', resources: {} }], restartPolicy: 'Never' } },
        },
        status: {},
      },
    ],
    ['serviceaccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } }],
  ])('decodes kubectl create %s', (name, expected) => {
    expect(decodeProtobufBody(fixture(name))).toEqual(expected);
  });
});

describe('decodeProtobufBody conversions', () => {
  it('keeps zero values of pointer fields and drops zero values of omitempty fields', () => {
    const body = envelope('apps/v1', 'Deployment', 'api.apps.v1.Deployment', {
      metadata: { name: 'd', generateName: '' },
      spec: {
        replicas: 0,
        minReadySeconds: 0,
        revisionHistoryLimit: 0,
        paused: false,
        template: { spec: { terminationGracePeriodSeconds: 0, containers: [] } },
      },
    });
    const obj = decodeProtobufBody(body) as any;
    expect(obj.metadata).toEqual({ name: 'd' });
    expect(obj.spec.replicas).toBe(0);
    expect(obj.spec.revisionHistoryLimit).toBe(0);
    expect(obj.spec).not.toHaveProperty('minReadySeconds');
    expect(obj.spec).not.toHaveProperty('paused');
    expect(obj.spec.template.spec.terminationGracePeriodSeconds).toBe(0);
  });

  it('keeps zero values of fields without omitempty', () => {
    const body = envelope('v1', 'Pod', 'api.core.v1.Pod', {
      metadata: { name: 'p' },
      status: { containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: 'i', imageID: '' }] },
    });
    const obj = decodeProtobufBody(body) as any;
    expect(obj.status.containerStatuses[0]).toEqual({ name: 'c', ready: false, restartCount: 0, image: 'i', imageID: '' });
  });

  it('converts Time, MicroTime, IntOrString, Quantity and renamed fields', () => {
    const t = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;
    const pod = decodeProtobufBody(
      envelope('v1', 'Pod', 'api.core.v1.Pod', {
        metadata: { name: 'p', creationTimestamp: { seconds: t }, deletionTimestamp: {} },
        spec: {
          containers: [
            {
              name: 'c',
              resources: { limits: { cpu: { string: '500m' } } },
              livenessProbe: { handler: { httpGet: { port: { type: 1, strVal: 'http' } } }, periodSeconds: 5 },
            },
          ],
        },
      }),
    ) as any;
    expect(pod.metadata).toEqual({ name: 'p', creationTimestamp: '2024-01-02T03:04:05Z' });
    expect(pod.spec.containers[0].resources.limits.cpu).toBe('500m');
    expect(pod.spec.containers[0].livenessProbe).toEqual({ httpGet: { port: 'http' }, periodSeconds: 5 });
    const lease = decodeProtobufBody(
      envelope('coordination.k8s.io/v1', 'Lease', 'api.coordination.v1.Lease', {
        metadata: { name: 'l' },
        spec: { renewTime: { seconds: t, nanos: 123456789 } },
      }),
    ) as any;
    expect(lease.spec.renewTime).toBe('2024-01-02T03:04:05.123456Z');
    const node = decodeProtobufBody(
      envelope('v1', 'Node', 'api.core.v1.Node', {
        metadata: { name: 'n' },
        status: { daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } },
      }),
    ) as any;
    expect(node.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    const svc = decodeProtobufBody(
      envelope('v1', 'Service', 'api.core.v1.Service', {
        metadata: { name: 's' },
        spec: { ports: [{ port: 80, targetPort: { type: 0, intVal: 8080 } }] },
      }),
    ) as any;
    expect(svc.spec.ports[0]).toEqual({ port: 80, targetPort: 8080 });
  });

  it('keeps empty strings Go emits without omitempty (Ingress backend name, quota scope requirement)', () => {
    const ing = decodeProtobufBody(
      envelope('networking.k8s.io/v1', 'Ingress', 'api.networking.v1.Ingress', {
        metadata: { name: 'i' },
        spec: { defaultBackend: { service: { name: '', port: { number: 80 } } } },
      }),
    ) as any;
    expect(ing.spec.defaultBackend.service).toEqual({ name: '', port: { number: 80 } });
    const quota = decodeProtobufBody(
      envelope('v1', 'ResourceQuota', 'api.core.v1.ResourceQuota', {
        metadata: { name: 'q' },
        spec: { scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: '' }] } },
      }),
    ) as any;
    expect(quota.spec.scopeSelector.matchExpressions[0]).toEqual({ scopeName: 'PriorityClass', operator: '' });
  });

  it("decodes a ControllerRevision's raw data and a PersistentVolume's inlined source", () => {
    const rev = decodeProtobufBody(
      envelope('apps/v1', 'ControllerRevision', 'api.apps.v1.ControllerRevision', {
        metadata: { name: 'r' },
        data: { raw: Buffer.from('{"spec":{"template":{}}}') },
        revision: 0,
      }),
    ) as any;
    expect(rev).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'r' },
      data: { spec: { template: {} } },
      revision: 0,
    });
    const pv = decodeProtobufBody(
      envelope('v1', 'PersistentVolume', 'api.core.v1.PersistentVolume', {
        metadata: { name: 'pv' },
        spec: {
          capacity: { storage: { string: '1Gi' } },
          persistentVolumeSource: { hostPath: { path: '/data' } },
          accessModes: ['ReadWriteOnce'],
        },
      }),
    ) as any;
    expect(pv.spec).toEqual({ capacity: { storage: '1Gi' }, hostPath: { path: '/data' }, accessModes: ['ReadWriteOnce'] });
  });

  it('decodes a PodTemplate and keeps its template', () => {
    const obj = decodeProtobufBody(
      envelope('v1', 'PodTemplate', 'api.core.v1.PodTemplate', {
        metadata: { name: 't' },
        template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      }),
    );
    expect(obj).toEqual({
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 't' },
      template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    });
  });
});

describe('decodeProtobufBody errors', () => {
  it('rejects a body without the magic prefix with 400', () => {
    expect(status(() => decodeProtobufBody(Buffer.from('{"kind":"Pod"}'))).code).toBe(400);
  });
  it('rejects a truncated envelope with 400', () => {
    const body = fixture('deployment');
    expect(status(() => decodeProtobufBody(body.subarray(0, 40))).code).toBe(400);
  });
  it('rejects kinds it has no message for with 400', () => {
    const u = lookupMessage('apimachinery.pkg.runtime.Unknown')!;
    const body = Buffer.concat([
      PROTOBUF_MAGIC,
      u.encode(u.fromObject({ typeMeta: { apiVersion: 'example.com/v1', kind: 'Widget' }, raw: new Uint8Array() })).finish(),
    ]);
    const s = status(() => decodeProtobufBody(body));
    expect(s.code).toBe(400);
    expect(s.message).toContain('Widget');
    expect(isInvalid(new Error())).toBe(false);
  });
  it('rejects raw JSON in a message (managedFields) that is malformed or nested too deeply with 400', () => {
    for (const raw of ['{"f:data":', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`]) {
      const body = envelope('v1', 'ConfigMap', 'api.core.v1.ConfigMap', {
        metadata: {
          name: 'x',
          managedFields: [
            { manager: 'm', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { Raw: Buffer.from(raw).toString('base64') } },
          ],
        },
      });
      expect(status(() => decodeProtobufBody(body)).code).toBe(400);
    }
  });
});
