/**
 * The parts of a deployment sync every strategy shares (pkg/controller/deployment/sync.go):
 * finding or creating the new ReplicaSet and syncing revisions, scaling (proportionally while a
 * rollout is under way), cleaning up history, and computing status.
 *
 * Every function works on `d`, the sync's private copy of the Deployment; ReplicaSets come from
 * the cache and are copied before any change.
 */
import type { Deployment, DeploymentStatus, ReplicaSet } from '@kemu/api';
import {
  ANNOTATION_DEPLOYMENT_REVISION,
  LABEL_POD_TEMPLATE_HASH,
  R,
  clone,
  controllerOf,
  controllerRef,
  deepEqual,
  isAlreadyExists,
  rfc3339,
} from '@kemu/api';
import type { Client, EventRecorder, Lister } from '@kemu/client';
import type { Logger } from 'pino';
import { computeHash } from './pod-template-hash.js';
import {
  Reason,
  actualReplicaCount,
  availableReplicaCount,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  desiredReplicasAnnotation,
  equalIgnoreHash,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getDeploymentCondition,
  getProportion,
  hasProgressDeadline,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newCondition,
  newRSNewReplicas,
  readyReplicaCount,
  replicasAnnotationsNeedUpdate,
  replicasOf,
  revisionHistoryLimit,
  rsReplicas,
  selectorWithLabel,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  specReplicaCount,
} from './util.js';

/** What the sync functions need from the controller. */
export interface SyncDeps {
  client: Client;
  recorder: EventRecorder;
  rsLister: Lister<ReplicaSet>;
  now(): number;
  logger: Logger;
  enqueueAfter(d: Deployment, ms: number): void;
  enqueueRateLimited(d: Deployment): void;
}

// ---- writes ----------------------------------------------------------------------------------

/**
 * Persists d: its annotations first when asked (a plain update; status updates may not carry
 * metadata), then its status. `d` takes the server's answer so later writes carry the new
 * resourceVersion.
 */
export async function writeDeployment(deps: SyncDeps, d: Deployment, annotations = false): Promise<void> {
  if (annotations) {
    const u = await deps.client.update<Deployment>(R.deployments, d);
    d.metadata = u.metadata;
  }
  const status = d.status;
  const u = await deps.client.updateStatus<Deployment>(R.deployments, d);
  d.metadata = u.metadata;
  d.status = u.status ?? status;
}

function replaceRS(rsList: ReplicaSet[], updated: ReplicaSet): void {
  const i = rsList.findIndex((r) => r.metadata.uid === updated.metadata.uid);
  if (i >= 0) rsList[i] = updated;
}

// ---- new and old ReplicaSets -------------------------------------------------------------------

/**
 * The new ReplicaSet (created when `create` and missing) and all old ones, with the new one's
 * revision raised above the old ones and the deployment's revision annotation following it.
 */
export async function getAllReplicaSetsAndSyncRevision(
  deps: SyncDeps,
  d: Deployment,
  rsList: ReplicaSet[],
  create: boolean,
): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
  const [, allOldRSs] = findOldReplicaSets(d, rsList);
  const newRS = await getNewReplicaSet(deps, d, rsList, allOldRSs, create);
  return { newRS, oldRSs: allOldRSs };
}

