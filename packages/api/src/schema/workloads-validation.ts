/**
 * Semantic validation of StatefulSet, DaemonSet, ControllerRevision (apps/v1), Job and CronJob
 * (batch/v1), HorizontalPodAutoscaler (autoscaling/v2, v1) and PodDisruptionBudget (policy/v1),
 * after Kubernetes' `pkg/apis/{apps,batch,autoscaling,policy}/validation`.
 */
import { deepEqual } from '../meta.js';
import { isQuantity } from '../quantity.js';
import { ErrorList, FieldPath, root } from './field-errors.js';
import { isObj, list, str, validateLabelSelector } from './meta-validation.js';
import { intOrPercent, selectorImmutable, validateSelectorAndTemplate } from './apps-v1-validation.js';
import { validatePodTemplate } from './core-v1-validation.js';

type Obj = Record<string, any>;

export function oneOf(v: unknown, allowed: readonly string[], field: FieldPath, errs: ErrorList, required = false): void {
  if (v === undefined || v === '') { if (required) errs.required(field); return; }
  if (typeof v !== 'string' || !allowed.includes(v)) errs.notSupported(field, v, allowed);
}

export function atLeast(v: unknown, min: number, field: FieldPath, errs: ErrorList): void {
  if (typeof v === 'number' && v < min) errs.invalid(field, v, `must be greater than or equal to ${min}`);
}

function spec(o: Obj): Obj { return isObj(o.spec) ? o.spec : {}; }

// ---- apps/v1 ---------------------------------------------------------------------------------

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function validateStatefulSet(sts: Obj, old: Obj | undefined, errs: ErrorList): void {
  const s = spec(sts);
  const f = root('spec');
  oneOf(s.podManagementPolicy, ['OrderedReady', 'Parallel'], f.child('podManagementPolicy'), errs);
  const us = isObj(s.updateStrategy) ? s.updateStrategy : {};
  const uf = f.child('updateStrategy');
  oneOf(us.type, ['OnDelete', 'RollingUpdate'], uf.child('type'), errs);
  if (us.type === 'OnDelete' && us.rollingUpdate !== undefined) errs.invalid(uf.child('rollingUpdate'), us.rollingUpdate, 'only allowed for updateStrategy \'RollingUpdate\'');
  if (isObj(us.rollingUpdate)) {
    atLeast(us.rollingUpdate.partition, 0, uf.child('rollingUpdate').child('partition'), errs);
    intOrPercent(us.rollingUpdate.maxUnavailable, uf.child('rollingUpdate').child('maxUnavailable'), errs);
  }
  const retention = isObj(s.persistentVolumeClaimRetentionPolicy) ? s.persistentVolumeClaimRetentionPolicy : {};
  oneOf(retention.whenDeleted, ['Retain', 'Delete'], f.child('persistentVolumeClaimRetentionPolicy').child('whenDeleted'), errs);
  oneOf(retention.whenScaled, ['Retain', 'Delete'], f.child('persistentVolumeClaimRetentionPolicy').child('whenScaled'), errs);
  atLeast(s.replicas, 0, f.child('replicas'), errs);
  atLeast(s.minReadySeconds, 0, f.child('minReadySeconds'), errs);
  atLeast(s.revisionHistoryLimit, 0, f.child('revisionHistoryLimit'), errs);
  if (isObj(s.ordinals)) atLeast(s.ordinals.start, 0, f.child('ordinals').child('start'), errs);
  validateSelectorAndTemplate(s, f, errs, 'statefulset');
  list(s.volumeClaimTemplates).forEach((t, i) => {
    if (!isObj(t)) return;
    const tf = f.child('volumeClaimTemplates').index(i);
    if (!isObj(t.metadata) || !str(t.metadata.name)) errs.required(tf.child('metadata').child('name'));
    validateClaimSpec(isObj(t.spec) ? t.spec : {}, tf.child('spec'), errs);
  });
  if (old) {
    const os = spec(old);
    const strip = (x: Obj) => Object.fromEntries(Object.entries(x).filter(([k]) => !STS_MUTABLE.includes(k)));
    if (!deepEqual(strip(s), strip(os))) {
      errs.forbidden(f, `updates to statefulset spec for fields other than ${STS_MUTABLE.slice(0, -1).map((k) => `'${k}'`).join(', ')} and '${STS_MUTABLE.at(-1)}' are forbidden`);
    }
  }
}

