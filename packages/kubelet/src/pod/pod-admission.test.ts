import { afterEach, describe, expect, it } from 'vitest';
import { R, timingsFor, type KubeObject, type Pod } from '@kemu/api';
import { FakeClient, waitFor } from '@kemu/client/testing';
import { startKubelet, type Kubelet } from '../kubelet.js';
import { admitPodCount } from './pod-admission.js';

const NODE = 'node-203';

function pod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { nodeName: NODE, containers: [{ name: 'c', image: 'example.com/app:1', imagePullPolicy: 'IfNotPresent' }] },
  };
}

describe('admitPodCount', () => {
  it.each([
    [0, 110, true],
    [109, 110, true],
    [110, 110, false],
    [1, 1, false],
  ])('admits one more pod beside %i on a node of %i: %s', (active, max, admit) => {
    expect(admitPodCount(active, max).admit).toBe(admit);
  });

  it('says what kubelet says when the node is full', () => {
    expect(admitPodCount(110, 110)).toEqual({
      admit: false,
      reason: 'OutOfpods',
      message: "Node didn't have enough resource: pods, requested: 1, used: 110, capacity: 110",
    });
  });
});

describe('the kubelet with --max-pods 2', () => {
  let kubelet: Kubelet | undefined;
  afterEach(async () => {
    await kubelet?.close();
    kubelet = undefined;
  });

  it('rejects a pod beyond maxPods as Failed OutOfpods and never starts it, and admits again once a pod has finished', async () => {
    const client = new FakeClient([pod('a'), pod('b')]);
    kubelet = await startKubelet({
      client,
      nodeName: NODE,
      nodeIP: '127.10.0.203',
      podCIDR: '127.244.203.0/24',
      port: 0,
      maxPods: 2,
      timings: timingsFor('fast'),
    });
    const phase = (name: string) => client.tracked<Pod>(R.pods, 'default', name)?.status?.phase;
    const admitted = (name: string) => phase(name) === 'Pending' || phase(name) === 'Running';
    await waitFor(() => admitted('a') && admitted('b'), { message: 'a and b admitted' });

    await client.create(R.pods, 'default', pod('c'));
    await waitFor(() => phase('c') === 'Failed', { message: 'c rejected' });
    const c = client.tracked<Pod>(R.pods, 'default', 'c')!;
    expect(c.status).toMatchObject({
      phase: 'Failed',
      reason: 'OutOfpods',
      message: "Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2",
    });
    expect(c.status?.containerStatuses).toBeUndefined();
    await waitFor(() =>
      client
        .trackedList<KubeObject & { reason: string; involvedObject: { name: string } }>(R.events)
        .some((e) => e.reason === 'OutOfpods' && e.involvedObject.name === 'c'),
    );
    expect(kubelet.runtime.sandbox('uid-c')).toBeUndefined();

    // A pod that has finished no longer counts (kubelet's active pods).
    const a = client.tracked<Pod>(R.pods, 'default', 'a')!;
    await client.updateStatus(R.pods, { ...a, status: { ...a.status, phase: 'Succeeded' } });
    await client.create(R.pods, 'default', pod('d'));
    await waitFor(() => admitted('d'), { message: 'd admitted' });
    expect(phase('c')).toBe('Failed');
  });
});
