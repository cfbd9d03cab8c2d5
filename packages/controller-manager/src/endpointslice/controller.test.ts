import { R, type EndpointSlice, type KubeObject } from '@kemu/api';
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from '../testing/fixture.js';
import { pod, service } from '../testing/objects.js';
import { EndpointSliceController } from './controller.js';
import { MAX_ENDPOINTS_PER_SLICE } from './reconciler.js';

const labels = { app: 'web' };
let f: Fixture;
let c: EndpointSliceController;
afterEach(() => f?.stop());

async function setup(objects: KubeObject[]) {
  f = new Fixture(objects);
  c = new EndpointSliceController(f.ctx);
  await f.start();
}
const slices = () => f.client.trackedList<EndpointSlice>(R.endpointslices);

describe('EndpointSliceController', () => {
  it('writes a labelled, owned IPv4 slice with ready / serving / terminating conditions', async () => {
    await setup([
      service('web', labels, [{ port: 80, targetPort: 8080, protocol: 'TCP' }]),
      pod('a', { labels, ready: true, ip: '127.244.1.2', nodeName: 'node-1' }),
      pod('b', { labels, phase: 'Running', ready: false, ip: '127.244.1.3', nodeName: 'node-2' }),
      pod('t', { labels, ready: true, ip: '127.244.1.4', nodeName: 'node-1', deletionTimestamp: '2025-01-01T00:00:00Z' }),
      pod('pending', { labels, phase: 'Pending' }),
    ]);
    await c.sync('default/web');
    const [s] = slices();
    expect(slices()).toHaveLength(1);
    expect(s.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(s.metadata.labels).toEqual({
      app: 'web',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(s.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true },
    ]);
    expect(s.addressType).toBe('IPv4');
    // An unnamed port still carries name "" (kubectl describe service needs it).
    expect(s.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
    expect(s.endpoints.map((e) => [e.addresses[0], e.conditions, e.nodeName, e.targetRef?.name])).toEqual([
      ['127.244.1.2', { ready: true, serving: true, terminating: false }, 'node-1', 'a'],
      ['127.244.1.3', { ready: false, serving: false, terminating: false }, 'node-2', 'b'],
      ['127.244.1.4', { ready: false, serving: true, terminating: true }, 'node-1', 't'],
    ]);
  });

  it('resolves named target ports and keeps the service port name', async () => {
    await setup([
      service('web', labels, [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }]),
      pod('a', { labels, ready: true, ip: '127.244.1.2', ports: [{ name: 'web', containerPort: 8080 }] }),
    ]);
    await c.sync('default/web');
    expect(slices()[0].ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('keeps one empty slice for a service without endpoints and updates it in place', async () => {
    await setup([service('web', labels, [{ port: 80 }])]);
    await c.sync('default/web');
    expect(slices()).toHaveLength(1);
    expect(slices()[0].endpoints).toEqual([]);
    const name = slices()[0].metadata.name;

    f.client.add(pod('a', { labels, ready: true, ip: '127.244.1.2' }));
    await f.settle();
    f.client.clearActions();
    await c.sync('default/web');
    expect(f.writeSummary()).toEqual([`update endpointslices ${name}`]);
    expect(slices()[0].endpoints.map((e) => e.addresses[0])).toEqual(['127.244.1.2']);
    expect(slices()[0].ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
  });

  it('does not create a second slice before its cache has seen the first', async () => {
    await setup([service('web', labels, [{ port: 80 }]), pod('a', { labels, ready: true, ip: '127.244.1.2' })]);
    await c.sync('default/web');
    // Immediately again: the informer may not have the new slice yet.
    await c.sync('default/web');
    await f.settle();
    await c.sync('default/web');
    expect(slices()).toHaveLength(1);
  });

  it('splits more than 100 endpoints over several slices', async () => {
    const pods = Array.from({ length: MAX_ENDPOINTS_PER_SLICE + 5 }, (_, i) =>
      pod(`p${i}`, { labels, ready: true, ip: `127.244.${1 + Math.floor(i / 200)}.${2 + (i % 200)}` }),
    );
    await setup([service('web', labels, [{ port: 80 }]), ...pods]);
    await c.sync('default/web');
    expect(
      slices()
        .map((s) => s.endpoints.length)
        .sort((a, b) => a - b),
    ).toEqual([5, 100]);
  });

  it('leaves services without a selector alone and removes slices of deleted services', async () => {
    const stale: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      addressType: 'IPv4',
      endpoints: [],
      metadata: {
        name: 'gone-abcde',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'gone', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
      },
    };
    await setup([service('kubernetes', undefined, [{ name: 'https', port: 443 }]), stale]);
    await c.sync('default/kubernetes');
    expect(f.writeSummary()).toEqual([]);
    await c.sync('default/gone');
    expect(f.writeSummary()).toEqual(['delete endpointslices gone-abcde']);
  });
});
