/**
 * Taints and tolerations as core/v1's helpers define them: whether tolerations tolerate a taint
 * (the taint keys the control plane sets are in well-known.ts). One implementation for the scheduler's
 * filters and the node-lifecycle controller's NoExecute evictions.
 */
import type { Taint, Toleration } from './types.js';

/**
 * Whether `t` tolerates `taint`: an empty effect matches every effect, an empty key (with
 * Exists) every key; operator Equal (the default) compares values, Exists ignores them.
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** Whether any of `tolerations` tolerates `taint`. */
export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint with one of `effects` that no toleration tolerates. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  effects: readonly Taint['effect'][],
): Taint | undefined {
  return (taints ?? []).find((taint) => effects.includes(taint.effect) && !tolerates(tolerations, taint));
}
