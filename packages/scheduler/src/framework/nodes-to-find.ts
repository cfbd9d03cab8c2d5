/**
 * How many feasible nodes a cycle looks for before it stops filtering, as kube-scheduler's
 * numFeasibleNodesToFind: every node in clusters under 100 nodes; otherwise the profile's
 * percentageOfNodesToScore of them (adaptive when 0: 50 % minus 1 % per 125 nodes, never under
 * 5 %), never fewer than 100. Scoring a sample keeps a cycle's cost flat as clusters grow; the
 * scheduler starts each cycle's search where the last one stopped, so every node is considered
 * in turn.
 */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
const DEFAULT_PERCENTAGE_BASE = 50;
const NODES_PER_PERCENT = 125;

export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) return numAllNodes;
  let pct = percentageOfNodesToScore;
  if (pct <= 0) {
    pct = DEFAULT_PERCENTAGE_BASE - numAllNodes / NODES_PER_PERCENT;
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.floor((numAllNodes * pct) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}
