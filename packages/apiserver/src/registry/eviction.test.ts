import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod, startHarness, type Harness } from '../testing/harness.js';

const EVICT = (name: string) => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'default' }, deleteOptions: {} });

describe('pods/eviction with PodDisruptionBudgets', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); });
  afterAll(() => h.close());

  async function runningPod(name: string, labels: Record<string, string>, ready = true): Promise<void> {
    const created = await h.req('POST', '/api/v1/namespaces/default/pods', pod(name, { metadata: { labels }, spec: { nodeName: 'n1' } }));
    expect(created.status).toBe(201);
    const status = { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] };
    expect((await h.req('PUT', `/api/v1/namespaces/default/pods/${name}/status`, { ...created.body, status })).status).toBe(200);
  }

  async function budget(name: string, app: string, status: Record<string, unknown>): Promise<void> {
    const created = await h.req('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { minAvailable: 1, selector: { matchLabels: { app } } } });
    expect(created.status).toBe(201);
    const put = await h.req('PUT', `/apis/policy/v1/namespaces/default/poddisruptionbudgets/${name}/status`,
      { ...created.body, status: { observedGeneration: created.body.metadata.generation, ...status } });
    expect(put.status).toBe(200);
  }

  const evict = (name: string, q = '') => h.req('POST', `/api/v1/namespaces/default/pods/${name}/eviction${q}`, EVICT(name));
  const podStatus = async (name: string) => (await h.req('GET', `/api/v1/namespaces/default/pods/${name}`)).status;

  it('evicts a pod no budget covers', async () => {
    await runningPod('free', { app: 'free' });
    const r = await evict('free');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'Status', status: 'Success' });
  });

  it('answers 429 with the budget as the cause when no disruption is allowed, and keeps the pod', async () => {
    await runningPod('guarded', { app: 'guarded' });
    await budget('guard', 'guarded', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 });
    const r = await evict('guarded');
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({
      reason: 'TooManyRequests', message: 'Cannot evict pod as it would violate the pod\'s disruption budget.',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget guard needs 1 healthy pods and has 1 currently' }] },
    });
    expect(await podStatus('guarded')).toBe(200);
  });

  it('spends one allowed disruption per eviction and records the pod in disruptedPods', async () => {
    await runningPod('w1', { app: 'w' });
    await runningPod('w2', { app: 'w' });
    await budget('wb', 'w', { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 });
    expect((await evict('w1', '?dryRun=All')).status).toBe(201);
    expect(await podStatus('w1')).toBe(200);
    expect((await evict('w1')).status).toBe(201);
    const pdb = (await h.req('GET', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/wb')).body;
    expect(pdb.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(pdb.status.disruptedPods)).toEqual(['w1']);
    expect((await evict('w2')).status).toBe(429);
  });

  it('lets unready pods go when the budget is healthy anyway, and pending pods always', async () => {
    await runningPod('u1', { app: 'u' });
    await runningPod('u2', { app: 'u' }, false);
    await budget('ub', 'u', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 2 });
    expect((await evict('u2')).status).toBe(201);
    expect((await h.req('POST', '/api/v1/namespaces/default/pods', pod('p1', { metadata: { labels: { app: 'u' } } }))).status).toBe(201);
    expect((await evict('p1')).status).toBe(201);
  });

  it('refuses while the budget status lags its spec, and for unknown pods', async () => {
    await runningPod('l1', { app: 'l' });
    const created = await h.req('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'lag' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'l' } } } });
    expect(created.status).toBe(201);
    const r = await evict('l1');
    expect(r.status).toBe(429);
    expect(r.body.details.causes[0].message).toContain('is still being processed');
    expect((await evict('nobody')).status).toBe(404);
  });
});
