import { describe, expect, it } from 'vitest';
import { NodeInfo } from '../../framework/node-info.js';
import { makeNode, makePod } from '../../testing/fixtures.js';
import { NodeResourcesFit } from './index.js';

function nodeWith(opts: { cpu?: string; memory?: string; pods?: string }, existing: { cpu?: string; memory?: string }[] = []): NodeInfo {
  const n = new NodeInfo(makeNode('n', opts));
  existing.forEach((r, i) => n.addPod(makePod(`e${i}`, { ...r, nodeName: 'n' })));
  return n;
}

describe('NodeResourcesFit filter', () => {
  const plugin = new NodeResourcesFit();
  it.each([
    { name: 'fits on an empty node', node: nodeWith({ cpu: '2' }), pod: { cpu: '1' }, want: [] },
    {
      name: 'counts requests of pods already there',
      node: nodeWith({ cpu: '2' }, [{ cpu: '1500m' }]),
      pod: { cpu: '600m' },
      want: ['Insufficient cpu'],
    },
    { name: 'exactly full still fits', node: nodeWith({ cpu: '2' }, [{ cpu: '1500m' }]), pod: { cpu: '500m' }, want: [] },
    { name: 'memory', node: nodeWith({ memory: '1Gi' }, [{ memory: '800Mi' }]), pod: { memory: '300Mi' }, want: ['Insufficient memory'] },
    {
      name: 'both',
      node: nodeWith({ cpu: '1', memory: '1Gi' }),
      pod: { cpu: '2', memory: '2Gi' },
      want: ['Insufficient cpu', 'Insufficient memory'],
    },
    { name: 'pods with no requests always fit cpu and memory', node: nodeWith({ cpu: '1' }, [{ cpu: '1' }]), pod: {}, want: [] },
    { name: 'pod count', node: nodeWith({ pods: '2' }, [{}, {}]), pod: {}, want: ['Too many pods'] },
  ])('$name', ({ node, pod, want }) => {
    expect(plugin.filter(undefined, makePod('p', pod), node)?.reasons ?? []).toEqual(want);
  });

  it('checks other requested resources against allocatable', () => {
    const pod = makePod('p', { spec: { containers: [{ name: 'c', resources: { requests: { 'example.com/gpu': '1' } } }] } });
    expect(plugin.filter(undefined, pod, nodeWith({}))?.reasons).toEqual(['Insufficient example.com/gpu']);
  });

  it('takes the largest init container when it exceeds the app containers', () => {
    const pod = makePod('p', {
      spec: {
        initContainers: [{ name: 'i', resources: { requests: { cpu: '3' } } }],
        containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }],
      },
    });
    expect(plugin.filter(undefined, pod, nodeWith({ cpu: '2' }))?.reasons).toEqual(['Insufficient cpu']);
  });
});

describe('NodeResourcesFit score (LeastAllocated)', () => {
  it('prefers the emptier node', () => {
    const plugin = new NodeResourcesFit();
    const pod = makePod('p', { cpu: '1', memory: '1Gi' });
    const empty = plugin.score(undefined, pod, nodeWith({ cpu: '4', memory: '4Gi' }));
    const busy = plugin.score(undefined, pod, nodeWith({ cpu: '4', memory: '4Gi' }, [{ cpu: '2', memory: '2Gi' }]));
    expect(empty).toBe(75);
    expect(busy).toBe(25);
  });
});
