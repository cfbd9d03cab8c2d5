import { describe, expect, it } from 'vitest';
import { expandComponentName } from './component-names.js';
import { planComponents, type ClusterPlan } from './components.js';

const plan = (extra: Partial<ClusterPlan> = {}): ClusterPlan => ({
  nodes: 3,
  profile: 'fast',
  apiserverPort: 6443,
  bindAddress: '127.0.0.1',
  storage: { kind: 'memory' },
  schedulerReplicas: 1,
  controllerManagerReplicas: 1,
  kubeletPort: 10250,
  healthzPort: () => 12345,
  ...extra,
});

describe('kemu up --hollow-nodes', () => {
  it('adds one hollow-nodes kubelet after the regular nodes, numbered from nodes + 1, with its own /healthz', () => {
    expect(planComponents(plan()).some((s) => s.name === 'hollow-nodes')).toBe(false);
    const specs = planComponents(plan({ hollowNodes: 1000, hollowMode: 'full', pki: '/tmp/pki' }));
    const h = specs.find((s) => s.name === 'hollow-nodes')!;
    expect(specs[specs.length - 1]).toBe(h);
    expect(h.kind).toBe('kubelet');
    expect(h.entry).toBe('packages/kubelet/dist/main.js');
    const flag = (f: string) => h.args[h.args.indexOf(f) + 1];
    expect([
      flag('--hollow-nodes'),
      flag('--first-node-index'),
      flag('--hollow-mode'),
      flag('--healthz-port'),
      flag('--kubeconfig'),
    ]).toEqual(['1000', '4', 'full', '12345', '/tmp/pki/hollow-nodes.kubeconfig']);
    expect(h.health).toEqual({ type: 'http', url: 'http://127.0.0.1:12345/healthz' });
    expect(specs.filter((s) => s.kind === 'proxy')).toHaveLength(3);
  });

  it('is a component name for logs and the chaos verbs', () => {
    expect(expandComponentName('hollow-nodes', ['apiserver', 'kubelet-1', 'hollow-nodes'])).toEqual(['hollow-nodes']);
    expect(() => expandComponentName('hollow-nodes-2', ['hollow-nodes'])).toThrow(/unknown component/);
  });
});
