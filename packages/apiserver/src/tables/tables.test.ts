import { describe, expect, it } from 'vitest';
import { humanDuration } from './age.js';
import { summarizePod } from './pod.js';
import { formatEndpoints } from './endpoints.js';
import { toTable } from './index.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('humanDuration', () => {
  it.each([
    [0, '0s'], [2, '2s'], [119, '119s'], [120, '2m'], [310, '5m10s'], [600, '10m'], [179 * 60, '179m'],
    [3 * 3600, '3h'], [3 * 3600 + 300, '3h5m'], [10 * 3600, '10h'], [2 * 86400, '2d'], [2 * 86400 + 3600, '2d1h'],
    [30 * 86400, '30d'], [800 * 86400, '2y70d'], [-5, '<invalid>'],
  ])('%i seconds → %s', (s, text) => {
    expect(humanDuration(s * 1000)).toBe(text);
  });
});

const basePod = (status: any, extra: any = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp: ago(60), ...(extra.metadata ?? {}) },
  spec: { containers: [{ name: 'a' }, { name: 'b' }], ...(extra.spec ?? {}) },
  status,
}) as any;

describe('pod STATUS, READY and RESTARTS', () => {
  it('shows the phase when all containers run', () => {
    const s = summarizePod(basePod({
      phase: 'Running',
      containerStatuses: [
        { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
        { name: 'b', ready: true, restartCount: 0, state: { running: {} } },
      ],
    }), NOW);
    expect(s).toEqual({ ready: '2/2', status: 'Running', restarts: '0' });
  });

  it('shows a waiting reason and restarts with the time of the last one', () => {
    const s = summarizePod(basePod({
      phase: 'Running',
      containerStatuses: [
        { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
        { name: 'b', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } } },
      ],
    }), NOW);
    expect(s).toEqual({ ready: '1/2', status: 'CrashLoopBackOff', restarts: '3 (30s ago)' });
  });

  it('shows ErrImagePull, Completed, ExitCode and Init states', () => {
    expect(summarizePod(basePod({ phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }] }), NOW).status).toBe('ErrImagePull');
    expect(summarizePod(basePod({ phase: 'Succeeded', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }), NOW).status).toBe('Completed');
    expect(summarizePod(basePod({ phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] }), NOW).status).toBe('ExitCode:2');
    const init = basePod({ phase: 'Pending', initContainerStatuses: [{ name: 'i', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] },
      { spec: { initContainers: [{ name: 'i' }] } });
    expect(summarizePod(init, NOW).status).toBe('Init:0/1');
  });

  it('shows Terminating for a pod being deleted', () => {
    expect(summarizePod(basePod({ phase: 'Running' }, { metadata: { deletionTimestamp: ago(0) } }), NOW).status).toBe('Terminating');
  });
});

describe('other printers', () => {
  it('limits endpoints to three then counts the rest', () => {
    const ep = { metadata: {}, subsets: [{ addresses: ['1', '2', '3', '4'].map((i) => ({ ip: `10.0.0.${i}` })), ports: [{ port: 80 }] }] } as any;
    expect(formatEndpoints(ep)).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
    expect(formatEndpoints({ metadata: {} } as any)).toBe('<none>');
  });

  it('prints node status with SchedulingDisabled and roles', () => {
    const node = {
      metadata: { name: 'n1', creationTimestamp: ago(7200), labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.32.4' }, addresses: [{ type: 'InternalIP', address: '127.10.0.1' }] },
    } as any;
    const t = toTable({ group: '', resource: 'nodes' }, [node], NOW, { includeObject: 'None' });
    expect(t.rows[0].cells.slice(0, 6)).toEqual(['n1', 'Ready,SchedulingDisabled', 'control-plane', '120m', 'v1.32.4', '127.10.0.1']);
    expect(t.rows[0].object).toBeUndefined();
  });

  it('prints NodePort services and deployment readiness', () => {
    const svc = { metadata: { name: 's', creationTimestamp: ago(5) }, spec: { type: 'NodePort', clusterIP: '127.96.0.9', ports: [{ port: 8080, nodePort: 31234, protocol: 'TCP' }], selector: { app: 'x' } } } as any;
    expect(toTable({ group: '', resource: 'services' }, [svc], NOW, { includeObject: 'Metadata' }).rows[0].cells)
      .toEqual(['s', 'NodePort', '127.96.0.9', '<none>', '8080:31234/TCP', '5s', 'app=x']);
    const d = { metadata: { name: 'd', creationTimestamp: ago(5) }, spec: { replicas: 3, selector: { matchLabels: { app: 'd' } }, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } }, status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 } } as any;
    expect(toTable({ group: 'apps', resource: 'deployments' }, [d], NOW, { includeObject: 'Metadata' }).rows[0].cells)
      .toEqual(['d', '1/3', 2, 1, '5s', 'c', 'i', 'app=d']);
  });
});
