/**
 * The arithmetic of a PodDisruptionBudget (pkg/controller/disruption): how many pods it expects,
 * how many must stay healthy, and so how many may be disrupted now.
 */
import type { Pod } from '@kemu/api';
import { isPodReady } from '../pod-util.js';

export type IntOrPercent = number | string;

export interface BudgetSpec {
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
}

/** `value` scaled against `total`: an int as is, `"N%"` rounded up. Throws on other strings. */
export function scaledValue(value: IntOrPercent, total: number): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) {
    if (/^\d+$/.test(value.trim())) return Number(value.trim());
    throw new Error(`invalid value for IntOrString: invalid value "${value}"`);
  }
  return Math.ceil((Number(m[1]) * total) / 100);
}

/** Whether the budget counts against its pods' controllers' scale: maxUnavailable, or minAvailable as a percentage. */
export function measuredAgainstScale(spec: BudgetSpec): boolean {
  if (spec.maxUnavailable !== undefined) return true;
  const min = spec.minAvailable ?? 1;
  return typeof min !== 'number' && !/^\d+$/.test(String(min).trim());
}

/**
 * desiredHealthy and expectedCount for a budget, given the pods it selects and the scale their
 * controllers ask for (`expectedScale`; the pod count when the pods have no scalable controller).
 */
export function desiredHealthy(
  spec: BudgetSpec,
  podCount: number,
  expectedScale: number | undefined,
): { desired: number; expected: number } {
  if (spec.maxUnavailable !== undefined) {
    const expected = expectedScale ?? podCount;
    return { desired: Math.max(0, expected - scaledValue(spec.maxUnavailable, expected)), expected };
  }
  const min = spec.minAvailable ?? 1;
  if (typeof min === 'number' || /^\d+$/.test(String(min).trim())) {
    return { desired: scaledValue(min, podCount), expected: podCount };
  }
  const expected = expectedScale ?? podCount;
  return { desired: scaledValue(min, expected), expected };
}

/** Pods counting as healthy: Ready, not being deleted, and not recently evicted (disruptedPods). */
export function countHealthy(pods: Pod[], disrupted: Record<string, string>): number {
  return pods.filter((p) => !p.metadata.deletionTimestamp && isPodReady(p) && !(p.metadata.name! in disrupted)).length;
}
