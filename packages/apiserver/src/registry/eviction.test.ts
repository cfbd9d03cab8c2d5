import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../../../test/support/redis-server.js';
import { pod, startHarness, type Harness } from '../testing/harness.js';

const EVICT = (name: string) => ({
  apiVersion: 'policy/v1',
  kind: 'Eviction',
  metadata: { name, namespace: 'default' },
  deleteOptions: {},
});

const PODS = '/api/v1/namespaces/default/pods';
const BUDGETS = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';

async function createRunningPod(h: Harness, name: string, labels: Record<string, string>, ready = true): Promise<void> {
  const created = await h.req('POST', PODS, pod(name, { metadata: { labels }, spec: { nodeName: 'n1' } }));
  expect(created.status).toBe(201);
  const status = { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] };
  expect((await h.req('PUT', `${PODS}/${name}/status`, { ...created.body, status })).status).toBe(200);
}

/** A budget whose status the disruption controller has observed (status as given). */
async function observedBudget(h: Harness, name: string, app: string, status: Record<string, unknown>): Promise<void> {
  const created = await h.req('POST', BUDGETS, {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name },
    spec: { minAvailable: 1, selector: { matchLabels: { app } } },
  });
  expect(created.status).toBe(201);
  const put = await h.req('PUT', `${BUDGETS}/${name}/status`, {
    ...created.body,
    status: { observedGeneration: created.body.metadata.generation, ...status },
  });
  expect(put.status).toBe(200);
}

const evictOn = (h: Harness, name: string, q = '') => h.req('POST', `${PODS}/${name}/eviction${q}`, EVICT(name));

describe('pods/eviction with PodDisruptionBudgets', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const runningPod = (name: string, labels: Record<string, string>, ready = true) => createRunningPod(h, name, labels, ready);
  const budget = (name: string, app: string, status: Record<string, unknown>) => observedBudget(h, name, app, status);
  const evict = (name: string, q = '') => evictOn(h, name, q);
  const podStatus = async (name: string) => (await h.req('GET', `${PODS}/${name}`)).status;

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
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget guard needs 1 healthy pods and has 1 currently' }],
      },
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
    expect(pdb.status.conditions).toEqual([
      expect.objectContaining({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' }),
    ]);
    expect((await evict('w2')).status).toBe(429);
  });

  it('lets exactly as many of concurrent evictions through as the budget allows', async () => {
    const names = ['c1', 'c2', 'c3', 'c4', 'c5'];
    for (const n of names) await runningPod(n, { app: 'c' });
    await budget('cb', 'c', { disruptionsAllowed: 2, currentHealthy: 5, desiredHealthy: 3, expectedPods: 5 });
    const answers = await Promise.all(names.map((n) => evict(n)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 429, 429, 429]);
    const evicted = names.filter((_, i) => answers[i].status === 201);
    const pdb = (await h.req('GET', `${BUDGETS}/cb`)).body;
    expect(pdb.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(pdb.status.disruptedPods).sort()).toEqual(evicted);
    const terminating = (await h.req('GET', `${PODS}?labelSelector=app%3Dc`)).body.items
      .filter((p: { metadata: { deletionTimestamp?: string } }) => p.metadata.deletionTimestamp)
      .map((p: { metadata: { name: string } }) => p.metadata.name);
    expect(terminating.sort()).toEqual(evicted);
  });

  it('refuses while the budget status has not observed its latest spec', async () => {
    await runningPod('g1', { app: 'g' });
    await runningPod('g2', { app: 'g' });
    await budget('gb', 'g', { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 });
    const patched = await h.req('PATCH', `${BUDGETS}/gb`, { spec: { minAvailable: 2 } });
    expect(patched.body.metadata.generation).toBe(2);
    expect(patched.body.status.observedGeneration).toBe(1);
    const r = await evict('g1');
    expect(r.status).toBe(429);
    expect(r.body).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        retryAfterSeconds: 10,
        causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget gb is still being processed by the server.' }],
      },
    });
    expect(await podStatus('g1')).toBe(200);
    expect((await h.req('GET', `${BUDGETS}/gb`)).body.status.disruptionsAllowed).toBe(1);
  });

  it('checks the budget for a pod without a phase, and for an unready pod whose budget is not observed', async () => {
    expect((await h.req('POST', PODS, pod('np', { metadata: { labels: { app: 'np' } } }))).status).toBe(201);
    const bare = (await h.req('GET', `${PODS}/np`)).body;
    expect((await h.req('PUT', `${PODS}/np/status`, { ...bare, status: { phase: 'Running' } })).status).toBe(200);
    await runningPod('np2', { app: 'np' }, false);
    expect(
      (
        await h.req('POST', BUDGETS, {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: 'npb' },
          spec: { minAvailable: 1, selector: { matchLabels: { app: 'np' } } },
        })
      ).status,
    ).toBe(201);
    expect((await evict('np')).status).toBe(429);
    expect((await evict('np2')).status).toBe(429);
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
    const created = await h.req('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'lag' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'l' } } },
    });
    expect(created.status).toBe(201);
    const r = await evict('l1');
    expect(r.status).toBe(429);
    expect(r.body.details.causes[0].message).toContain('is still being processed');
    expect((await evict('nobody')).status).toBe(404);
  });
});

describe('pods/eviction through two apiservers on one Redis', () => {
  let redis: RedisServer;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startHarness({ storage: redis.url }), startHarness({ storage: redis.url })]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it("spends a budget's one disruption once, whichever apiserver answers", async () => {
    const names = ['r1', 'r2', 'r3', 'r4'];
    for (const n of names) await createRunningPod(a, n, { app: 'r' });
    await observedBudget(a, 'rb', 'r', { disruptionsAllowed: 1, currentHealthy: 4, desiredHealthy: 3, expectedPods: 4 });
    const answers = await Promise.all(names.map((n, i) => evictOn(i % 2 ? b : a, n)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 429, 429, 429]);
    const pdb = (await b.req('GET', `${BUDGETS}/rb`)).body;
    expect(pdb.status.disruptionsAllowed).toBe(0);
    expect(Object.keys(pdb.status.disruptedPods)).toEqual([names[answers.findIndex((r) => r.status === 201)]]);
  });
});
