/** Semantic validation of apps/v1 Deployment and ReplicaSet (and the selector rules they share). */
import { deepEqual } from '../meta.js';
import { matchesSelector } from './selector-match.js';
import { ErrorList, FieldPath, root } from './field-errors.js';
import { isObj, list, validateLabelSelector } from './meta-validation.js';
import { validatePodTemplate, validateReplicas } from './core-v1-validation.js';

type Obj = Record<string, any>;

export function validateSelectorAndTemplate(spec: Obj, f: FieldPath, errs: ErrorList, kind: string, restartPolicies: readonly string[] = ['Always']): void {
  const sel = spec.selector;
  if (!isObj(sel)) errs.required(f.child('selector'));
  else {
    validateLabelSelector(sel, f.child('selector'), errs);
    const empty = (!isObj(sel.matchLabels) || Object.keys(sel.matchLabels).length === 0) && list(sel.matchExpressions).length === 0;
    if (empty) errs.invalid(f.child('selector'), sel, `empty selector is invalid for ${kind}`);
    const labels = isObj(spec.template) && isObj(spec.template.metadata) && isObj(spec.template.metadata.labels) ? spec.template.metadata.labels : {};
    if (!empty && isObj(spec.template) && !matchesSelector(sel, labels)) {
      errs.invalid(f.child('template').child('metadata').child('labels'), labels, '`selector` does not match template `labels`');
    }
  }
  if (spec.template === undefined) { if (kind !== 'replicaset') errs.required(f.child('template')); return; }
  validatePodTemplate(spec.template, f.child('template'), errs);
  const restart = isObj(spec.template) && isObj(spec.template.spec) ? spec.template.spec.restartPolicy : undefined;
  if (restart !== undefined && !restartPolicies.includes(restart)) errs.notSupported(f.child('template').child('spec').child('restartPolicy'), restart, restartPolicies);
}

const PERCENT = /^[0-9]+%$/;

export function intOrPercent(v: unknown, field: FieldPath, errs: ErrorList): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') {
    if (v < 0) errs.invalid(field, v, 'must be greater than or equal to 0');
    return v;
  }
  if (typeof v === 'string') {
    if (!PERCENT.test(v)) { errs.invalid(field, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"); return undefined; }
    const n = Number(v.slice(0, -1));
    return n;
  }
  return undefined;
}

export function validateDeployment(d: Obj, old: Obj | undefined, errs: ErrorList): void {
  const spec: Obj = isObj(d.spec) ? d.spec : {};
  const f = root('spec');
  validateReplicas(spec, f, errs);
  validateSelectorAndTemplate(spec, f, errs, 'deployment');
  const strategy = isObj(spec.strategy) ? spec.strategy : {};
  const sf = f.child('strategy');
  if (strategy.type !== undefined && strategy.type !== 'RollingUpdate' && strategy.type !== 'Recreate') {
    errs.notSupported(sf.child('type'), strategy.type, ['Recreate', 'RollingUpdate']);
  }
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined) {
    errs.forbidden(sf.child('rollingUpdate'), 'may not be specified when strategy `type` is \'Recreate\'');
  }
  if (isObj(strategy.rollingUpdate)) {
    const rf = sf.child('rollingUpdate');
    const mu = intOrPercent(strategy.rollingUpdate.maxUnavailable, rf.child('maxUnavailable'), errs);
    const ms = intOrPercent(strategy.rollingUpdate.maxSurge, rf.child('maxSurge'), errs);
    if (typeof strategy.rollingUpdate.maxUnavailable === 'string' && mu !== undefined && mu > 100) {
      errs.invalid(rf.child('maxUnavailable'), strategy.rollingUpdate.maxUnavailable, 'must not be greater than 100%');
    }
    if (mu === 0 && ms === 0) errs.invalid(rf.child('maxUnavailable'), strategy.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0');
  }
  if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 0) {
    errs.invalid(f.child('revisionHistoryLimit'), spec.revisionHistoryLimit, 'must be greater than or equal to 0');
  }
  if (typeof spec.progressDeadlineSeconds === 'number') {
    if (spec.progressDeadlineSeconds < 0) errs.invalid(f.child('progressDeadlineSeconds'), spec.progressDeadlineSeconds, 'must be greater than or equal to 0');
    else if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.invalid(f.child('progressDeadlineSeconds'), spec.progressDeadlineSeconds, 'must be greater than minReadySeconds');
    }
  }
  selectorImmutable(spec, old, f, errs);
}

export function validateReplicaSet(rs: Obj, old: Obj | undefined, errs: ErrorList): void {
  const spec: Obj = isObj(rs.spec) ? rs.spec : {};
  const f = root('spec');
  validateReplicas(spec, f, errs);
  validateSelectorAndTemplate(spec, f, errs, 'replicaset');
  selectorImmutable(spec, old, f, errs);
}

export function selectorImmutable(spec: Obj, old: Obj | undefined, f: FieldPath, errs: ErrorList): void {
  if (!old || !isObj(old.spec) || old.spec.selector === undefined) return;
  if (!deepEqual(spec.selector, old.spec.selector)) errs.invalid(f.child('selector'), spec.selector, 'field is immutable');
}
