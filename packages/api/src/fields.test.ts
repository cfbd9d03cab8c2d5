import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from './fields.js';
import { objectFields } from './object-fields.js';

describe('field selectors', () => {
  const pod = { metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'node-1' }, status: { phase: 'Running' } };
  const fields = objectFields('', 'pods', pod);
  it.each([
    ['metadata.name=p', true],
    ['metadata.name==p', true],
    ['metadata.name!=p', false],
    ['spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed', true],
    ['status.phase=Pending', false],
    ['spec.nodeName=', false],
  ])('%j → %j', (sel, want) => {
    expect(parseFieldSelector(sel).matches(fields)).toBe(want);
  });
  it('selects unscheduled pods with an empty nodeName', () => {
    expect(parseFieldSelector('spec.nodeName=').matches(objectFields('', 'pods', { metadata: { name: 'q' }, spec: {} }))).toBe(true);
  });
  it('rejects malformed requirements', () => {
    expect(() => parseFieldSelector('nonsense')).toThrow();
  });
  it('knows the event involvedObject fields', () => {
    const ev = { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', uid: 'u' } };
    expect(parseFieldSelector('involvedObject.kind=Pod,involvedObject.uid=u').matches(objectFields('', 'events', ev))).toBe(true);
  });
});
