import { describe, expect, it } from 'vitest';
import { planComponents, wellKnownHealthzPort, commandLine, type ClusterPlan } from './components.js';

const plan: ClusterPlan = {
  nodes: 2,
  profile: 'fast',
  apiserverPort: 7443,
  bindAddress: '127.0.0.1',
  storage: { kind: 'redis', port: 7000, dir: '/tmp/kemu/redis' },
  schedulerReplicas: 2,
  controllerManagerReplicas: 1,
  kubeletPort: 10250,
  healthzPort: (name) =>
    ({ 'scheduler-1': 9001, 'scheduler-2': 9002, 'controller-manager-1': 9003, 'proxy-1': 9004, 'proxy-2': 9005 })[name]!,
};

describe('planComponents', () => {
  it('lists store, apiserver, control plane and per node a kubelet and a proxy, in start order', () => {
    expect(planComponents(plan).map((c) => c.name)).toEqual([
      'redis',
      'apiserver',
      'controller-manager-1',
      'scheduler-1',
      'scheduler-2',
      'kubelet-1',
      'proxy-1',
      'kubelet-2',
      'proxy-2',
    ]);
  });

  it('gives every component the flags of docs/DESIGN.md and the profile', () => {
    const byName = new Map(planComponents(plan).map((c) => [c.name, commandLine(c).args]));
    expect(byName.get('apiserver')).toEqual([
      'packages/apiserver/dist/main.js',
      '--port',
      '7443',
      '--bind-address',
      '127.0.0.1',
      '--storage',
      'redis://127.0.0.1:7000',
      '--profile',
      'fast',
    ]);
    expect(byName.get('scheduler-2')).toEqual([
      'packages/scheduler/dist/main.js',
      '--apiserver',
      'http://127.0.0.1:7443',
      '--id',
      'scheduler-2',
      '--healthz-port',
      '9002',
      '--profile',
      'fast',
    ]);
    expect(byName.get('kubelet-2')).toEqual([
      'packages/kubelet/dist/main.js',
      '--apiserver',
      'http://127.0.0.1:7443',
      '--node-name',
      'node-2',
      '--node-ip',
      '127.10.0.2',
      '--pod-cidr',
      '127.244.2.0/24',
      '--port',
      '10250',
      '--profile',
      'fast',
    ]);
    expect(byName.get('proxy-1')).toEqual([
      'packages/proxy/dist/main.js',
      '--apiserver',
      'http://127.0.0.1:7443',
      '--node-name',
      'node-1',
      '--node-ip',
      '127.10.0.1',
      '--healthz-port',
      '9004',
      '--profile',
      'fast',
      '--reserved-addresses',
      [
        '127.0.0.1:7000',
        '127.0.0.1:7443',
        '127.0.0.1:9003',
        '127.0.0.1:9001',
        '127.0.0.1:9002',
        '127.10.0.1:10250',
        '127.10.0.1:9004',
        '127.10.0.2:10250',
        '127.10.0.2:9005',
        '127.10.0.0/16:10250',
      ].join(','),
    ]);
    expect(byName.get('redis')).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--dir', '/tmp/kemu/redis']));
  });

  it('runs the embedded store inside the apiserver when there is no redis', () => {
    const specs = planComponents({ ...plan, storage: { kind: 'memory' } });
    expect(specs.some((c) => c.kind === 'redis')).toBe(false);
    expect(specs.find((c) => c.name === 'apiserver')!.args).toEqual(expect.arrayContaining(['--storage', 'memory']));
  });

  it('runs redis with AOF fsynced every second, or before every reply with durable', () => {
    const args = (durable?: boolean) =>
      planComponents({ ...plan, durable })
        .find((c) => c.name === 'redis')!
        .args.join(' ');
    expect(args(undefined)).toContain('--appendonly yes --appendfsync everysec');
    expect(args(true)).toContain('--appendonly yes --appendfsync always');
  });

  it('runs several apiservers on consecutive ports, each named in its Leases, and gives every component all of them', () => {
    const specs = planComponents({ ...plan, apiservers: 2, pki: '/pki' });
    expect(specs.map((c) => c.name).slice(0, 4)).toEqual(['redis', 'apiserver-1', 'apiserver-2', 'controller-manager-1']);
    const a2 = specs.find((c) => c.name === 'apiserver-2')!;
    expect(a2.args).toEqual(expect.arrayContaining(['--port', '7444', '--id', 'apiserver-2', '--storage', 'redis://127.0.0.1:7000']));
    expect(a2.address).toBe('127.0.0.1:7444');
    expect(a2.health).toMatchObject({ type: 'http', url: 'https://127.0.0.1:7444/readyz' });
    for (const c of specs.filter((s) => s.kind !== 'redis' && s.kind !== 'apiserver')) {
      expect(c.args[c.args.indexOf('--apiserver') + 1], c.name).toBe('https://127.0.0.1:7443,https://127.0.0.1:7444');
    }
  });

  it("reserves an apiserver bound to every address on every address, and the hollow nodes' kubelet port", () => {
    const specs = planComponents({ ...plan, bindAddress: '0.0.0.0', kubeletPort: 11250, hollowNodes: 10 });
    const proxy = specs.find((c) => c.name === 'proxy-2')!;
    const reserved = proxy.args[proxy.args.indexOf('--reserved-addresses') + 1].split(',');
    expect(reserved).toEqual(expect.arrayContaining(['0.0.0.0:7443', '127.10.0.0/16:11250']));
    expect(reserved).not.toContain('127.0.0.1:7443');
  });

  it('resolves entry scripts against the repository root', () => {
    const api = planComponents(plan).find((c) => c.name === 'apiserver')!;
    expect(commandLine(api, '/repo').args[0]).toBe('/repo/packages/apiserver/dist/main.js');
  });
});

describe('wellKnownHealthzPort', () => {
  it('uses the Kubernetes ports for the first replica and never collides', () => {
    expect(wellKnownHealthzPort('scheduler-1')).toBe(10259);
    expect(wellKnownHealthzPort('controller-manager-1')).toBe(10257);
    expect(wellKnownHealthzPort('proxy-1')).toBe(10256);
    const names = [1, 2, 3, 4].flatMap((i) => [`scheduler-${i}`, `controller-manager-${i}`, `proxy-${i}`]);
    expect(new Set(names.map(wellKnownHealthzPort)).size).toBe(names.length);
  });
});
