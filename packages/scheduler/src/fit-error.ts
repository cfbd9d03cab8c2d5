/**
 * The message of a failed scheduling attempt, worded as kube-scheduler's FitError:
 * `0/3 nodes are available: 1 node(s) had untolerated taint {k: v}, 2 Insufficient cpu.`
 * Each node contributes the reasons of the first plugin that rejected it; the histogram is
 * sorted as strings.
 */
import type { NodeToStatus } from './framework/framework.js';
import type { Status } from './framework/status.js';

export function fitErrorMessage(numAllNodes: number, filtered: NodeToStatus, preFilter?: Status): string {
  if (numAllNodes === 0) return 'no nodes available to schedule pods';
  const counts = new Map<string, number>();
  if (preFilter) {
    for (const r of preFilter.reasons) counts.set(r, numAllNodes);
  } else {
    for (const s of filtered.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort();
  return `0/${numAllNodes} nodes are available: ${parts.join(', ')}.`;
}
