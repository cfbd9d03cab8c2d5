import { describe, expect, it } from 'vitest';
import { podAttributes, specOf } from '../../testing/admission-attributes.js';
import { TAINT_NOT_READY as NOT_READY_TAINT, TAINT_UNREACHABLE as UNREACHABLE_TAINT } from '@kemu/api';
import { defaultTolerationSeconds } from './index.js';

const toleration = (key: string, seconds: number) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });

describe('DefaultTolerationSeconds admission', () => {
  it("adds both NoExecute tolerations for the profile's seconds", () => {
    const a = podAttributes('CREATE', {}, undefined, 5);
    defaultTolerationSeconds.admit!(a);
    expect(specOf(a).tolerations).toEqual([toleration(NOT_READY_TAINT, 5), toleration(UNREACHABLE_TAINT, 5)]);
  });

  it('keeps a toleration the pod has and adds only the missing one', () => {
    const own = { key: NOT_READY_TAINT, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 };
    const a = podAttributes('CREATE', { tolerations: [own] });
    defaultTolerationSeconds.admit!(a);
    expect(specOf(a).tolerations).toEqual([own, toleration(UNREACHABLE_TAINT, 300)]);
  });

  it('adds nothing to a pod that tolerates every taint', () => {
    const a = podAttributes('CREATE', { tolerations: [{ operator: 'Exists' }] });
    defaultTolerationSeconds.admit!(a);
    expect(specOf(a).tolerations).toEqual([{ operator: 'Exists' }]);
  });
});