export function validateDaemonSet(ds: Obj, old: Obj | undefined, errs: ErrorList): void {
  const s = spec(ds);
  const f = root('spec');
  validateSelectorAndTemplate(s, f, errs, 'daemonset');
  const us = isObj(s.updateStrategy) ? s.updateStrategy : {};
  const uf = f.child('updateStrategy');
  oneOf(us.type, ['OnDelete', 'RollingUpdate'], uf.child('type'), errs);
  if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate)) {
    const rf = uf.child('rollingUpdate');
    const mu = intOrPercent(us.rollingUpdate.maxUnavailable, rf.child('maxUnavailable'), errs);
    const ms = intOrPercent(us.rollingUpdate.maxSurge, rf.child('maxSurge'), errs);
    if (mu === 0 && ms === 0) errs.invalid(rf.child('maxUnavailable'), us.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0');
    if (mu !== undefined && mu !== 0 && ms !== undefined && ms !== 0) errs.invalid(rf.child('maxSurge'), us.rollingUpdate.maxSurge, 'may not be set when maxUnavailable is non-zero');
  }
  atLeast(s.minReadySeconds, 0, f.child('minReadySeconds'), errs);
  atLeast(s.revisionHistoryLimit, 0, f.child('revisionHistoryLimit'), errs);
  selectorImmutable(s, old, f, errs);
}

export function validateControllerRevision(cr: Obj, old: Obj | undefined, errs: ErrorList): void {
  atLeast(cr.revision, 0, root('revision'), errs);
  if (old && !deepEqual(cr.data, old.data)) errs.invalid(root('data'), '', 'field is immutable');
}

// ---- batch/v1 ---------------------------------------------------------------------------------

const JOB_RESTART = ['OnFailure', 'Never'];

function validateJobSpec(s: Obj, f: FieldPath, errs: ErrorList, templateOnly: boolean): void {
  atLeast(s.parallelism, 0, f.child('parallelism'), errs);
  atLeast(s.completions, 0, f.child('completions'), errs);
  atLeast(s.backoffLimit, 0, f.child('backoffLimit'), errs);
  atLeast(s.ttlSecondsAfterFinished, 0, f.child('ttlSecondsAfterFinished'), errs);
  if (typeof s.activeDeadlineSeconds === 'number' && s.activeDeadlineSeconds <= 0) errs.invalid(f.child('activeDeadlineSeconds'), s.activeDeadlineSeconds, 'must be greater than 0');
  oneOf(s.completionMode, ['NonIndexed', 'Indexed'], f.child('completionMode'), errs);
  if (s.completionMode === 'Indexed' && typeof s.completions !== 'number') errs.required(f.child('completions'), 'when completion mode is Indexed');
  oneOf(s.podReplacementPolicy, ['TerminatingOrFailed', 'Failed'], f.child('podReplacementPolicy'), errs);
  if (s.template === undefined) { errs.required(f.child('template')); return; }
  if (templateOnly || s.manualSelector !== true) {
    validatePodTemplate(s.template, f.child('template'), errs);
    const restart = isObj(s.template) && isObj(s.template.spec) ? s.template.spec.restartPolicy : undefined;
    const rf = f.child('template').child('spec').child('restartPolicy');
    if (restart === undefined || restart === '') errs.required(rf);
    else oneOf(restart, JOB_RESTART, rf, errs);
    if (!templateOnly && isObj(s.selector)) validateLabelSelector(s.selector, f.child('selector'), errs);
    return;
  }
  validateSelectorAndTemplate(s, f, errs, 'job', JOB_RESTART);
}

export function validateJob(job: Obj, old: Obj | undefined, errs: ErrorList): void {
  const s = spec(job);
  const f = root('spec');
  validateJobSpec(s, f, errs, false);
  if (!isObj(s.selector)) errs.required(f.child('selector'));
  if (old) {
    const os = spec(old);
    selectorImmutable(s, old, f, errs);
    if (os.completionMode !== undefined && s.completionMode !== os.completionMode) errs.invalid(f.child('completionMode'), s.completionMode, 'field is immutable');
    if (os.suspend !== true && !deepEqual(s.template, os.template)) errs.invalid(f.child('template'), s.template, 'field is immutable');
  }
}

const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;

