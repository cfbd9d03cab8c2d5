import { describe, expect, it } from 'vitest';
import { NodeInfo } from '../../framework/node-info.js';
import { makeNode, makePod } from '../../testing/fixtures.js';
import { NodeName, REASON } from './index.js';

describe('NodeName', () => {
  it.each([
    { name: 'no nodeName fits anywhere', nodeName: undefined, want: undefined },
    { name: 'matching nodeName fits', nodeName: 'n1', want: undefined },
    { name: 'other nodeName rejects', nodeName: 'n2', want: REASON },
  ])('$name', ({ nodeName, want }) => {
    const s = new NodeName().filter(undefined, makePod('p', { nodeName }), new NodeInfo(makeNode('n1')));
    expect(s?.reasons[0]).toBe(want);
  });
});
