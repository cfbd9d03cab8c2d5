import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { R, RESOURCES, type ResourceInfo } from '@kemu/api';
import { pod, startHarness, type Harness } from '../testing/harness.js';
import { collectionHandlers, subresourceHandlers } from './subresources/index.js';
import { scaleHandlers } from './subresources/scale.js';
import { statusHandlers } from './subresources/status.js';

describe('subresource registrations', () => {
  const custom = { ...R.deployments, group: 'example.com', resource: 'widgets', custom: {} } as unknown as ResourceInfo;
  it("finds a kind's own, a custom resource's and every resource's subresources", () => {
    expect(subresourceHandlers(R.deployments, 'scale')).toBe(scaleHandlers);
    expect(subresourceHandlers(custom, 'scale')).toBe(scaleHandlers);
    expect(subresourceHandlers(R.daemonsets, 'scale')).toBeUndefined();
    expect(subresourceHandlers(R.pods, 'status')).toBe(statusHandlers);
    expect(subresourceHandlers(R.pods, 'eviction')?.create).toBeTypeOf('function');
    expect(subresourceHandlers(R.services, 'eviction')).toBeUndefined();
  });

  it('serves the legacy bindings collection with its own create', () => {
    expect(collectionHandlers(RESOURCES.find((r) => r.resource === 'bindings')!)?.create).toBeTypeOf('function');
    expect(collectionHandlers(R.pods)).toBeUndefined();
  });
});

describe('resource routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    expect((await h.req('POST', '/api/v1/namespaces/default/pods', pod('p'))).status).toBe(201);
  });
  afterAll(async () => {
    await h.close();
  });

  it.each([
    ['GET', '/api/v1/namespaces/default/pods/p', 200],
    ['GET', '/api/v1/namespaces/default', 200],
    ['GET', '/api/v1/namespaces/default/pods/p/status', 200],
    ['GET', '/api/v1/namespaces/default/widgets', 404],
    ['GET', '/api/v1/namespaces/default/nodes/n', 404],
    ['GET', '/api/v1/pods/p', 404],
    ['GET', '/api/v1/namespaces/default/pods/p/bogus', 404],
    ['GET', '/apis/apps/v1/namespaces/default/daemonsets/d/scale', 404],
    ['POST', '/api/v1/namespaces/default/pods/p', 405],
    ['PUT', '/api/v1/namespaces/default/pods', 405],
    ['PATCH', '/api/v1/namespaces/default/pods', 405],
    ['GET', '/api/v1/namespaces/default/pods/p/eviction', 405],
    ['POST', '/api/v1/namespaces/default/pods/p/status', 405],
    ['DELETE', '/api/v1/namespaces/default/pods/p/status', 405],
    ['PATCH', '/api/v1/namespaces/default/finalize', 405],
    ['GET', '/api/v1/namespaces/default/bindings', 405],
    ['POST', '/api/v1/namespaces/default/bindings/p', 405],
    ['HEAD', '/api/v1/namespaces/default/pods', 405],
  ])('%s %s → %i', async (method, path, code) => {
    const body = method === 'PATCH' ? {} : undefined;
    const headers: Record<string, string> = method === 'PATCH' ? { 'Content-Type': 'application/merge-patch+json' } : {};
    expect((await h.req(method, path, body, headers)).status).toBe(code);
  });
});
