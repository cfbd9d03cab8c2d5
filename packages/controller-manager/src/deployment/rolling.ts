/**
 * The RollingUpdate strategy (pkg/controller/deployment/rolling.go): one step per sync — scale
 * the new ReplicaSet up within maxSurge, scale old ones down without dropping below
 * `replicas - maxUnavailable` available pods (unhealthy old pods go first).
 */
import type { Deployment, ReplicaSet } from '@kemu/api';
import { syncRolloutStatus } from './progress.js';
import type { SyncDeps } from './sync.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync.js';
import {
  availableReplicaCount,
  byCreationTimestamp,
  deploymentComplete,
  filterActive,
  maxUnavailable,
  newRSNewReplicas,
  replicasOf,
  rsReplicas,
  specReplicaCount,
} from './util.js';

export async function rolloutRolling(deps: SyncDeps, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, true);
  const allRSs = [...oldRSs, newRS];

  if (await reconcileNewReplicaSet(deps, allRSs, newRS!, d, rsList)) {
    return syncRolloutStatus(deps, allRSs, newRS, d);
  }
  if (await reconcileOldReplicaSets(deps, allRSs, filterActive(oldRSs), newRS!, d, rsList)) {
    return syncRolloutStatus(deps, allRSs, newRS, d);
  }
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(deps, oldRSs, d);
  return syncRolloutStatus(deps, allRSs, newRS, d);
}

async function reconcileNewReplicaSet(
  deps: SyncDeps,
  allRSs: (ReplicaSet | undefined)[],
  newRS: ReplicaSet,
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<boolean> {
  if (rsReplicas(newRS) === replicasOf(d)) return false;
  if (rsReplicas(newRS) > replicasOf(d)) {
    return scaleReplicaSetAndRecordEvent(deps, newRS, replicasOf(d), d, rsList);
  }
  return scaleReplicaSetAndRecordEvent(deps, newRS, newRSNewReplicas(d, allRSs, newRS), d, rsList);
}

async function reconcileOldReplicaSets(
  deps: SyncDeps,
  allRSs: (ReplicaSet | undefined)[],
  oldRSs: ReplicaSet[],
  newRS: ReplicaSet,
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<boolean> {
  if (specReplicaCount(oldRSs) === 0) return false;
  const allPods = specReplicaCount(allRSs);
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;

  const { remaining, cleaned } = await cleanupUnhealthyReplicas(deps, oldRSs, d, maxScaledDown, rsList);
  const scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(deps, [...remaining, newRS], remaining, d, rsList);
  return cleaned + scaledDown > 0;
}

/** Scales down old ReplicaSets' unavailable pods first, at most `maxCleanup`. */
async function cleanupUnhealthyReplicas(
  deps: SyncDeps,
  oldRSs: ReplicaSet[],
  d: Deployment,
  maxCleanup: number,
  rsList: ReplicaSet[],
): Promise<{ remaining: ReplicaSet[]; cleaned: number }> {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  const remaining: ReplicaSet[] = [];
  for (const rs of sorted) {
    if (total >= maxCleanup) {
      remaining.push(rs);
      continue;
    }
    const available = rs.status?.availableReplicas ?? 0;
    if (rsReplicas(rs) === 0 || rsReplicas(rs) === available) {
      remaining.push(rs);
      continue;
    }
    const n = Math.min(maxCleanup - total, rsReplicas(rs) - available);
    const newCount = rsReplicas(rs) - n;
    await scaleReplicaSetAndRecordEvent(deps, rs, newCount, d, rsList);
    remaining.push(rsList.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs);
    total += n;
  }
  return { remaining, cleaned: total };
}

/** Scales old ReplicaSets down while keeping `replicas - maxUnavailable` pods available. */
async function scaleDownOldReplicaSetsForRollingUpdate(
  deps: SyncDeps,
  allRSs: ReplicaSet[],
  oldRSs: ReplicaSet[],
  d: Deployment,
  rsList: ReplicaSet[],
): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const toScaleDown = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= toScaleDown) break;
    if (rsReplicas(rs) === 0) continue;
    const n = Math.min(rsReplicas(rs), toScaleDown - total);
    await scaleReplicaSetAndRecordEvent(deps, rs, rsReplicas(rs) - n, d, rsList);
    total += n;
  }
  return total;
}
