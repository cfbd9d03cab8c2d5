/**
 * SelectorSpread: spreads the pods of one workload across nodes. A pod's peers are the pods in
 * its namespace with the same controller (ownerReference with controller=true), or, for pods
 * without a controller, the same non-empty labels (framework/workload-key.ts). Nodes with fewer
 * peers score higher.
 *
 * The peer count of a node is NodeInfo's per-workload count, kept up to date by the cache on
 * every pod add and remove: scoring a node is one map lookup, whatever the number of pods.
 */
import { controllerOf, deepEqual, type Pod } from '@kemu/api';
import { MAX_NODE_SCORE, type NodeScore, type PluginFactory, type ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { workloadKey } from '../../framework/workload-key.js';

export const name = 'SelectorSpread';

/** The peer relation the counts implement (reference for tests). */
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

  /** Raw score: the number of peers on the node. (The pod being scheduled is on no node yet.) */
  score(_s: unknown, pod: Pod, node: NodeInfo): number {
    const key = workloadKey(pod);
    return key === undefined ? 0 : node.workloadCount(key);
  }

  normalizeScore(_s: unknown, _pod: Pod, scores: NodeScore[]): void {
    let max = 0;
    for (const s of scores) if (s.score > max) max = s.score;
    for (const s of scores) s.score = max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max - s.score)) / max);
  }
}

export const factory: PluginFactory = () => new SelectorSpread();
