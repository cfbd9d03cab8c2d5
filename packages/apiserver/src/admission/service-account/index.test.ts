import { describe, expect, it } from 'vitest';
import { R } from '@kemu/api';
import { podAttributes, specOf } from '../../testing/admission-attributes.js';
import { serviceAccount } from './index.js';

describe('ServiceAccount admission', () => {
  it.each([
    [{}, 'default'],
    [{ serviceAccountName: 'builder' }, 'builder'],
    [{ serviceAccount: 'legacy' }, 'legacy'],
    [{ serviceAccountName: 'a', serviceAccount: 'b' }, 'a'],
  ])('defaults %j to %s on create, serviceAccount mirroring it', (spec, want) => {
    const a = podAttributes('CREATE', { ...spec });
    serviceAccount.admit!(a);
    expect(specOf(a)).toMatchObject({ serviceAccountName: want, serviceAccount: want });
  });

  it("keeps the pod's account when an update leaves it out", () => {
    const a = podAttributes('UPDATE', {}, { serviceAccountName: 'builder', serviceAccount: 'builder' });
    serviceAccount.admit!(a);
    expect(specOf(a)).toMatchObject({ serviceAccountName: 'builder', serviceAccount: 'builder' });
  });

  it('handles pods only, not their subresources', () => {
    expect(serviceAccount.handles('CREATE', R.pods)).toBe(true);
    expect(serviceAccount.handles('UPDATE', R.pods, 'status')).toBe(false);
    expect(serviceAccount.handles('CREATE', R.services)).toBe(false);
    expect(serviceAccount.handles('DELETE', R.pods)).toBe(false);
  });
});
