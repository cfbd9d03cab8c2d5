/** Defaults and validation of the kinds of issue 4, as tables. */
import { describe, expect, it } from 'vitest';
import { R, resourceVersionFor, type ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { defaultObject, validateObject } from './index.js';
import { cronScheduleError } from '../kinds/batch/cron-job.js';

const template = (restartPolicy?: string) => ({
  metadata: { labels: { app: 'x' } },
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'c', image: 'nginx:1' }] },
});
const obj = (r: ResourceInfo, fields: Record<string, unknown>, name = 'x'): KubeObject =>
  ({
    apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
    kind: r.kind,
    metadata: { name, ...(r.namespaced ? { namespace: 'default' } : {}) },
    ...fields,
  }) as KubeObject;
const hpaV1 = resourceVersionFor('autoscaling', 'v1', 'horizontalpodautoscalers')!;

/** Messages of the causes after defaulting, as `field: message`. */
function problems(r: ResourceInfo, o: KubeObject, old?: KubeObject): string[] {
  const d = defaultObject(r, o);
  const res = validateObject(r, d, { strict: true, old: old && defaultObject(r, old) });
  return [...res.causes.map((c) => `${c.field}: ${c.message}`), ...res.unknownFields.map((f) => `unknown ${f}`)];
}

describe('defaults of the new kinds (Kubernetes 1.32)', () => {
  it.each<[string, ResourceInfo, Record<string, unknown>, Record<string, unknown>]>([
    [
      'StatefulSet',
      R.statefulsets,
      { spec: { selector: { matchLabels: { app: 'x' } }, template: template() } },
      {
        spec: expect.objectContaining({
          replicas: 1,
          podManagementPolicy: 'OrderedReady',
          revisionHistoryLimit: 10,
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        }),
      },
    ],
    [
      'DaemonSet',
      R.daemonsets,
      { spec: { selector: { matchLabels: { app: 'x' } }, template: template() } },
      {
        spec: expect.objectContaining({
          revisionHistoryLimit: 10,
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        }),
      },
    ],
    [
      'Job',
      R.jobs,
      { spec: { template: template('Never') } },
      {
        spec: expect.objectContaining({
          completions: 1,
          parallelism: 1,
          backoffLimit: 6,
          completionMode: 'NonIndexed',
          suspend: false,
          manualSelector: false,
          podReplacementPolicy: 'TerminatingOrFailed',
        }),
      },
    ],
    [
      'Job with parallelism only',
      R.jobs,
      { spec: { parallelism: 3, template: template('Never') } },
      {
        spec: expect.not.objectContaining({ completions: expect.anything() }),
      },
    ],
    [
      'CronJob',
      R.cronjobs,
      { spec: { schedule: '@hourly', jobTemplate: { spec: { template: template('OnFailure') } } } },
      {
        spec: expect.objectContaining({
          concurrencyPolicy: 'Allow',
          suspend: false,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 1,
        }),
      },
    ],
    [
      'HPA v2',
      R.horizontalpodautoscalers,
      {
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'd' },
          maxReplicas: 3,
          behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
        },
      },
      {
        spec: expect.objectContaining({
          minReplicas: 1,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
          behavior: {
            scaleUp: {
              stabilizationWindowSeconds: 0,
              selectPolicy: 'Max',
              policies: [
                { type: 'Pods', value: 4, periodSeconds: 15 },
                { type: 'Percent', value: 100, periodSeconds: 15 },
              ],
            },
            scaleDown: {
              stabilizationWindowSeconds: 60,
              selectPolicy: 'Max',
              policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
            },
          },
        }),
      },
    ],
    [
      'HPA v1',
      hpaV1,
      { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3 } },
      {
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, minReplicas: 1 },
      },
    ],
    [
      'PersistentVolume',
      R.persistentvolumes,
      { spec: { capacity: { storage: '1024Mi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/d' } } },
      {
        spec: expect.objectContaining({
          persistentVolumeReclaimPolicy: 'Retain',
          volumeMode: 'Filesystem',
          capacity: { storage: '1Gi' },
          hostPath: { path: '/d', type: '' },
        }),
        status: { phase: 'Pending' },
      },
    ],
    [
      'PersistentVolumeClaim',
      R.persistentvolumeclaims,
      { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      {
        spec: expect.objectContaining({ volumeMode: 'Filesystem' }),
        status: { phase: 'Pending' },
      },
    ],
    ['StorageClass', R.storageclasses, { provisioner: 'x.io/p' }, { reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' }],
    ['PriorityClass', R.priorityclasses, { value: 10 }, { preemptionPolicy: 'PreemptLowerPriority' }],
    [
      'IngressClass with parameters',
      R.ingressclasses,
      { spec: { controller: 'a/b', parameters: { kind: 'K', name: 'n' } } },
      {
        spec: { controller: 'a/b', parameters: { kind: 'K', name: 'n', scope: 'Cluster' } },
      },
    ],
    [
      'LimitRange',
      R.limitranges,
      { spec: { limits: [{ type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } }] } },
      {
        spec: {
          limits: [
            {
              type: 'Container',
              max: { cpu: '2' },
              min: { memory: '64Mi' },
              default: { cpu: '2' },
              defaultRequest: { cpu: '2', memory: '64Mi' },
            },
          ],
        },
      },
    ],
    [
      'CustomResourceDefinition',
      R.customresourcedefinitions,
      { spec: { group: 'a.io', names: { plural: 'foos', kind: 'Foo' }, scope: 'Namespaced', versions: [] } },
      {
        spec: expect.objectContaining({
          names: { plural: 'foos', kind: 'Foo', singular: 'foo', listKind: 'FooList' },
          conversion: { strategy: 'None' },
        }),
      },
    ],
  ])('%s', (_name, r, input, expected) => {
    expect(defaultObject(r, obj(r, input))).toMatchObject(expected);
  });
});