/** Whether a schedule parses as the five-field cron syntax (or a macro / @every) the CronJob controller accepts. */
export function cronScheduleError(schedule: string): string | undefined {
  const t = schedule.trim();
  if (/^(CRON_)?TZ=/.test(t)) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (CRON_MACROS.includes(t)) return undefined;
  if (t.startsWith('@every ')) return /^@every (\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(t) ? undefined : 'unparseable duration';
  const fields = t.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${t}`;
  for (const x of fields) if (!CRON_FIELD.test(x)) return `failed to parse int from ${x}`;
  return undefined;
}

export function validateCronJob(cj: Obj, old: Obj | undefined, errs: ErrorList): void {
  const s = spec(cj);
  const f = root('spec');
  const name = isObj(cj.metadata) ? str(cj.metadata.name) : '';
  if (name.length > 52) errs.invalid(root('metadata').child('name'), name, 'must be no more than 52 characters');
  if (!str(s.schedule)) errs.required(f.child('schedule'));
  else {
    const e = cronScheduleError(s.schedule);
    if (e) errs.invalid(f.child('schedule'), s.schedule, e);
  }
  if (s.timeZone !== undefined && (typeof s.timeZone !== 'string' || !validTimeZone(s.timeZone))) errs.invalid(f.child('timeZone'), s.timeZone, 'unknown time zone ' + String(s.timeZone));
  oneOf(s.concurrencyPolicy, ['Allow', 'Forbid', 'Replace'], f.child('concurrencyPolicy'), errs, true);
  atLeast(s.startingDeadlineSeconds, 0, f.child('startingDeadlineSeconds'), errs);
  atLeast(s.successfulJobsHistoryLimit, 0, f.child('successfulJobsHistoryLimit'), errs);
  atLeast(s.failedJobsHistoryLimit, 0, f.child('failedJobsHistoryLimit'), errs);
  const jt = isObj(s.jobTemplate) ? s.jobTemplate : undefined;
  if (!jt) { errs.required(f.child('jobTemplate')); return; }
  validateJobSpec(isObj(jt.spec) ? jt.spec : {}, f.child('jobTemplate').child('spec'), errs, true);
  void old;
}

function validTimeZone(tz: string): boolean {
  if (tz === '' ) return true;
  if (tz.includes(' ') || tz.startsWith('.') || tz.includes('..')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// ---- autoscaling -------------------------------------------------------------------------------

function validateScaleTargetRef(ref: unknown, f: FieldPath, errs: ErrorList): void {
  const r = isObj(ref) ? ref : {};
  if (!str(r.kind)) errs.required(f.child('kind'));
  if (!str(r.name)) errs.required(f.child('name'));
}

function validateReplicaBounds(s: Obj, f: FieldPath, errs: ErrorList): void {
  if (typeof s.minReplicas === 'number' && s.minReplicas < 1) errs.invalid(f.child('minReplicas'), s.minReplicas, 'must be greater than or equal to 1');
  if (typeof s.maxReplicas === 'number') {
    if (s.maxReplicas < 1) errs.invalid(f.child('maxReplicas'), s.maxReplicas, 'must be greater than 0');
    else if (typeof s.minReplicas === 'number' && s.maxReplicas < s.minReplicas) errs.invalid(f.child('maxReplicas'), s.maxReplicas, 'must be greater than or equal to `minReplicas`');
  }
}

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_OF: Record<string, string> = { ContainerResource: 'containerResource', External: 'external', Object: 'object', Pods: 'pods', Resource: 'resource' };

function validateTarget(t: unknown, f: FieldPath, errs: ErrorList): void {
  if (!isObj(t)) { errs.required(f); return; }
  oneOf(t.type, ['AverageValue', 'Utilization', 'Value'], f.child('type'), errs, true);
  if (t.type === 'Utilization' && typeof t.averageUtilization !== 'number') errs.required(f.child('averageUtilization'), 'must set either a target raw value or a target utilization');
  if (t.type === 'Value' && t.value === undefined) errs.required(f.child('value'), 'must set either a target value for metric or a per-pod target');
  if (t.type === 'AverageValue' && t.averageValue === undefined) errs.required(f.child('averageValue'), 'must set either a target value for metric or a per-pod target');
  if (typeof t.averageUtilization === 'number' && t.averageUtilization < 1) errs.invalid(f.child('averageUtilization'), t.averageUtilization, 'must be greater than 0');
  for (const q of ['value', 'averageValue']) if (t[q] !== undefined && !isQuantity(String(t[q]))) errs.invalid(f.child(q), t[q], 'must be a valid quantity');
}

export function validateHorizontalPodAutoscaler(hpa: Obj, version: string, errs: ErrorList): void {
  const s = spec(hpa);
  const f = root('spec');
  validateScaleTargetRef(s.scaleTargetRef, f.child('scaleTargetRef'), errs);
  validateReplicaBounds(s, f, errs);
  if (version === 'v1') {
    if (typeof s.targetCPUUtilizationPercentage === 'number' && s.targetCPUUtilizationPercentage < 1) {
      errs.invalid(f.child('targetCPUUtilizationPercentage'), s.targetCPUUtilizationPercentage, 'must be greater than 0');
    }
    return;
  }
  list(s.metrics).forEach((m, i) => {
    if (!isObj(m)) return;
    const mf = f.child('metrics').index(i);
    if (!str(m.type)) { errs.required(mf.child('type'), 'must specify a metric source type'); return; }
    if (!METRIC_TYPES.includes(m.type)) { errs.notSupported(mf.child('type'), m.type, METRIC_TYPES); return; }
    const key = SOURCE_OF[m.type];
    const src = m[key];
    const set = Object.values(SOURCE_OF).filter((k) => m[k] !== undefined);
    if (set.length > 1) errs.forbidden(mf, 'must populate the given metric source only');
    if (!isObj(src)) { errs.required(mf.child(key), 'must populate information for the given metric source'); return; }
    const sf = mf.child(key);
    if (key === 'resource' || key === 'containerResource') {
      if (!str(src.name)) errs.required(sf.child('name'));
      if (key === 'containerResource' && !str(src.container)) errs.required(sf.child('container'));
    } else if (!isObj(src.metric) || !str(src.metric.name)) errs.required(sf.child('metric').child('name'));
    if (key === 'object') validateScaleTargetRef(src.describedObject, sf.child('describedObject'), errs);
    validateTarget(src.target, sf.child('target'), errs);
  });
  const behavior = isObj(s.behavior) ? s.behavior : undefined;
  if (behavior) for (const dir of ['scaleUp', 'scaleDown']) {
    const rules = behavior[dir];
    if (!isObj(rules)) continue;
    const rf = f.child('behavior').child(dir);
    if (typeof rules.stabilizationWindowSeconds === 'number' && (rules.stabilizationWindowSeconds < 0 || rules.stabilizationWindowSeconds > 3600)) {
      errs.invalid(rf.child('stabilizationWindowSeconds'), rules.stabilizationWindowSeconds, rules.stabilizationWindowSeconds < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600');
    }
    oneOf(rules.selectPolicy, ['Disabled', 'Max', 'Min'], rf.child('selectPolicy'), errs);
    list(rules.policies).forEach((p, j) => {
      if (!isObj(p)) return;
      const pf = rf.child('policies').index(j);
      oneOf(p.type, ['Percent', 'Pods'], pf.child('type'), errs, true);
      if (typeof p.value !== 'number' || p.value <= 0) errs.invalid(pf.child('value'), p.value ?? 0, 'must be greater than zero');
      if (typeof p.periodSeconds !== 'number' || p.periodSeconds <= 0) errs.invalid(pf.child('periodSeconds'), p.periodSeconds ?? 0, 'must be greater than zero');
      else if (p.periodSeconds > 1800) errs.invalid(pf.child('periodSeconds'), p.periodSeconds, 'must be less than or equal to 1800');
    });
  }
}

// ---- policy/v1 --------------------------------------------------------------------------------

export function validatePodDisruptionBudget(pdb: Obj, errs: ErrorList): void {
  const s = spec(pdb);
  const f = root('spec');
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) errs.invalid(f, s, 'minAvailable and maxUnavailable cannot be both set');
  for (const k of ['minAvailable', 'maxUnavailable']) {
    const n = intOrPercent(s[k], f.child(k), errs);
    if (typeof s[k] === 'string' && n !== undefined && n > 100) errs.invalid(f.child(k), s[k], 'must not be greater than 100%');
  }
  validateLabelSelector(s.selector, f.child('selector'), errs);
  oneOf(s.unhealthyPodEvictionPolicy, ['AlwaysAllow', 'IfHealthyBudget'], f.child('unhealthyPodEvictionPolicy'), errs);
}

// ---- storage claims (shared with StatefulSet templates) --------------------------------------------

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validateAccessModes(modes: unknown, f: FieldPath, errs: ErrorList): void {
  const ms = list(modes);
  if (ms.length === 0) { errs.required(f, 'at least 1 access mode is required'); return; }
  ms.forEach((m, i) => { if (typeof m !== 'string' || !ACCESS_MODES.includes(m)) errs.notSupported(f.index(i), m, ACCESS_MODES); });
  if (ms.includes('ReadWriteOncePod') && ms.length > 1) errs.forbidden(f, 'may not use ReadWriteOncePod with other access modes');
}

export function validateClaimSpec(s: Obj, f: FieldPath, errs: ErrorList): void {
  validateAccessModes(s.accessModes, f.child('accessModes'), errs);
  validateLabelSelector(s.selector, f.child('selector'), errs);
  const requests = isObj(s.resources) && isObj(s.resources.requests) ? s.resources.requests : {};
  if (requests.storage === undefined) errs.required(f.child('resources').key('storage'));
  else if (!isQuantity(String(requests.storage))) errs.invalid(f.child('resources').child('requests').key('storage'), requests.storage, 'must be a valid quantity');
  oneOf(s.volumeMode, ['Block', 'Filesystem'], f.child('volumeMode'), errs);
}
