import { describe, expect, it } from 'vitest';
import { R, type Namespace } from '@kemu/api';
import { namespaceStrategy } from './namespaces.js';

const ns = (finalizers?: string[]): Namespace =>
  ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'a' },
    spec: finalizers ? { finalizers } : undefined,
    status: { phase: 'Active' },
  }) as Namespace;

describe('namespace strategy', () => {
  const s = namespaceStrategy(R.namespaces);

  it('counts spec.finalizers as pending finalizers', () => {
    expect(s.pendingFinalizers!(ns(['kubernetes']))).toBe(1);
    expect(s.pendingFinalizers!(ns([]))).toBe(0);
    expect(s.pendingFinalizers!(ns())).toBe(0);
  });

  it('turns a namespace being deleted Terminating', () => {
    const obj = ns(['kubernetes']);
    s.prepareForDelete!(obj);
    expect(obj.status?.phase).toBe('Terminating');
  });

  it('takes only spec.finalizers from a finalize write', () => {
    const next = { ...ns([]), metadata: { name: 'a', labels: { x: 'y' } } };
    const built = s.prepareForSubresourceUpdate!('finalize', next, ns(['kubernetes', 'other'])) as Namespace;
    expect(built.spec?.finalizers).toEqual([]);
    expect(built.metadata.labels).toBeUndefined();
    expect(s.prepareForSubresourceUpdate!('scale', next, ns())).toBeUndefined();
  });
});
