import { describe, expect, it } from 'vitest';
import { toTable } from './index.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('other printers', () => {
  it('prints node status with SchedulingDisabled and roles', () => {
    const node = {
      metadata: { name: 'n1', creationTimestamp: ago(7200), labels: { 'node-role.kubernetes.io/control-plane': '' } },
      spec: { unschedulable: true },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        nodeInfo: { kubeletVersion: 'v1.32.4' },
        addresses: [{ type: 'InternalIP', address: '127.10.0.1' }],
      },
    } as any;
    const t = toTable({ group: '', resource: 'nodes' }, [node], NOW, { includeObject: 'None' });
    expect(t.rows[0].cells.slice(0, 6)).toEqual(['n1', 'Ready,SchedulingDisabled', 'control-plane', '120m', 'v1.32.4', '127.10.0.1']);
    expect(t.rows[0].object).toBeUndefined();
  });

  it('prints NodePort services and deployment readiness', () => {
    const svc = {
      metadata: { name: 's', creationTimestamp: ago(5) },
      spec: {
        type: 'NodePort',
        clusterIP: '127.96.0.9',
        ports: [{ port: 8080, nodePort: 31234, protocol: 'TCP' }],
        selector: { app: 'x' },
      },
    } as any;
    expect(toTable({ group: '', resource: 'services' }, [svc], NOW, { includeObject: 'Metadata' }).rows[0].cells).toEqual([
      's',
      'NodePort',
      '127.96.0.9',
      '<none>',
      '8080:31234/TCP',
      '5s',
      'app=x',
    ]);
    const d = {
      metadata: { name: 'd', creationTimestamp: ago(5) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'd' } }, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
      status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 },
    } as any;
    expect(toTable({ group: 'apps', resource: 'deployments' }, [d], NOW, { includeObject: 'Metadata' }).rows[0].cells).toEqual([
      'd',
      '1/3',
      2,
      1,
      '5s',
      'c',
      'i',
      'app=d',
    ]);
  });
});
