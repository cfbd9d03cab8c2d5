import { R, type Endpoints, type KubeObject } from '@kemu/api';
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from '../testing/fixture.js';
import { pod, service } from '../testing/objects.js';
import { EndpointsController } from './controller.js';

const labels = { app: 'web' };
let f: Fixture;
let c: EndpointsController;
afterEach(() => f?.stop());

async function setup(objects: KubeObject[]) {
  f = new Fixture(objects);
  c = new EndpointsController(f.ctx);
  await f.start();
}
const ep = (name = 'web') => f.client.tracked<Endpoints>(R.endpoints, 'default', name);

describe('EndpointsController', () => {
  it('lists ready pods in addresses and not-ready ones in notReadyAddresses', async () => {
    const ready = pod('web-a', { labels, ready: true, ip: '127.244.1.2', nodeName: 'node-1' });
    const notReady = pod('web-b', { labels, phase: 'Running', ready: false, ip: '127.244.1.3', nodeName: 'node-1' });
    await setup([
      service('web', labels, [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]),
      ready,
      notReady,
      pod('web-no-ip', { labels, phase: 'Pending' }),
      pod('web-terminating', { labels, ready: true, ip: '127.244.1.4', deletionTimestamp: '2025-01-01T00:00:00Z' }),
      pod('db', { labels: { app: 'db' }, ready: true, ip: '127.244.1.9' }),
    ]);
    await c.sync('default/web');
    const e = ep()!;
    expect(e.metadata.labels).toEqual({ app: 'web' });
    expect(e.subsets).toHaveLength(1);
    const [s] = e.subsets!;
    expect(s.addresses).toEqual([
      {
        ip: '127.244.1.2',
        nodeName: 'node-1',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: f.client.tracked(R.pods, 'default', 'web-a')!.metadata.uid },
      },
    ]);
    expect(s.notReadyAddresses!.map((a) => a.ip)).toEqual(['127.244.1.3']);
    expect(s.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('resolves a named targetPort per pod from its container ports', async () => {
    await setup([
      service('web', labels, [{ port: 80, targetPort: 'http', protocol: 'TCP' }]),
      pod('a', { labels, ready: true, ip: '127.244.1.2', ports: [{ name: 'http', containerPort: 8080 }] }),
      pod('b', { labels, ready: true, ip: '127.244.1.3', ports: [{ name: 'http', containerPort: 9090 }] }),
      pod('c', { labels, ready: true, ip: '127.244.1.4', ports: [{ name: 'other', containerPort: 1 }] }),
    ]);
    await c.sync('default/web');
    const subsets = ep()!.subsets!;
    expect(subsets.map((s) => [s.addresses!.map((a) => a.ip), s.ports])).toEqual([
      [['127.244.1.2'], [{ port: 8080, protocol: 'TCP' }]],
      [['127.244.1.3'], [{ port: 9090, protocol: 'TCP' }]],
    ]);
  });

  it('updates only when something changed', async () => {
    await setup([service('web', labels, [{ port: 80 }]), pod('a', { labels, ready: true, ip: '127.244.1.2' })]);
    await c.sync('default/web');
    await f.settle();
    f.client.clearActions();
    await c.sync('default/web');
    expect(f.writeSummary()).toEqual([]);

    const p = f.client.tracked(R.pods, 'default', 'a')!;
    await f.client.updateStatus(R.pods, { ...p, status: { ...(p.status as object), conditions: [{ type: 'Ready', status: 'False' }] } });
    await f.settle();
    f.client.clearActions();
    await c.sync('default/web');
    expect(f.writeSummary()).toEqual(['update endpoints web']);
    expect(ep()!.subsets![0].notReadyAddresses!.map((a) => a.ip)).toEqual(['127.244.1.2']);
  });

  it('leaves the Endpoints of services without a selector alone', async () => {
    const manual: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'kubernetes', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    };
    await setup([service('kubernetes', undefined, [{ name: 'https', port: 443, targetPort: 6443 }]), manual]);
    await c.sync('default/kubernetes');
    expect(f.writeSummary()).toEqual([]);
  });

  it('deletes the Endpoints of a deleted service', async () => {
    await setup([{ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'gone', namespace: 'default' } } as Endpoints]);
    await c.sync('default/gone');
    expect(f.writeSummary()).toEqual(['delete endpoints gone']);
  });

  it('writes an Endpoints without subsets for a service with no pods', async () => {
    await setup([service('web', labels, [{ port: 80 }])]);
    await c.sync('default/web');
    expect(ep()).toBeDefined();
    expect(ep()!.subsets ?? []).toEqual([]);
  });
});
