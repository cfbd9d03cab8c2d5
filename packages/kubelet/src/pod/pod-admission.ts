/**
 * Pod admission, as the kubelet's predicate admit handler does it for the pod count: a pod bound
 * to this node is started only if the node's active pods (admitted, not yet Succeeded or Failed)
 * leave room under `maxPods` (the kubelet's `--max-pods`, 110 by default, which the Node reports
 * as capacity and allocatable `pods`). A rejected pod is never started: the kubelet records a
 * Warning event and sets it Failed with reason `OutOfpods`. The scheduler's NodeResourcesFit
 * already counts pods, so this catches pods bound without it (`spec.nodeName` set by hand).
 */
import type { PodStatus } from '@kemu/api';

export type Admission = { admit: true } | { admit: false; reason: string; message: string };

/** Whether one more pod fits beside `activePods` on a node that takes `maxPods`. */
export function admitPodCount(activePods: number, maxPods: number): Admission {
  if (activePods + 1 <= maxPods) return { admit: true };
  return {
    admit: false,
    reason: 'OutOfpods',
    message: `Node didn't have enough resource: pods, requested: 1, used: ${activePods}, capacity: ${maxPods}`,
  };
}

/** The status of a rejected pod (kubelet's rejectPod): Failed, with the reason and its message. */
export function rejectedStatus(current: PodStatus | undefined, reason: string, message: string): PodStatus {
  return { qosClass: current?.qosClass, phase: 'Failed', reason, message: `Pod was rejected: ${message}` };
}