describe('validation of the new kinds', () => {
  const sts = (spec: Record<string, unknown>) =>
    obj(R.statefulsets, { spec: { selector: { matchLabels: { app: 'x' } }, template: template(), ...spec } });
  const job = (spec: Record<string, unknown>) =>
    obj(R.jobs, { spec: { template: template('Never'), selector: { matchLabels: { app: 'x' } }, ...spec } });
  const hpa = (spec: Record<string, unknown>) =>
    obj(R.horizontalpodautoscalers, { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, ...spec } });

  it.each<[string, ResourceInfo, KubeObject, string[], KubeObject?]>([
    ['a valid statefulset', R.statefulsets, sts({}), []],
    [
      'a statefulset policy',
      R.statefulsets,
      sts({ podManagementPolicy: 'Random' }),
      ['spec.podManagementPolicy: Unsupported value: "Random": supported values: "OrderedReady", "Parallel"'],
    ],
    [
      'a statefulset whose serviceName changes',
      R.statefulsets,
      sts({ serviceName: 'b' }),
      [
        "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ],
      sts({ serviceName: 'a' }),
    ],
    [
      'a claim template without storage',
      R.statefulsets,
      sts({ volumeClaimTemplates: [{ metadata: { name: 'd' }, spec: { accessModes: ['ReadWriteOnce'] } }] }),
      ['spec.volumeClaimTemplates[0].spec.resources[storage]: Required value'],
    ],
    [
      'a daemonset restart policy',
      R.daemonsets,
      obj(R.daemonsets, { spec: { selector: { matchLabels: { app: 'x' } }, template: template('Never') } }),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'a job restart policy',
      R.jobs,
      job({ template: template('Always') }),
      ['spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'],
    ],
    [
      'a negative backoff limit',
      R.jobs,
      job({ backoffLimit: -1 }),
      ['spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'a job template change',
      R.jobs,
      job({ template: { ...template('Never'), spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'nginx:2' }] } } }),
      [expect.stringMatching(/^spec.template: Invalid value: .*: field is immutable$/) as unknown as string],
      job({}),
    ],
    [
      'a cron schedule',
      R.cronjobs,
      obj(R.cronjobs, { spec: { schedule: '* * *', jobTemplate: { spec: { template: template('Never') } } } }),
      ['spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: * * *'],
    ],
    [
      'a cronjob name over 52 characters',
      R.cronjobs,
      obj(R.cronjobs, { spec: { schedule: '@daily', jobTemplate: { spec: { template: template('Never') } } } }, 'a'.repeat(53)),
      [`metadata.name: Invalid value: "${'a'.repeat(53)}": must be no more than 52 characters`],
    ],
    [
      'hpa bounds',
      R.horizontalpodautoscalers,
      hpa({ minReplicas: 5, maxReplicas: 2 }),
      ['spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`'],
    ],
    [
      'an hpa metric without its source',
      R.horizontalpodautoscalers,
      hpa({ metrics: [{ type: 'Pods' }] }),
      ['spec.metrics[0].pods: Required value: must populate information for the given metric source'],
    ],
    [
      'an hpa v1 target',
      hpaV1,
      obj(hpaV1, { spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3, targetCPUUtilizationPercentage: 0 } }),
      ['spec.targetCPUUtilizationPercentage: Invalid value: 0: must be greater than 0'],
    ],
    [
      'a pdb with both bounds',
      R.poddisruptionbudgets,
      obj(R.poddisruptionbudgets, { spec: { minAvailable: 1, maxUnavailable: '10%' } }),
      ['spec: Invalid value: {"minAvailable":1,"maxUnavailable":"10%"}: minAvailable and maxUnavailable cannot be both set'],
    ],
    [
      'an ingress without backend or rules',
      R.ingresses,
      obj(R.ingresses, { spec: {} }),
      ['spec: Invalid value: {}: either `defaultBackend` or `rules` must be specified'],
    ],
    [
      'an ingress path type',
      R.ingresses,
      obj(R.ingresses, {
        spec: { rules: [{ http: { paths: [{ path: '/', backend: { service: { name: 's', port: { number: 80 } } } }] } }] },
      }),
      ['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified'],
    ],
    [
      'a PV without a source',
      R.persistentvolumes,
      obj(R.persistentvolumes, { spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] } }),
      ['spec: Required value: must specify a volume type'],
    ],
    [
      'a claim without access modes',
      R.persistentvolumeclaims,
      obj(R.persistentvolumeclaims, { spec: { resources: { requests: { storage: '1Gi' } } } }),
      ['spec.accessModes: Required value: at least 1 access mode is required'],
    ],
    [
      'a quota scope',
      R.resourcequotas,
      obj(R.resourcequotas, { spec: { scopes: ['Sometimes'] } }),
      [
        'spec.scopes[0]: Unsupported value: "Sometimes": supported values: "BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating", "PriorityClass", "Terminating"',
      ],
    ],
    [
      'a storage class parameter change',
      R.storageclasses,
      obj(R.storageclasses, { provisioner: 'a/b', parameters: { x: '2' } }),
      ['parameters: Forbidden: updates to parameters are forbidden.'],
      obj(R.storageclasses, { provisioner: 'a/b', parameters: { x: '1' } }),
    ],
    [
      'a user priority over a billion',
      R.priorityclasses,
      obj(R.priorityclasses, { value: 2000000000 }),
      ['value: Forbidden: maximum allowed value of a user defined priority is 1000000000'],
    ],
    [
      'a TLS secret without its key',
      R.secrets,
      obj(R.secrets, { type: 'kubernetes.io/tls', data: { 'tls.crt': 'YQ==' } }),
      ['data[tls.key]: Required value'],
    ],
    [
      'a CRD name',
      R.customresourcedefinitions,
      obj(
        R.customresourcedefinitions,
        {
          spec: {
            group: 'a.io',
            names: { plural: 'foos', kind: 'Foo' },
            scope: 'Namespaced',
            versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
          },
        },
        'bars.a.io',
      ),
      ['metadata.name: Invalid value: "bars.a.io": must be spec.names.plural+"."+spec.group'],
    ],
    [
      'a CRD without a storage version',
      R.customresourcedefinitions,
      obj(
        R.customresourcedefinitions,
        {
          spec: {
            group: 'a.io',
            names: { plural: 'foos', kind: 'Foo' },
            scope: 'Namespaced',
            versions: [{ name: 'v1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object' } } }],
          },
        },
        'foos.a.io',
      ),
      ['spec.versions: Invalid value: ["v1"]: must have exactly one version marked as storage version'],
    ],
    ['a statefulset unknown field', R.statefulsets, sts({ replica: 3 }), ['unknown spec.replica']],
  ])('rejects %s', (_name, r, o, expected, old) => {
    expect(problems(r, o, old)).toEqual(expected);
  });

  it.each([
    ['*/5 * * * *', undefined],
    ['@hourly', undefined],
    ['0 0 * * MON-FRI', undefined],
    ['TZ=UTC 0 * * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'],
  ])('cron schedule %s', (schedule, error) => expect(cronScheduleError(schedule)).toBe(error));
});

