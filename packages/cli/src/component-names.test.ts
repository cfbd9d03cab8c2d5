import { describe, expect, it } from 'vitest';
import { expandComponentName, parseComponentName } from './component-names.js';

const cluster = [
  'redis',
  'apiserver',
  'controller-manager-1',
  'controller-manager-2',
  'scheduler-1',
  'scheduler-2',
  'kubelet-1',
  'proxy-1',
  'kubelet-2',
  'proxy-2',
  'kubelet-12',
  'proxy-12',
];

describe('parseComponentName', () => {
  it.each([
    ['redis', { kind: 'redis' }],
    ['apiserver', { kind: 'apiserver' }],
    ['apiserver-2', { kind: 'apiserver', index: 2 }],
    ['scheduler', { kind: 'scheduler' }],
    ['scheduler-2', { kind: 'scheduler', index: 2 }],
    ['controller-manager', { kind: 'controller-manager' }],
    ['controller-manager-1', { kind: 'controller-manager', index: 1 }],
    ['node-3', { kind: 'node', index: 3 }],
    ['kubelet-1', { kind: 'kubelet', index: 1 }],
    ['proxy-12', { kind: 'proxy', index: 12 }],
  ])('parses %s', (name, want) => {
    expect(parseComponentName(name)).toEqual(want);
  });

  it.each(['', 'node', 'kubelet', 'proxy', 'redis-1', 'apiserver-0', 'node-0', 'node-01', 'etcd', 'scheduler-x', 'Node-1'])(
    'rejects %j with the list of valid names',
    (name) => {
      expect(() => parseComponentName(name)).toThrow(/unknown component .*redis, apiserver\[-<i>\], scheduler/);
    },
  );
});

describe('expandComponentName', () => {
  it('expands a bare scheduler or controller-manager to every replica', () => {
    expect(expandComponentName('scheduler', cluster)).toEqual(['scheduler-1', 'scheduler-2']);
    expect(expandComponentName('controller-manager', cluster)).toEqual(['controller-manager-1', 'controller-manager-2']);
  });

  it('expands a bare apiserver to the one apiserver, or to every apiserver of a cluster with several', () => {
    expect(expandComponentName('apiserver', cluster)).toEqual(['apiserver']);
    const ha = ['redis', 'apiserver-1', 'apiserver-2', 'scheduler-1'];
    expect(expandComponentName('apiserver', ha)).toEqual(['apiserver-1', 'apiserver-2']);
    expect(expandComponentName('apiserver-2', ha)).toEqual(['apiserver-2']);
    expect(() => expandComponentName('apiserver-3', ha)).toThrow(/not part of this cluster/);
  });

  it('expands node-<i> to its kubelet and proxy, and nothing of other nodes', () => {
    expect(expandComponentName('node-1', cluster)).toEqual(['kubelet-1', 'proxy-1']);
    expect(expandComponentName('node-12', cluster)).toEqual(['kubelet-12', 'proxy-12']);
  });

  it('keeps single components as they are', () => {
    expect(expandComponentName('scheduler-2', cluster)).toEqual(['scheduler-2']);
    expect(expandComponentName('proxy-2', cluster)).toEqual(['proxy-2']);
    expect(expandComponentName('redis', cluster)).toEqual(['redis']);
  });

  it('refuses components the cluster does not have', () => {
    expect(() => expandComponentName('node-4', cluster)).toThrow(/not part of this cluster/);
    expect(() => expandComponentName('scheduler-3', cluster)).toThrow(/not part of this cluster/);
    expect(() =>
      expandComponentName(
        'redis',
        cluster.filter((c) => c !== 'redis'),
      ),
    ).toThrow(/embedded in-memory store/);
  });
});
