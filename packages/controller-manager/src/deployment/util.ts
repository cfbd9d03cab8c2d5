/**
 * Deployment helpers (pkg/controller/deployment/util): revisions and annotations, surge and
 * unavailability arithmetic, finding the new and old ReplicaSets, replica counts, conditions and
 * the completeness / progress / timeout predicates `kubectl rollout status` relies on.
 */
import {
  ANNOTATION_DEPLOYMENT_DESIRED_REPLICAS,
  ANNOTATION_DEPLOYMENT_MAX_REPLICAS,
  ANNOTATION_DEPLOYMENT_REVISION,
  ANNOTATION_DEPLOYMENT_REVISION_HISTORY,
  ANNOTATION_LAST_APPLIED_CONFIGURATION,
  LABEL_POD_TEMPLATE_HASH,
} from '@kemu/api';
import type { Condition, Deployment, DeploymentStatus, IntOrString, LabelSelector, PodTemplateSpec, ReplicaSet } from '@kemu/api';
import { semanticEqual } from '../semantic-equal.js';

const RollbackToAnnotation = 'deprecated.deployment.rollback.to';

/** Revision-history annotation length cap (kube-controller-manager's default). */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

export const Reason = {
  NewReplicaSet: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  PausedDeploy: 'DeploymentPaused',
  ResumedDeploy: 'DeploymentResumed',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  FailedRSCreate: 'ReplicaSetCreateError',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

// ---- spec accessors with apps/v1 defaults (the apiserver normally sets them) -------------

export const replicasOf = (d: Deployment): number => d.spec.replicas ?? 1;
export const rsReplicas = (rs: ReplicaSet | undefined): number => rs?.spec.replicas ?? 0;
export const isRollingUpdate = (d: Deployment): boolean => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
export const isRecreate = (d: Deployment): boolean => d.spec.strategy?.type === 'Recreate';
export const revisionHistoryLimit = (d: Deployment): number => d.spec.revisionHistoryLimit ?? 10;
/** progressDeadlineSeconds, or undefined when there is none (unset defaults to 600; MaxInt32 = none). */
export function progressDeadlineSeconds(d: Deployment): number | undefined {
  const v = d.spec.progressDeadlineSeconds ?? 600;
  return v >= 2147483647 ? undefined : v;
}
export const hasProgressDeadline = (d: Deployment): boolean => progressDeadlineSeconds(d) !== undefined;

// ---- surge / unavailability ----------------------------------------------------------------

/** intstr.GetScaledValueFromIntOrPercent: percents of `total`, rounded up or down. */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean, dflt: string): number {
  const x = v ?? dflt;
  if (typeof x === 'number') return x;
  const m = /^(\d+)%$/.exec(x);
  if (!m) {
    if (/^\d+$/.test(x)) return Number(x);
    throw new Error(`invalid value for IntOrString: invalid value "${x}": must be an integer or percentage (e.g '5%')`);
  }
  const f = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(f) : Math.floor(f);
}

/** [maxSurge, maxUnavailable] resolved against `desired`; both 0 becomes unavailable 1. */
export function resolveFenceposts(d: Deployment, desired: number): [number, number] {
  const ru = d.spec.strategy?.rollingUpdate;
  const surge = scaledValue(ru?.maxSurge, desired, true, '25%');
  let unavailable = scaledValue(ru?.maxUnavailable, desired, false, '25%');
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d, replicasOf(d))[0];
}

export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  const u = resolveFenceposts(d, replicasOf(d))[1];
  return Math.min(u, replicasOf(d));
}

// ---- templates and ReplicaSet selection -------------------------------------------------

function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec | undefined {
  if (!t) return t;
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[LABEL_POD_TEMPLATE_HASH];
  return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
}

/** Templates equal ignoring the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b));
}

function created(rs: ReplicaSet): number {
  const t = rs.metadata.creationTimestamp ? Date.parse(rs.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Oldest first; name breaks ties. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  return created(a) - created(b) || (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);
}
/** Larger first; older first on ties. */
export const bySizeOlder = (a: ReplicaSet, b: ReplicaSet) => rsReplicas(b) - rsReplicas(a) || byCreationTimestamp(a, b);
/** Larger first; newer first on ties. */
export const bySizeNewer = (a: ReplicaSet, b: ReplicaSet) => rsReplicas(b) - rsReplicas(a) || byCreationTimestamp(b, a);
/** Lower revision first; creation time breaks ties. */
export const byRevision = (a: ReplicaSet, b: ReplicaSet) => revisionOf(a) - revisionOf(b) || byCreationTimestamp(a, b);