async function getNewReplicaSet(
  deps: SyncDeps,
  d: Deployment,
  rsList: ReplicaSet[],
  oldRSs: ReplicaSet[],
  create: boolean,
): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = maxRevision(oldRSs) + 1;
  const now = rfc3339(deps.now());

  if (existing) {
    const rsCopy = clone(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const minReadyNeedsUpdate = (rsCopy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyNeedsUpdate) {
      rsCopy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
      const updated = await deps.client.update<ReplicaSet>(R.replicasets, rsCopy);
      replaceRS(rsList, updated);
      return updated;
    }
    const annotationsChanged = setDeploymentRevision(d, rsCopy.metadata.annotations?.[ANNOTATION_DEPLOYMENT_REVISION] ?? '');
    let needsUpdate = annotationsChanged;
    if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, 'Progressing')) {
      d.status ??= {};
      setDeploymentCondition(
        d.status,
        newCondition('Progressing', 'True', Reason.FoundNewRS, `Found new replica set "${rsCopy.metadata.name}"`, now),
      );
      needsUpdate = true;
    }
    if (needsUpdate) await writeDeployment(deps, d, annotationsChanged);
    return rsCopy;
  }
  if (!create) return undefined;

  const template = clone(d.spec.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = {
    ...(template.metadata ?? {}),
    labels: { ...(d.spec.template.metadata?.labels ?? {}), [LABEL_POD_TEMPLATE_HASH]: hash },
  };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [controllerRef(d, 'apps/v1', 'Deployment')],
      labels: { ...template.metadata.labels! },
    },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec.minReadySeconds ?? 0,
      selector: selectorWithLabel(d.spec.selector, LABEL_POD_TEMPLATE_HASH, hash),
      template,
    },
  };
  const newReplicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs.spec.replicas = newReplicas;
  setNewReplicaSetAnnotations(d, rs, newRevision, false);

  let created: ReplicaSet;
  let alreadyExists = false;
  try {
    created = await deps.client.create<ReplicaSet>(R.replicasets, d.metadata.namespace, rs);
  } catch (err) {
    if (isAlreadyExists(err)) {
      alreadyExists = true;
      const found =
        deps.rsLister.get(`${d.metadata.namespace}/${rs.metadata.name}`) ??
        (await deps.client.get<ReplicaSet>(R.replicasets, d.metadata.namespace, rs.metadata.name!));
      if (controllerOf(found)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, found.spec.template)) {
        created = found;
      } else {
        // A hash collision: another template owns this name. Bump collisionCount and retry.
        d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
        await writeDeployment(deps, d).catch(() => undefined);
        deps.logger.info(
          { deployment: d.metadata.name, collisionCount: d.status.collisionCount },
          'Found a hash collision for deployment - bumping collisionCount to resolve it',
        );
        throw err;
      }
    } else {
      const msg = `Failed to create new replica set "${rs.metadata.name}": ${(err as Error).message}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setDeploymentCondition(d.status, newCondition('Progressing', 'False', Reason.FailedRSCreate, msg, now));
        await writeDeployment(deps, d).catch(() => undefined);
      }
      deps.recorder.event(d, 'Warning', Reason.FailedRSCreate, msg);
      throw err;
    }
  }
  rsList.push(created);
  if (!alreadyExists && newReplicas > 0) {
    deps.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${newReplicas}`);
  }
  const annotationsChanged = setDeploymentRevision(d, String(newRevision));
  let needsUpdate = annotationsChanged;
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setDeploymentCondition(
      d.status,
      newCondition('Progressing', 'True', Reason.NewReplicaSet, `Created new replica set "${created.metadata.name}"`, now),
    );
    needsUpdate = true;
  }
  if (needsUpdate) await writeDeployment(deps, d, annotationsChanged);
  return created;
}

// ---- scaling -----------------------------------------------------------------------------------

/** Sets a ReplicaSet's size and replicas annotations; records ScalingReplicaSet when the size changed. */
export async function scaleReplicaSet(
  deps: SyncDeps,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
  rsList?: ReplicaSet[],
): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const oldScale = rsReplicas(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const max = replicasOf(d) + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max)) return { scaled: false, rs };
  const rsCopy = clone(rs);
  rsCopy.spec.replicas = newScale;
  setReplicasAnnotations(rsCopy, replicasOf(d), max);
  const updated = await deps.client.update<ReplicaSet>(R.replicasets, rsCopy);
  if (rsList) replaceRS(rsList, updated);
  if (sizeNeedsUpdate) {
    const op = oldScale < newScale ? 'up' : 'down';
    deps.logger.debug({ deployment: d.metadata.name, replicaSet: rs.metadata.name, from: oldScale, to: newScale }, 'Scaled replica set');
    deps.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/** Like scaleReplicaSet but a no-op when the size is already right. */
export async function scaleReplicaSetAndRecordEvent(
  deps: SyncDeps,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
  rsList?: ReplicaSet[],
): Promise<boolean> {
  if (rsReplicas(rs) === newScale) return false;
  return (await scaleReplicaSet(deps, rs, newScale, d, rsList)).scaled;
}

/**
 * Scales for a change of spec.replicas: the single active ReplicaSet takes it all; during a
 * rolling update the difference is spread over the active ReplicaSets in proportion to their size.
 */
export async function scale(
  deps: SyncDeps,
  d: Deployment,
  newRS: ReplicaSet | undefined,
  oldRSs: ReplicaSet[],
  rsList?: ReplicaSet[],
): Promise<void> {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (rsReplicas(activeOrLatest) === replicasOf(d)) return;
    await scaleReplicaSetAndRecordEvent(deps, activeOrLatest, replicasOf(d), d, rsList);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleReplicaSetAndRecordEvent(deps, old, 0, d, rsList);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActive([...oldRSs, newRS]);
  const allReplicas = specReplicaCount(allRSs);
  const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - allReplicas;
  if (toAdd > 0) allRSs.sort(bySizeNewer);
  else if (toAdd < 0) allRSs.sort(bySizeOlder);
  let added = 0;
  const sizes = new Map<string, number>();
  for (const rs of allRSs) {
    if (toAdd !== 0) {
      const p = getProportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name!, rsReplicas(rs) + p);
      added += p;
    } else {
      sizes.set(rs.metadata.name!, rsReplicas(rs));
    }
  }
  for (let i = 0; i < allRSs.length; i++) {
    const rs = allRSs[i];
    if (i === 0 && toAdd !== 0) sizes.set(rs.metadata.name!, Math.max(0, sizes.get(rs.metadata.name!)! + toAdd - added));
    await scaleReplicaSet(deps, rs, sizes.get(rs.metadata.name!)!, d, rsList);
  }
}

