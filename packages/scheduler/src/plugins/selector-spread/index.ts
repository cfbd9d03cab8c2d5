/**
 * SelectorSpread: spreads the pods of one workload across nodes. A pod's peers are the pods in
 * its namespace with the same controller (ownerReference with controller=true), or, for pods
 * without a controller, the same non-empty labels. Nodes with fewer peers score higher.
 */
import { controllerOf, deepEqual, type Pod } from '@kemu/api';
import { MAX_NODE_SCORE, type NodeScore, type PluginFactory, type ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';

export const name = 'SelectorSpread';

export function isPeer(pod: Pod, other: Pod): boolean {
  if (other.metadata.namespace !== pod.metadata.namespace) return false;
  if (other.metadata.uid && other.metadata.uid === pod.metadata.uid) return false;
  if (other.metadata.deletionTimestamp) return false;
  const owner = controllerOf(pod);
  if (owner) return controllerOf(other)?.uid === owner.uid;
  const labels = pod.metadata.labels ?? {};
  return Object.keys(labels).length > 0 && !controllerOf(other) && deepEqual(labels, other.metadata.labels ?? {});
}

export class SelectorSpread implements ScorePlugin {
  readonly name = name;

  /** Raw score: the number of peers on the node. */
  score(_s: unknown, pod: Pod, node: NodeInfo): number {
    return node.pods.filter((p) => isPeer(pod, p)).length;
  }

  normalizeScore(_s: unknown, _pod: Pod, scores: NodeScore[]): void {
    const max = Math.max(0, ...scores.map((s) => s.score));
    for (const s of scores) s.score = max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max - s.score)) / max);
  }
}

export const factory: PluginFactory = () => new SelectorSpread();
