/**
 * Rollout progress (pkg/controller/deployment/progress.go): the Progressing condition —
 * ReplicaSetUpdated while replicas move, NewReplicaSetAvailable when complete,
 * ProgressDeadlineExceeded when nothing moved for progressDeadlineSeconds — and the requeue that
 * notices a stuck rollout without any event.
 */
import type { Condition, Deployment, DeploymentStatus, ReplicaSet } from '@kemu/api';
import { rfc3339 } from '@kemu/api';
import type { SyncDeps } from './sync.js';
import { calculateStatus, statusEqual, writeDeployment } from './sync.js';
import {
  Reason,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  hasProgressDeadline,
  newCondition,
  progressDeadlineSeconds,
  removeDeploymentCondition,
  setDeploymentCondition,
} from './util.js';

export async function syncRolloutStatus(
  deps: SyncDeps,
  allRSs: (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): Promise<void> {
  const nowMs = deps.now();
  const now = rfc3339(nowMs);
  const status = calculateStatus(allRSs, newRS, d, nowMs);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(status, 'Progressing');

  const current = getDeploymentCondition(d.status, 'Progressing');
  const isComplete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setDeploymentCondition(
        status,
        newCondition('Progressing', 'True', Reason.NewRSAvailable, `${subject} has successfully progressed.`, now),
      );
    } else if (deploymentProgressing(d, status)) {
      const cond = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, `${subject} is progressing.`, now);
      if (current) {
        if (current.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
        removeDeploymentCondition(status, 'Progressing');
      }
      setDeploymentCondition(status, cond);
    } else if (deploymentTimedOut(d, status, nowMs)) {
      setDeploymentCondition(status, newCondition('Progressing', 'False', Reason.TimedOut, `${subject} has timed out progressing.`, now));
    }
  }

  const failure = replicaFailure(allRSs, newRS);
  if (failure) setDeploymentCondition(status, failure);
  else removeDeploymentCondition(status, 'ReplicaFailure');

  if (statusEqual(d.status, status)) {
    requeueStuckDeployment(deps, d, status);
    return;
  }
  d.status = status;
  await writeDeployment(deps, d);
}

/** The ReplicaFailure condition of the new ReplicaSet, else of any other. */
function replicaFailure(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Condition | undefined {
  const pick = (rs: ReplicaSet | undefined) => rs?.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  const c =
    pick(newRS) ??
    allRSs
      .filter((rs) => rs !== newRS)
      .map(pick)
      .find(Boolean);
  if (!c) return undefined;
  return {
    type: 'ReplicaFailure',
    status: c.status,
    lastUpdateTime: c.lastTransitionTime,
    lastTransitionTime: c.lastTransitionTime,
    reason: c.reason,
    message: c.message,
  };
}

/**
 * Requeues a deployment so it is seen again when its progress deadline passes; returns the delay
 * in ms, or -1 when nothing needs watching.
 */
export function requeueStuckDeployment(deps: SyncDeps, d: Deployment, status: DeploymentStatus): number {
  const cur = getDeploymentCondition(d.status, 'Progressing');
  const deadline = progressDeadlineSeconds(d);
  if (deadline === undefined || !cur) return -1;
  if (deploymentComplete(d, status) || cur.reason === Reason.TimedOut) return -1;
  const from = cur.lastUpdateTime ? Date.parse(cur.lastUpdateTime) : NaN;
  if (Number.isNaN(from)) return -1;
  const after = from + deadline * 1000 - deps.now();
  if (after < 1000) {
    deps.enqueueRateLimited(d);
    return 0;
  }
  deps.enqueueAfter(d, after + 1000);
  return after;
}
