/**
 * Kubernetes 1.32 defaults of the kinds beyond the tutorial's: StatefulSet, DaemonSet, Job,
 * CronJob, HorizontalPodAutoscaler (v2 and v1), IngressClass, StorageClass, PriorityClass,
 * PersistentVolume(Claim), ResourceQuota, LimitRange and CustomResourceDefinition. Workload
 * templates get the PodSpec defaults. Functions mutate the object handed to them.
 */
import { canonicalQuantity, canonicalizeResourceList } from './canonical-quantity.js';
import { defaultPodSpec } from './defaults.js';

type Obj = Record<string, any>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const unset = (v: unknown) => v === undefined || v === null || v === '';
function child(o: Obj, key: string): Obj {
  if (!isObj(o[key])) o[key] = {};
  return o[key];
}
function setIfUnset(o: Obj, key: string, value: unknown): void {
  if (unset(o[key])) o[key] = value;
}

function defaultTemplate(spec: Obj): void {
  if (isObj(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
}

/** SetDefaults_PersistentVolumeClaim (also applied to StatefulSet claim templates). */
export function defaultPersistentVolumeClaim(pvc: Obj): void {
  const spec = child(pvc, 'spec');
  setIfUnset(spec, 'volumeMode', 'Filesystem');
  if (isObj(spec.resources)) { canonicalizeResourceList(spec.resources.requests); canonicalizeResourceList(spec.resources.limits); }
  setIfUnset(child(pvc, 'status'), 'phase', 'Pending');
}

function defaultPersistentVolume(pv: Obj): void {
  const spec = child(pv, 'spec');
  setIfUnset(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setIfUnset(spec, 'volumeMode', 'Filesystem');
  canonicalizeResourceList(spec.capacity);
  if (isObj(spec.hostPath) && spec.hostPath.type === undefined) spec.hostPath.type = '';
  setIfUnset(child(pv, 'status'), 'phase', 'Pending');
}

function defaultStatefulSet(sts: Obj): void {
  const spec = child(sts, 'spec');
  setIfUnset(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  setIfUnset(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    if (typeof ru.partition !== 'number') ru.partition = 0;
  }
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setIfUnset(retention, 'whenDeleted', 'Retain');
  setIfUnset(retention, 'whenScaled', 'Retain');
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  if (typeof spec.revisionHistoryLimit !== 'number') spec.revisionHistoryLimit = 10;
  for (const pvc of arr(spec.volumeClaimTemplates)) {
    setIfUnset(pvc, 'apiVersion', 'v1');
    setIfUnset(pvc, 'kind', 'PersistentVolumeClaim');
    defaultPersistentVolumeClaim(pvc);
  }
  defaultTemplate(spec);
}

function defaultDaemonSet(ds: Obj): void {
  const spec = child(ds, 'spec');
  const strategy = child(spec, 'updateStrategy');
  setIfUnset(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (unset(ru.maxSurge)) ru.maxSurge = 0;
  }
  if (typeof spec.revisionHistoryLimit !== 'number') spec.revisionHistoryLimit = 10;
  defaultTemplate(spec);
}

const INT32_MAX = 2147483647;

/** SetDefaults_Job. The selector and its labels are the job strategy's (they need the UID). */
export function defaultJobSpec(spec: Obj): void {
  if (typeof spec.completions !== 'number' && typeof spec.parallelism !== 'number') {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (typeof spec.parallelism !== 'number') spec.parallelism = 1;
  if (typeof spec.backoffLimit !== 'number') spec.backoffLimit = typeof spec.backoffLimitPerIndex === 'number' ? INT32_MAX : 6;
  setIfUnset(spec, 'completionMode', 'NonIndexed');
  if (typeof spec.suspend !== 'boolean') spec.suspend = false;
  setIfUnset(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  if (typeof spec.manualSelector !== 'boolean') spec.manualSelector = false;
  if (isObj(spec.podFailurePolicy)) {
    for (const rule of arr(spec.podFailurePolicy.rules)) for (const p of arr(rule.onPodConditions)) setIfUnset(p, 'status', 'True');
  }
  defaultTemplate(spec);
}

function defaultJob(job: Obj): void {
  const spec = child(job, 'spec');
  defaultJobSpec(spec);
  const labels = isObj(spec.template) && isObj(spec.template.metadata) && isObj(spec.template.metadata.labels) ? spec.template.metadata.labels : undefined;
  const meta = child(job, 'metadata');
  if (labels && (!isObj(meta.labels) || Object.keys(meta.labels).length === 0)) meta.labels = { ...labels };
}

function defaultCronJob(cj: Obj): void {
  const spec = child(cj, 'spec');
  setIfUnset(spec, 'concurrencyPolicy', 'Allow');
  if (typeof spec.suspend !== 'boolean') spec.suspend = false;
  if (typeof spec.successfulJobsHistoryLimit !== 'number') spec.successfulJobsHistoryLimit = 3;
  if (typeof spec.failedJobsHistoryLimit !== 'number') spec.failedJobsHistoryLimit = 1;
  if (isObj(spec.jobTemplate) && isObj(spec.jobTemplate.spec)) defaultTemplate(spec.jobTemplate.spec);
}

const SCALE_UP = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const SCALE_DOWN = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

function defaultScalingRules(rules: unknown, defaults: typeof SCALE_UP): Obj {
  const r: Obj = isObj(rules) ? rules : {};
  if (typeof r.stabilizationWindowSeconds !== 'number') r.stabilizationWindowSeconds = defaults.stabilizationWindowSeconds;
  setIfUnset(r, 'selectPolicy', defaults.selectPolicy);
  if (!Array.isArray(r.policies) || r.policies.length === 0) r.policies = structuredClone(defaults.policies);
  return r;
}

/** autoscaling/v2 SetDefaults_HorizontalPodAutoscaler: 80% CPU when no metric is given; behaviour filled in when present. */
export function defaultHorizontalPodAutoscalerV2(hpa: Obj): void {
  const spec = child(hpa, 'spec');
  if (typeof spec.minReplicas !== 'number') spec.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  for (const m of arr(spec.metrics)) for (const key of ['resource', 'containerResource', 'pods', 'object', 'external']) {
    const t = isObj(m[key]) && isObj(m[key].target) ? m[key].target : undefined;
    if (t) for (const q of ['value', 'averageValue']) if (t[q] !== undefined) t[q] = canonicalQuantity(t[q]) ?? t[q];
  }
  if (isObj(spec.behavior)) {
    spec.behavior.scaleUp = defaultScalingRules(spec.behavior.scaleUp, SCALE_UP);
    spec.behavior.scaleDown = defaultScalingRules(spec.behavior.scaleDown, SCALE_DOWN);
  }
}

function defaultHorizontalPodAutoscalerV1(hpa: Obj): void {
  const spec = child(hpa, 'spec');
  if (typeof spec.minReplicas !== 'number') spec.minReplicas = 1;
}

function defaultIngressClass(ic: Obj): void {
  if (isObj(ic.spec) && isObj(ic.spec.parameters)) setIfUnset(ic.spec.parameters, 'scope', 'Cluster');
}

function defaultStorageClass(sc: Obj): void {
  setIfUnset(sc, 'reclaimPolicy', 'Delete');
  setIfUnset(sc, 'volumeBindingMode', 'Immediate');
}

function defaultPriorityClass(pc: Obj): void {
  setIfUnset(pc, 'preemptionPolicy', 'PreemptLowerPriority');
}

function defaultResourceQuota(q: Obj): void {
  if (isObj(q.spec)) canonicalizeResourceList(q.spec.hard);
  if (isObj(q.status)) { canonicalizeResourceList(q.status.hard); canonicalizeResourceList(q.status.used); }
}

/** SetDefaults_LimitRangeItem: a container's default limit falls back to max, its default request to the default limit, then min. */
function defaultLimitRange(lr: Obj): void {
  for (const item of arr(isObj(lr.spec) ? lr.spec.limits : undefined)) {
    for (const k of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) canonicalizeResourceList(item[k]);
    if (item.type !== 'Container') continue;
    const max: Obj = isObj(item.max) ? item.max : {};
    const min: Obj = isObj(item.min) ? item.min : {};
    const def: Obj = isObj(item.default) ? item.default : {};
    for (const [k, v] of Object.entries(max)) if (!(k in def)) def[k] = v;
    const req: Obj = isObj(item.defaultRequest) ? item.defaultRequest : {};
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(min)) if (!(k in req)) req[k] = v;
    if (Object.keys(def).length) item.default = def;
    if (Object.keys(req).length) item.defaultRequest = req;
  }
}

function defaultCustomResourceDefinition(crd: Obj): void {
  const spec = child(crd, 'spec');
  const names = child(spec, 'names');
  if (typeof names.kind === 'string' && names.kind) {
    setIfUnset(names, 'singular', names.kind.toLowerCase());
    setIfUnset(names, 'listKind', `${names.kind}List`);
  }
  setIfUnset(child(spec, 'conversion'), 'strategy', 'None');
}

export const KIND_DEFAULTERS: Record<string, (o: Obj) => void> = {
  '/PersistentVolume': defaultPersistentVolume,
  '/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  '/ResourceQuota': defaultResourceQuota,
  '/LimitRange': defaultLimitRange,
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'networking.k8s.io/IngressClass': defaultIngressClass,
  'storage.k8s.io/StorageClass': defaultStorageClass,
  'scheduling.k8s.io/PriorityClass': defaultPriorityClass,
  'apiextensions.k8s.io/CustomResourceDefinition': defaultCustomResourceDefinition,
};

/** HPA defaults differ per version (v1 has no metrics list). */
export function defaultHorizontalPodAutoscaler(version: string, hpa: Obj): void {
  if (version === 'v1') defaultHorizontalPodAutoscalerV1(hpa);
  else defaultHorizontalPodAutoscalerV2(hpa);
}
