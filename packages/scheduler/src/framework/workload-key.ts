/**
 * Which workload a pod belongs to, for spreading: its controller (ownerReference with
 * controller=true) when it has one, otherwise its exact non-empty label set, always within its
 * namespace. Two pods are peers when their keys are equal. NodeInfo keeps a count of pods per
 * key, so "how many peers on this node" is one map lookup instead of a scan of the node's pods.
 *
 * Memoized per object (informer objects never change; a new version is a new object).
 */
import { controllerOf, type Pod } from '@kemu/api';

const memo = new WeakMap<Pod, string | null>();

/** The key of the workload `pod` belongs to; undefined when it belongs to none (no controller, no labels). */
export function workloadKey(pod: Pod): string | undefined {
  let k = memo.get(pod);
  if (k === undefined) {
    k = computeKey(pod);
    memo.set(pod, k);
  }
  return k ?? undefined;
}

function computeKey(pod: Pod): string | null {
  const ns = pod.metadata.namespace ?? '';
  const owner = controllerOf(pod);
  if (owner) return `${ns}\0c\0${owner.uid ?? ''}`;
  const labels = pod.metadata.labels;
  if (!labels) return null;
  const names = Object.keys(labels);
  if (names.length === 0) return null;
  names.sort();
  let s = `${ns}\0l`;
  for (const n of names) s += `\0${n}\0${labels[n]}`;
  return s;
}
