/**
 * NodeAffinity: spec.nodeSelector and requiredDuringScheduling node affinity filter nodes;
 * preferredDuringScheduling terms score them (sum of matching weights, normalised).
 */
import type { Pod } from '@kemu/api';
import { MAX_NODE_SCORE, type FilterPlugin, type NodeScore, type PluginFactory, type ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { unresolvable, type Status } from '../../framework/status.js';
import { matchAnyTerm, matchTerm, type NodeAffinity as Affinity } from './node-selector-term.js';

export const name = 'NodeAffinity';
export const REASON = "node(s) didn't match Pod's node affinity/selector";

function nodeAffinityOf(pod: Pod): Affinity | undefined {
  return (pod.spec.affinity as { nodeAffinity?: Affinity } | undefined)?.nodeAffinity;
}

export class NodeAffinity implements FilterPlugin, ScorePlugin {
  readonly name = name;

  filter(_s: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    const selector = pod.spec.nodeSelector;
    if (selector) {
      const labels = node.node.metadata.labels ?? {};
      for (const k in selector) if (labels[k] !== selector[k]) return unresolvable(REASON);
    }
    const terms = nodeAffinityOf(pod)?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    if (terms && !matchAnyTerm(terms, node.node)) return unresolvable(REASON);
    return undefined;
  }

  score(_s: unknown, pod: Pod, node: NodeInfo): number {
    const preferred = nodeAffinityOf(pod)?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred) return 0;
    let sum = 0;
    for (const p of preferred) {
      if (p.weight && matchTerm(p.preference, node.node)) sum += p.weight;
    }
    return sum;
  }

  normalizeScore(_s: unknown, _pod: Pod, scores: NodeScore[]): void {
    const max = Math.max(0, ...scores.map((s) => s.score));
    for (const s of scores) s.score = max === 0 ? 0 : Math.floor((MAX_NODE_SCORE * s.score) / max);
  }
}

export const factory: PluginFactory = () => new NodeAffinity();