/** A scaling event: some active ReplicaSet was sized for a different spec.replicas. */
export async function isScalingEvent(deps: SyncDeps, d: Deployment, rsList: ReplicaSet[]): Promise<boolean> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  for (const rs of filterActive([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired !== undefined && desired !== replicasOf(d)) return true;
  }
  return false;
}

// ---- history -----------------------------------------------------------------------------------

/** Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit. */
export async function cleanupDeployment(deps: SyncDeps, oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
  const limit = revisionHistoryLimit(d);
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - limit;
  if (diff <= 0) return;
  cleanable.sort(byRevision);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i];
    if (
      (rs.status?.replicas ?? 0) !== 0 ||
      rsReplicas(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
      rs.metadata.deletionTimestamp
    )
      continue;
    deps.logger.debug({ deployment: d.metadata.name, replicaSet: rs.metadata.name }, 'Trying to cleanup replica set for deployment');
    try {
      await deps.client.delete(R.replicasets, rs.metadata.namespace, rs.metadata.name!, { preconditions: { uid: rs.metadata.uid } });
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'NotFound') throw err;
    }
  }
}

// ---- status ------------------------------------------------------------------------------------

export function calculateStatus(
  allRSs: (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
  now: number,
): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = specReplicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: [...(d.status?.conditions ?? [])],
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const t = rfc3339(now);
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setDeploymentCondition(
      status,
      newCondition('Available', 'True', Reason.MinimumReplicasAvailable, 'Deployment has minimum availability.', t),
    );
  } else {
    setDeploymentCondition(
      status,
      newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', t),
    );
  }
  return status;
}

/** Status equality where an absent count equals 0. */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  const norm = (s: DeploymentStatus | undefined) => ({
    observedGeneration: s?.observedGeneration ?? 0,
    replicas: s?.replicas ?? 0,
    updatedReplicas: s?.updatedReplicas ?? 0,
    readyReplicas: s?.readyReplicas ?? 0,
    availableReplicas: s?.availableReplicas ?? 0,
    unavailableReplicas: s?.unavailableReplicas ?? 0,
    collisionCount: s?.collisionCount,
    conditions: s?.conditions ?? [],
  });
  return deepEqual(norm(a), norm(b));
}

export async function syncDeploymentStatus(
  deps: SyncDeps,
  allRSs: (ReplicaSet | undefined)[],
  newRS: ReplicaSet | undefined,
  d: Deployment,
): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, deps.now());
  if (statusEqual(d.status, status)) return;
  d.status = status;
  await writeDeployment(deps, d);
}

/** Records DeploymentPaused / DeploymentResumed in the Progressing condition. */
export async function checkPausedConditions(deps: SyncDeps, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === Reason.TimedOut) return;
  const pausedCondExists = cond?.reason === Reason.PausedDeploy;
  const now = rfc3339(deps.now());
  d.status ??= {};
  if (d.spec.paused && !pausedCondExists) {
    setDeploymentCondition(d.status, newCondition('Progressing', 'Unknown', Reason.PausedDeploy, 'Deployment is paused', now));
  } else if (!d.spec.paused && pausedCondExists) {
    setDeploymentCondition(d.status, newCondition('Progressing', 'Unknown', Reason.ResumedDeploy, 'Deployment is resumed', now));
  } else {
    return;
  }
  await writeDeployment(deps, d);
}

/** Reconciles a paused deployment or a scaling event: scale, but no rollout. */
export async function sync(deps: SyncDeps, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  await scale(deps, d, newRS, oldRSs, rsList);
  if (d.spec.paused) await cleanupDeployment(deps, oldRSs, d);
  const fresh = (rs: ReplicaSet | undefined) => (rs ? (rsList.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs) : rs);
  await syncDeploymentStatus(deps, [...oldRSs.map(fresh), fresh(newRS)], fresh(newRS), d);
}

/** Only status: for deployments being deleted. */
export async function syncStatusOnly(deps: SyncDeps, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, false);
  await syncDeploymentStatus(deps, [...oldRSs, newRS], newRS, d);
}