/** The oldest ReplicaSet whose template equals the deployment's (ignoring the hash label). */
export function findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** [old ReplicaSets with replicas, all old ReplicaSets]. */
export function findOldReplicaSets(d: Deployment, rsList: ReplicaSet[]): [ReplicaSet[], ReplicaSet[]] {
  const newRS = findNewReplicaSet(d, rsList);
  const all = rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
  return [all.filter((rs) => rsReplicas(rs) !== 0), all];
}

export const filterActive = (rss: (ReplicaSet | undefined)[]): ReplicaSet[] =>
  rss.filter((rs): rs is ReplicaSet => !!rs && rsReplicas(rs) > 0);

/** The only active ReplicaSet, or the newest when none is active; undefined when several are. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const olds = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActive([...olds, newRS]);
  if (active.length === 0) return newRS ?? olds[0];
  if (active.length === 1) return active[0];
  return undefined;
}

// ---- counts ---------------------------------------------------------------------------------

const sum = (rss: (ReplicaSet | undefined)[], f: (rs: ReplicaSet) => number) => rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);
/** Sum of spec.replicas. */
export const specReplicaCount = (rss: (ReplicaSet | undefined)[]) => sum(rss, rsReplicas);
/** Sum of status.replicas. */
export const actualReplicaCount = (rss: (ReplicaSet | undefined)[]) => sum(rss, (rs) => rs.status?.replicas ?? 0);
export const readyReplicaCount = (rss: (ReplicaSet | undefined)[]) => sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicaCount = (rss: (ReplicaSet | undefined)[]) => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

/** How many replicas the new ReplicaSet should have now. */
export function newRSNewReplicas(d: Deployment, allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge, replicasOf(d), true, '25%');
  const current = specReplicaCount(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return rsReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - rsReplicas(newRS));
  return rsReplicas(newRS) + scaleUp;
}

