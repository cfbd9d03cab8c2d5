/** Cells of the issue-4 kinds' printers, as kubectl 1.32 prints them. */
import { describe, expect, it } from 'vitest';
import { R, resourceVersionFor, type KubeObject, type ResourceInfo } from '@kemu/api';
import { toTable } from './index.js';
import { evaluateJsonPath, parseJsonPath } from './json-path.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const meta = (extra: Record<string, unknown> = {}) => ({ name: 'x', namespace: 'default', creationTimestamp: ago(300), ...extra });

function printed(r: ResourceInfo, o: Record<string, unknown>, wide = false): Record<string, unknown> {
  const t = toTable(r, [{ metadata: meta(), ...o } as KubeObject], NOW, { includeObject: 'None' });
  const out: Record<string, unknown> = {};
  t.columnDefinitions.forEach((c, i) => {
    if (wide || c.priority === 0) out[c.name.toUpperCase()] = t.rows[0].cells[i];
  });
  return out;
}

describe('printers of the new kinds', () => {
  it('prints a statefulset', () => {
    expect(
      printed(
        R.statefulsets,
        { spec: { replicas: 3, template: { spec: { containers: [{ name: 'n', image: 'nginx' }] } } }, status: { readyReplicas: 2 } },
        true,
      ),
    ).toEqual({ NAME: 'x', READY: '2/3', AGE: '5m', CONTAINERS: 'n', IMAGES: 'nginx' });
  });

  it('prints a daemonset', () => {
    expect(
      printed(R.daemonsets, {
        spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: { nodeSelector: { disk: 'ssd' }, containers: [] } } },
        status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 },
      }),
    ).toEqual({ NAME: 'x', DESIRED: 3, CURRENT: 3, READY: 2, 'UP-TO-DATE': 3, AVAILABLE: 2, 'NODE SELECTOR': 'disk=ssd', AGE: '5m' });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'running',
      { spec: { completions: 3 }, status: { succeeded: 1, startTime: ago(90) } },
      { STATUS: 'Running', COMPLETIONS: '1/3', DURATION: '90s' },
    ],
    [
      'complete',
      {
        spec: { completions: 1 },
        status: { succeeded: 1, startTime: ago(200), completionTime: ago(150), conditions: [{ type: 'Complete', status: 'True' }] },
      },
      { STATUS: 'Complete', COMPLETIONS: '1/1', DURATION: '50s' },
    ],
    [
      'parallel without completions',
      { spec: { parallelism: 4 }, status: {} },
      { STATUS: 'Running', COMPLETIONS: '0/1 of 4', DURATION: '' },
    ],
    ['failed', { spec: { completions: 1 }, status: { conditions: [{ type: 'Failed', status: 'True' }] } }, { STATUS: 'Failed' }],
    ['suspended', { spec: { completions: 1 }, status: { conditions: [{ type: 'Suspended', status: 'True' }] } }, { STATUS: 'Suspended' }],
  ])('prints a %s job', (_n, job, cells) => {
    expect(printed(R.jobs, job)).toMatchObject(cells);
  });

  it('prints a cronjob', () => {
    expect(
      printed(R.cronjobs, {
        spec: { schedule: '@hourly', timeZone: 'Etc/UTC', suspend: true },
        status: { active: [{ name: 'a' }], lastScheduleTime: ago(30) },
      }),
    ).toEqual({ NAME: 'x', SCHEDULE: '@hourly', TIMEZONE: 'Etc/UTC', SUSPEND: 'True', ACTIVE: 1, 'LAST SCHEDULE': '30s', AGE: '5m' });
  });

  it('prints an HPA in either version', () => {
    const v2 = printed(R.horizontalpodautoscalers, {
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 5 },
      status: { currentReplicas: 2 },
    });
    expect(v2).toEqual({ NAME: 'x', REFERENCE: 'Deployment/d', TARGETS: '<none>', MINPODS: '<unset>', MAXPODS: 5, REPLICAS: 2, AGE: '5m' });
    const v1 = resourceVersionFor('autoscaling', 'v1', 'horizontalpodautoscalers')!;
    expect(
      printed(v1, {
        apiVersion: 'autoscaling/v1',
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 50 },
        status: { currentReplicas: 1, currentCPUUtilizationPercentage: 20 },
      }),
    ).toMatchObject({ TARGETS: 'cpu: 20%/50%', MINPODS: '1' });
  });

  it('prints a pdb', () => {
    expect(printed(R.poddisruptionbudgets, { spec: { maxUnavailable: '25%' }, status: { disruptionsAllowed: 1 } })).toEqual({
      NAME: 'x',
      'MIN AVAILABLE': 'N/A',
      'MAX UNAVAILABLE': '25%',
      'ALLOWED DISRUPTIONS': 1,
      AGE: '5m',
    });
  });

  it('prints the controller of a controller revision', () => {
    expect(
      printed(R.controllerrevisions, {
        metadata: meta({ ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] }),
        revision: 3,
      }),
    ).toEqual({ NAME: 'x', CONTROLLER: 'statefulset.apps/web', REVISION: 3, AGE: '5m' });
  });

  it('prints ingresses and ingress classes', () => {
    expect(
      printed(R.ingresses, {
        spec: { rules: [{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }], tls: [{ hosts: ['a'] }] },
        status: { loadBalancer: { ingress: [{ ip: '127.10.0.1' }, { ip: '127.10.0.2' }] } },
      }),
    ).toEqual({ NAME: 'x', CLASS: '<none>', HOSTS: 'a,b,c + 1 more...', ADDRESS: '127.10.0.1,127.10.0.2', PORTS: '80, 443', AGE: '5m' });
    expect(printed(R.ingresses, { spec: { defaultBackend: { service: { name: 's', port: { number: 80 } } } } })).toMatchObject({
      HOSTS: '*',
      ADDRESS: '',
      PORTS: '80',
    });
    expect(
      printed(R.ingressclasses, {
        spec: { controller: 'c', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'p' } },
      }),
    ).toMatchObject({ CONTROLLER: 'c', PARAMETERS: 'IngressParameters.k8s.example.com/p' });
  });

  it('prints volumes and claims, bound and not', () => {
    expect(
      printed(R.persistentvolumes, {
        spec: {
          capacity: { storage: '10Gi' },
          accessModes: ['ReadWriteMany', 'ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Delete',
          claimRef: { namespace: 'default', name: 'data' },
          storageClassName: 'fast',
        },
        status: { phase: 'Bound' },
      }),
    ).toEqual({
      NAME: 'x',
      CAPACITY: '10Gi',
      'ACCESS MODES': 'RWO,RWX',
      'RECLAIM POLICY': 'Delete',
      STATUS: 'Bound',
      CLAIM: 'default/data',
      STORAGECLASS: 'fast',
      VOLUMEATTRIBUTESCLASS: '<unset>',
      REASON: '',
      AGE: '5m',
    });
    expect(
      printed(R.persistentvolumeclaims, {
        spec: { volumeName: 'pv1', storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } },
        status: { phase: 'Bound', capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'] },
      }),
    ).toEqual({
      NAME: 'x',
      STATUS: 'Bound',
      VOLUME: 'pv1',
      CAPACITY: '10Gi',
      'ACCESS MODES': 'RWO',
      STORAGECLASS: 'fast',
      VOLUMEATTRIBUTESCLASS: '<unset>',
      AGE: '5m',
    });
  });

  it('prints quota usage split into requests and limits', () => {
    expect(
      printed(R.resourcequotas, {
        spec: { hard: { pods: '10', 'limits.cpu': '4', 'requests.memory': '1Gi' } },
        status: { hard: { pods: '10', 'limits.cpu': '4', 'requests.memory': '1Gi' }, used: { pods: '3', 'limits.cpu': '500m' } },
      }),
    ).toEqual({ NAME: 'x', AGE: '5m', REQUEST: 'pods: 3/10, requests.memory: 0/1Gi', LIMIT: 'limits.cpu: 500m/4' });
  });

  it('prints storage and priority classes', () => {
    expect(
      printed(R.storageclasses, {
        provisioner: 'p',
        allowVolumeExpansion: true,
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
    ).toEqual({
      NAME: 'x',
      PROVISIONER: 'p',
      RECLAIMPOLICY: 'Retain',
      VOLUMEBINDINGMODE: 'WaitForFirstConsumer',
      ALLOWVOLUMEEXPANSION: true,
      AGE: '5m',
    });
    expect(printed(R.priorityclasses, { value: 100, globalDefault: true, preemptionPolicy: 'Never' })).toEqual({
      NAME: 'x',
      VALUE: 100,
      'GLOBAL-DEFAULT': true,
      AGE: '5m',
      PREEMPTIONPOLICY: 'Never',
    });
  });

  it('prints limit ranges and CRDs with their creation time', () => {
    expect(printed(R.limitranges, {})).toEqual({ NAME: 'x', 'CREATED AT': ago(300) });
    expect(printed(R.customresourcedefinitions, {})).toEqual({ NAME: 'x', 'CREATED AT': ago(300) });
  });

  it('prints events.k8s.io events with the core event columns', () => {
    const r = resourceVersionFor('events.k8s.io', 'v1', 'events')!;
    expect(
      printed(r, {
        apiVersion: 'events.k8s.io/v1',
        eventTime: ago(60),
        reason: 'Started',
        note: 'Started container',
        type: 'Normal',
        regarding: { kind: 'Pod', name: 'p' },
        reportingController: 'kubelet',
        reportingInstance: 'node-1',
      }),
    ).toEqual({ 'LAST SEEN': '60s', TYPE: 'Normal', REASON: 'Started', OBJECT: 'pod/p', MESSAGE: 'Started container' });
  });

  it('prints custom resources from their printer columns', () => {
    const r: ResourceInfo = {
      ...R.configmaps,
      group: 'a.io',
      resource: 'foos',
      kind: 'Foo',
      custom: {
        storageVersion: 'v1',
        printerColumns: [
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
          { name: 'Missing', type: 'string', jsonPath: '.spec.nothing' },
          { name: 'Created', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          { name: 'Detail', type: 'string', jsonPath: '.spec.detail', priority: 1 },
        ],
      },
    };
    expect(
      printed(
        r,
        {
          spec: { size: 3, detail: { a: 1 } },
          status: {
            conditions: [
              { type: 'Synced', status: 'False' },
              { type: 'Ready', status: 'True' },
            ],
          },
        },
        true,
      ),
    ).toEqual({ NAME: 'x', SIZE: 3, READY: 'True', MISSING: null, CREATED: '5m', DETAIL: '{"a":1}' });
    const plain: ResourceInfo = { ...r, custom: { storageVersion: 'v1', printerColumns: [] } };
    expect(printed(plain, {})).toEqual({ NAME: 'x', AGE: '5m' });
  });

  it.each<[string, unknown, unknown[]]>([
    ['.spec.replicas', { spec: { replicas: 2 } }, [2]],
    ['{.spec.items[*].name}', { spec: { items: [{ name: 'a' }, { name: 'b' }] } }, ['a', 'b']],
    ['.spec.items[-1].name', { spec: { items: [{ name: 'a' }, { name: 'b' }] } }, ['b']],
    [".metadata.labels['app.kubernetes.io/name']", { metadata: { labels: { 'app.kubernetes.io/name': 'x' } } }, ['x']],
    ['.status.missing', { status: {} }, []],
  ])('evaluates the JSONPath %s', (path, obj, results) => {
    expect(evaluateJsonPath(parseJsonPath(path), obj)).toEqual(results);
  });
});
