import { describe, expect, it } from 'vitest';
import { parseApiPath, resourceVerb, type ResourceRequest } from './request-info.js';

describe('parseApiPath', () => {
  it.each([
    ['/api', { kind: 'root', prefix: 'api' }],
    ['/apis', { kind: 'root', prefix: 'apis' }],
    ['/apis/apps', { kind: 'group', group: 'apps' }],
    ['/api/v1', { kind: 'groupVersion', group: '', version: 'v1' }],
    ['/apis/apps/v1/', { kind: 'groupVersion', group: 'apps', version: 'v1' }],
  ])('%s', (path, want) => {
    expect(parseApiPath(path)).toEqual(want);
  });

  it('parses namespaced, cluster-wide and subresource paths', () => {
    expect(parseApiPath('/apis/apps/v1/namespaces/default/deployments/web/scale')).toMatchObject({
      kind: 'resource',
      request: { group: 'apps', version: 'v1', namespace: 'default', resource: 'deployments', name: 'web', subresource: 'scale' },
    });
    expect(parseApiPath('/api/v1/pods')).toMatchObject({ request: { resource: 'pods', namespace: undefined, name: undefined } });
    expect(parseApiPath('/api/v1/namespaces/kube-system')).toMatchObject({ request: { resource: 'namespaces', name: 'kube-system' } });
    expect(parseApiPath('/api/v1/namespaces/x/finalize')).toMatchObject({
      request: { resource: 'namespaces', name: 'x', subresource: 'finalize' },
    });
    expect(parseApiPath('/api/v1/namespaces')).toMatchObject({ request: { resource: 'namespaces', name: undefined } });
    expect(parseApiPath('/api/v1/watch/namespaces/default/pods')).toMatchObject({
      request: { resource: 'pods', namespace: 'default', legacyWatch: true },
    });
    expect(parseApiPath('/api/v1/namespaces/default/pods/p/proxy/a/b')).toMatchObject({ request: { subresource: 'proxy', rest: 'a/b' } });
    expect(parseApiPath('/version')).toBeUndefined();
  });
});

describe('resourceVerb', () => {
  const rr = (path: string) => (parseApiPath(path) as { request: ResourceRequest }).request;
  it.each([
    ['GET', '/api/v1/pods', '', 'list'],
    ['GET', '/api/v1/pods', 'watch=true', 'watch'],
    ['GET', '/api/v1/watch/pods', '', 'watch'],
    ['GET', '/api/v1/namespaces/d/pods/p', '', 'get'],
    ['GET', '/api/v1/namespaces/d/pods/p', 'watch=1', 'watch'],
    ['GET', '/api/v1/namespaces/d/pods/p/status', 'watch=1', 'get'],
    ['POST', '/api/v1/namespaces/d/pods', '', 'create'],
    ['PUT', '/api/v1/namespaces/d/pods/p', '', 'update'],
    ['PATCH', '/apis/apps/v1/namespaces/d/deployments/w/scale', '', 'patch'],
    ['DELETE', '/api/v1/namespaces/d/pods/p', '', 'delete'],
    ['DELETE', '/api/v1/namespaces/d/pods', '', 'deletecollection'],
    ['HEAD', '/api/v1/pods', '', undefined],
  ])('%s %s?%s is %s', (method, path, query, verb) => {
    expect(resourceVerb(method, rr(path), new URLSearchParams(query))).toBe(verb);
  });
});