/** The new ReplicaSet has all the deployment's replicas and all are available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs, ANNOTATION_DEPLOYMENT_DESIRED_REPLICAS);
  return (
    desired !== undefined &&
    rsReplicas(rs) === replicasOf(d) &&
    desired === replicasOf(d) &&
    (rs.status?.availableReplicas ?? 0) === replicasOf(d)
  );
}

// ---- annotations ------------------------------------------------------------------------------

function intAnnotation(o: { metadata: { annotations?: Record<string, string> } }, key: string): number | undefined {
  const v = o.metadata.annotations?.[key];
  if (v === undefined || !/^-?\d+$/.test(v)) return undefined;
  return Number(v);
}

export function revisionOf(rs: { metadata: { annotations?: Record<string, string> } }): number {
  return intAnnotation(rs, ANNOTATION_DEPLOYMENT_REVISION) ?? 0;
}

export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

export const desiredReplicasAnnotation = (rs: ReplicaSet) => intAnnotation(rs, ANNOTATION_DEPLOYMENT_DESIRED_REPLICAS);
export const maxReplicasAnnotation = (rs: ReplicaSet) => intAnnotation(rs, ANNOTATION_DEPLOYMENT_MAX_REPLICAS);

const SKIP_COPY = new Set([
  ANNOTATION_LAST_APPLIED_CONFIGURATION,
  ANNOTATION_DEPLOYMENT_REVISION,
  ANNOTATION_DEPLOYMENT_REVISION_HISTORY,
  ANNOTATION_DEPLOYMENT_DESIRED_REPLICAS,
  ANNOTATION_DEPLOYMENT_MAX_REPLICAS,
  RollbackToAnnotation,
]);

/** Copies the deployment's annotations (e.g. change-cause) onto the ReplicaSet. Mutates rs. */
function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  rs.metadata.annotations ??= {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || rs.metadata.annotations[k] === v) continue;
    rs.metadata.annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** Sets desired-replicas and max-replicas. Mutates rs; true when something changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const ann = (rs.metadata.annotations ??= {});
  let changed = false;
  if (ann[ANNOTATION_DEPLOYMENT_DESIRED_REPLICAS] !== String(desired)) {
    ann[ANNOTATION_DEPLOYMENT_DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (ann[ANNOTATION_DEPLOYMENT_MAX_REPLICAS] !== String(max)) {
    ann[ANNOTATION_DEPLOYMENT_MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata.annotations;
  return !a || a[ANNOTATION_DEPLOYMENT_DESIRED_REPLICAS] !== String(desired) || a[ANNOTATION_DEPLOYMENT_MAX_REPLICAS] !== String(max);
}

/**
 * Brings the new ReplicaSet's annotations up to date: the deployment's own annotations, the
 * revision (raised to `newRevision`, remembering the previous one in revision-history when an
 * old ReplicaSet is reused by a rollback) and, for a ReplicaSet about to be created, the
 * replicas annotations. Mutates rs; true when something changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const ann = rs.metadata.annotations!;
  const oldRevision = ann[ANNOTATION_DEPLOYMENT_REVISION];
  let oldRevisionInt = 0;
  if (oldRevision !== undefined && oldRevision !== '') {
    if (!/^-?\d+$/.test(oldRevision)) return false;
    oldRevisionInt = Number(oldRevision);
  }
  if (oldRevisionInt < newRevision) {
    ann[ANNOTATION_DEPLOYMENT_REVISION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined && oldRevision !== '') {
      const history = ann[ANNOTATION_DEPLOYMENT_REVISION_HISTORY];
      if (!history) {
        ann[ANNOTATION_DEPLOYMENT_REVISION_HISTORY] = oldRevision;
      } else {
        const olds = history.split(',');
        let total = history.length + oldRevision.length + 1,
          start = 0;
        while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < olds.length) {
          total -= olds[start].length + 1;
          start++;
        }
        if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) {
          ann[ANNOTATION_DEPLOYMENT_REVISION_HISTORY] = [...olds.slice(start), oldRevision].join(',');
        }
      }
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

/** Sets the deployment's revision annotation. Mutates d; true when it changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  if (d.metadata.annotations?.[ANNOTATION_DEPLOYMENT_REVISION] === revision) return false;
  d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [ANNOTATION_DEPLOYMENT_REVISION]: revision };
  return true;
}

/** The selector with `key=value` added to matchLabels. */
export function selectorWithLabel(sel: LabelSelector, key: string, value: string): LabelSelector {
  return { ...sel, matchLabels: { ...(sel.matchLabels ?? {}), [key]: value } };
}

// ---- proportional scaling ----------------------------------------------------------------------

/** How many replicas `rs` gets of a scaling event of `toAdd` of which `added` were handed out. */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -rsReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = maxReplicasAnnotation(rs) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  const size = (rsReplicas(rs) * deploymentReplicas) / annotated;
  return roundHalfAway(size) - rsReplicas(rs);
}

function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

// ---- conditions ------------------------------------------------------------------------------

export function newCondition(type: string, status: Condition['status'], reason: string, message: string, now: string): Condition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getDeploymentCondition(status: DeploymentStatus | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Sets a condition: unchanged when status and reason are the same; keeps lastTransitionTime when
 * only the reason changed. Mutates status.
 */
export function setDeploymentCondition(status: DeploymentStatus, cond: Condition): void {
  const cur = getDeploymentCondition(status, cond.type);
  if (cur && cur.status === cond.status && cur.reason === cond.reason) return;
  const next = cur && cur.status === cond.status ? { ...cond, lastTransitionTime: cur.lastTransitionTime } : cond;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  status.conditions = (status.conditions ?? []).filter((c) => c.type !== type);
}

// ---- rollout predicates ------------------------------------------------------------------------

/** Every replica is updated and available and the latest generation was observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const n = replicasOf(d);
  return (
    (s.updatedReplicas ?? 0) === n &&
    (s.replicas ?? 0) === n &&
    (s.availableReplicas ?? 0) === n &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** The new status shows progress over the deployment's current one. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0)
  );
}

/** No progress for progressDeadlineSeconds since the Progressing condition was last updated. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  const deadline = progressDeadlineSeconds(d);
  if (deadline === undefined) return false;
  const c = getDeploymentCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === Reason.NewRSAvailable) return false;
  if (c.reason === Reason.TimedOut) return true;
  const from = c.lastUpdateTime ? Date.parse(c.lastUpdateTime) : NaN;
  if (Number.isNaN(from)) return false;
  return from + deadline * 1000 < now;
}
