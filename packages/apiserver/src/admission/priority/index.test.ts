import { describe, expect, it } from 'vitest';
import { R } from '@kemu/api';
import { podAttributes, specOf } from '../../testing/admission-attributes.js';
import { priority } from './index.js';

describe('Priority admission', () => {
  it.each([
    [{}, { priority: 0, preemptionPolicy: 'PreemptLowerPriority' }],
    [{ priority: 7 }, { priority: 7, preemptionPolicy: 'PreemptLowerPriority' }],
    [{ preemptionPolicy: 'Never' }, { priority: 0, preemptionPolicy: 'Never' }],
  ])('creates %j as %j', (spec, want) => {
    const a = podAttributes('CREATE', { ...spec });
    priority.admit!(a);
    expect(specOf(a)).toEqual(want);
  });

  it('leaves the priority of a pod naming a class unset', () => {
    const a = podAttributes('CREATE', { priorityClassName: 'high' });
    priority.admit!(a);
    expect(specOf(a).priority).toBeUndefined();
    expect(specOf(a).preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('keeps the stored priority and policy when an update leaves them out', () => {
    const a = podAttributes(
      'UPDATE',
      { priorityClassName: 'high' },
      { priorityClassName: 'high', priority: 1000, preemptionPolicy: 'Never' },
    );
    priority.admit!(a);
    expect(specOf(a)).toMatchObject({ priority: 1000, preemptionPolicy: 'Never' });
  });

  it('handles pods only', () => {
    expect(priority.handles('CREATE', R.pods)).toBe(true);
    expect(priority.handles('CREATE', R.deployments)).toBe(false);
  });
});