describe('custom resources against their schema', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        required: ['size'],
        properties: {
          size: { type: 'integer', minimum: 1, default: 1 },
          mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
          tags: { type: 'array', items: { type: 'string' } },
          port: { 'x-kubernetes-int-or-string': true },
          extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  };
  const r: ResourceInfo = {
    ...R.configmaps,
    group: 'a.io',
    version: 'v1',
    resource: 'foos',
    kind: 'Foo',
    custom: { schema, printerColumns: [], storageVersion: 'v1' },
  };
  const foo = (spec: unknown) =>
    ({ apiVersion: 'a.io/v1', kind: 'Foo', metadata: { name: 'f', namespace: 'default' }, spec }) as KubeObject;

  it('fills in defaults', () => {
    expect(defaultObject(r, foo({ size: 2 })).spec).toEqual({ size: 2, mode: 'a' });
  });

  it.each<[string, unknown, string[]]>([
    ['valid', { size: 2, tags: ['x'], port: 'http', extra: { any: { thing: 1 } } }, []],
    ['a type', { size: 'big' }, ['spec.size: Invalid value: "big": spec.size in body must be of type integer: "string"']],
    ['a minimum', { size: 0 }, ['spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1']],
    ['an enum', { size: 1, mode: 'c' }, ['spec.mode: Unsupported value: "c": supported values: "a", "b"']],
    ['item types', { size: 1, tags: [1] }, ['spec.tags[0]: Invalid value: 1: spec.tags[0] in body must be of type string: "integer"']],
    [
      'int-or-string',
      { size: 1, port: true },
      ['spec.port: Invalid value: true: spec.port in body must be of type integer,string: "boolean"'],
    ],
    ['an unknown field', { size: 1, colour: 'red' }, ['unknown spec.colour']],
  ])('%s', (_name, spec, expected) => {
    const res = validateObject(r, foo(spec), { strict: true });
    expect([...res.causes.map((c) => `${c.field}: ${c.message}`), ...res.unknownFields.map((f) => `unknown ${f}`)]).toEqual(expected);
  });

  it('requires required fields (absent ones are not defaulted from a missing parent)', () => {
    const res = validateObject(r, defaultObject(r, foo({ mode: 'b' })), { strict: true });
    expect(res.causes).toEqual([]);
    const res2 = validateObject(r, foo({ mode: 'b' }), { strict: true });
    expect(res2.causes.map((c) => `${c.field}: ${c.message}`)).toEqual(['spec.size: Required value']);
  });
});
