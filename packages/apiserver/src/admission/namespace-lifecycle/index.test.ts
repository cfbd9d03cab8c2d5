import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, pod, type Harness } from '../../testing/harness.js';

describe('NamespaceLifecycle admission through the apiserver', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('creates in an existing namespace, refuses a missing one and one being deleted (right after the delete)', async () => {
    expect((await h.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lc' } })).status).toBe(201);
    expect((await h.req('POST', '/api/v1/namespaces/lc/pods', pod('p1'))).status).toBe(201);
    expect((await h.req('POST', '/api/v1/namespaces/nope/pods', pod('p1'))).status).toBe(404);
    expect((await h.req('DELETE', '/api/v1/namespaces/lc')).status).toBe(200);
    const refused = await h.req('POST', '/api/v1/namespaces/lc/pods', pod('p2'));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('because it is being terminated');
  });
});
