/**
 * Which plugins run is configuration, not code: a profile lists the plugins per extension point
 * (PreFilter and PreScore run for the Filter and Score plugins that implement them).
 */

export interface ScoreEntry {
  name: string;
  weight: number;
}

export interface Profile {
  schedulerName: string;
  plugins: {
    /** In order; a node is rejected by the first plugin that rejects it. */
    filter: string[];
    score: ScoreEntry[];
    /** Tried in order until one does not Skip. */
    bind: string[];
  };
  /** Per-plugin arguments, handed to the factory. */
  pluginConfig?: Record<string, unknown>;
  /**
   * Stop filtering once this percentage of the nodes (at least 100 nodes) is feasible, as
   * kube-scheduler's percentageOfNodesToScore; 0 or unset: adaptive (50 % minus 1 % per 125
   * nodes, at least 5 %), 100: every node.
   */
  percentageOfNodesToScore?: number;
}

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** kube-scheduler's default order and weights, for the plugins kemu has. */
export function defaultProfile(): Profile {
  return {
    schedulerName: DEFAULT_SCHEDULER_NAME,
    plugins: {
      filter: ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeReady', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit'],
      score: [
        { name: 'TaintToleration', weight: 3 },
        { name: 'NodeAffinity', weight: 2 },
        { name: 'SelectorSpread', weight: 2 },
        { name: 'NodeResourcesFit', weight: 1 },
      ],
      bind: ['DefaultBinder'],
    },
  };
}
