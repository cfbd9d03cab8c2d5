/**
 * Watches of converted resources (autoscaling/v1 HPAs, stored as v2) read the store directly;
 * RedisStore's MODIFIED events carry no previous state, so selector transitions come from the
 * states the watch itself has seen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../../../test/support/redis-server.js';
import { openWatch, startHarness, type Harness } from '../testing/harness.js';

const HPAS = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';
const hpa = (name: string, app: string) => ({
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, labels: { app } },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3 },
});

let redis: RedisServer;
let h: Harness;
beforeAll(async () => {
  redis = await startRedis();
  h = await startHarness({ storage: redis.url });
});
afterAll(async () => {
  await h?.close();
  await redis?.stop();
});

async function relabel(name: string, app: string): Promise<void> {
  const r = await h.req('PATCH', `${HPAS}/${name}`, { metadata: { labels: { app } } });
  expect(r.status).toBe(200);
}

describe('converted watch with a label selector on RedisStore', () => {
  it('turns moves out of and into the selection into DELETED and ADDED, from a resourceVersion', async () => {
    const created = await h.req('POST', HPAS, hpa('from-rv', 'a'));
    expect(created.status).toBe(201);
    const w = await openWatch(h.url, `${HPAS}?watch=1&labelSelector=app%3Da&resourceVersion=${created.body.metadata.resourceVersion}`);
    try {
      await h.req('PATCH', `${HPAS}/from-rv`, { spec: { maxReplicas: 4 } });
      expect(await w.next()).toMatchObject({ type: 'MODIFIED', object: { apiVersion: 'autoscaling/v1', spec: { maxReplicas: 4 } } });
      await relabel('from-rv', 'b');
      expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'from-rv' } } });
      await h.req('PATCH', `${HPAS}/from-rv`, { spec: { maxReplicas: 5 } }); // outside the selection: nothing
      await relabel('from-rv', 'a');
      expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { labels: { app: 'a' } }, spec: { maxReplicas: 5 } } });
    } finally {
      w.close();
    }
  });

  it('knows the initial states of a watch without a resourceVersion', async () => {
    await h.req('POST', HPAS, hpa('listed-out', 'b'));
    const w = await openWatch(h.url, `${HPAS}?watch=1&labelSelector=app%3Dc`);
    try {
      await h.req('PATCH', `${HPAS}/listed-out`, { spec: { maxReplicas: 6 } }); // never matched: nothing
      await relabel('listed-out', 'c');
      expect(await w.next()).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'listed-out' }, spec: { maxReplicas: 6 } } });
      await relabel('listed-out', 'b');
      expect(await w.next()).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'listed-out' } } });
    } finally {
      w.close();
    }
  });
});
