import { describe, expect, it } from 'vitest';
import { R } from '@kemu/api';
import { RedisKeys, collectionPrefix, objectKey, resourcePrefixOf } from './keys.js';

describe('keys', () => {
  it.each([
    [objectKey(R.pods, 'default', 'web'), '/registry/core/pods/default/web'],
    [objectKey(R.deployments, 'kube-system', 'dns'), '/registry/apps/deployments/kube-system/dns'],
    [objectKey(R.nodes, undefined, 'node-1'), '/registry/core/nodes/node-1'],
    [objectKey(R.nodes, 'ignored', 'node-1'), '/registry/core/nodes/node-1'],
    [objectKey(R.leases, 'kube-node-lease', 'node-1'), '/registry/coordination.k8s.io/leases/kube-node-lease/node-1'],
    [collectionPrefix(R.pods), '/registry/core/pods/'],
    [collectionPrefix(R.pods, 'default'), '/registry/core/pods/default/'],
    [collectionPrefix(R.namespaces, 'default'), '/registry/core/namespaces/'],
  ])('%s is %s', (got, want) => expect(got).toBe(want));

  it('finds the resource of a key or prefix', () => {
    expect(resourcePrefixOf('/registry/apps/deployments/default/web')).toBe('/registry/apps/deployments/');
    expect(resourcePrefixOf('/registry/core/pods/')).toBe('/registry/core/pods/');
    expect(resourcePrefixOf('/registry/core/pods')).toBeUndefined();
    expect(resourcePrefixOf('/registry/')).toBeUndefined();
  });

  it('names every Redis key with one hash tag', () => {
    const k = new RedisKeys('c');
    expect([k.meta, k.rev, k.log, k.ttl]).toEqual(['{c}meta', '{c}rev', '{c}log', '{c}ttl']);
    expect(k.object('/registry/core/pods/default/web')).toBe('{c}o:/registry/core/pods/default/web');
    expect(k.index('/registry/core/pods/default/web')).toBe('{c}i:/registry/core/pods/');
    expect(k.index(collectionPrefix(R.pods, 'default'))).toBe('{c}i:/registry/core/pods/');
    expect(() => k.index('/registry/')).toThrow();
    expect(() => new RedisKeys('a}b')).toThrow();
  });
});
