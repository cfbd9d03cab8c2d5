/**
 * TaintToleration: Filter rejects nodes with a NoSchedule/NoExecute taint the pod does not
 * tolerate; Score prefers nodes with fewer untolerated PreferNoSchedule taints.
 */
import { findUntoleratedTaint, tolerates, type Pod } from '@kemu/api';
import { MAX_NODE_SCORE, type FilterPlugin, type NodeScore, type PluginFactory, type ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { unresolvable, type Status } from '../../framework/status.js';

export const name = 'TaintToleration';

export class TaintToleration implements FilterPlugin, ScorePlugin {
  readonly name = name;

  filter(_s: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    if (!node.node.spec?.taints?.length) return undefined;
    const taint = findUntoleratedTaint(node.node.spec?.taints, pod.spec.tolerations, ['NoSchedule', 'NoExecute']);
    return taint ? unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`) : undefined;
  }

  /** Raw score: the number of intolerable PreferNoSchedule taints (lower is better). */
  score(_s: unknown, pod: Pod, node: NodeInfo): number {
    if (!node.node.spec?.taints?.length) return 0;
    const prefer = (pod.spec.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    return (node.node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerates(prefer, t)).length;
  }

  normalizeScore(_s: unknown, _pod: Pod, scores: NodeScore[]): void {
    reverseNormalize(scores);
  }
}

/** Maps raw scores onto [0, MAX] with the highest raw score getting 0. */
export function reverseNormalize(scores: NodeScore[]): void {
  const max = Math.max(0, ...scores.map((s) => s.score));
  for (const s of scores) s.score = max === 0 ? MAX_NODE_SCORE : Math.floor(MAX_NODE_SCORE - (MAX_NODE_SCORE * s.score) / max);
}

export const factory: PluginFactory = () => new TaintToleration();
