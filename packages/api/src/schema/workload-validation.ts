/** Validation the workload kinds share: selector and template, int-or-percent, immutable selectors. */
import { deepEqual, isObject } from '../meta.js';
import type { ErrorList, FieldPath } from './field-errors.js';
import { list, validateLabelSelector } from './meta-validation.js';
import { validatePodTemplate } from './pod-spec-validation.js';
import { matchesSelector } from './selector-match.js';

type Obj = Record<string, any>;

export function validateSelectorAndTemplate(
  spec: Obj,
  f: FieldPath,
  errs: ErrorList,
  kind: string,
  restartPolicies: readonly string[] = ['Always'],
): void {
  const sel = spec.selector;
  if (!isObject(sel)) errs.required(f.child('selector'));
  else {
    validateLabelSelector(sel, f.child('selector'), errs);
    const empty = (!isObject(sel.matchLabels) || Object.keys(sel.matchLabels).length === 0) && list(sel.matchExpressions).length === 0;
    if (empty) errs.invalid(f.child('selector'), sel, `empty selector is invalid for ${kind}`);
    const labels =
      isObject(spec.template) && isObject(spec.template.metadata) && isObject(spec.template.metadata.labels)
        ? spec.template.metadata.labels
        : {};
    if (!empty && isObject(spec.template) && !matchesSelector(sel, labels)) {
      errs.invalid(f.child('template').child('metadata').child('labels'), labels, '`selector` does not match template `labels`');
    }
  }
  if (spec.template === undefined) {
    if (kind !== 'replicaset') errs.required(f.child('template'));
    return;
  }
  validatePodTemplate(spec.template, f.child('template'), errs);
  const restart = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec.restartPolicy : undefined;
  if (restart !== undefined && !restartPolicies.includes(restart))
    errs.notSupported(f.child('template').child('spec').child('restartPolicy'), restart, restartPolicies);
}

const PERCENT = /^[0-9]+%$/;

export function intOrPercent(v: unknown, field: FieldPath, errs: ErrorList): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') {
    if (v < 0) errs.invalid(field, v, 'must be greater than or equal to 0');
    return v;
  }
  if (typeof v === 'string') {
    if (!PERCENT.test(v)) {
      errs.invalid(
        field,
        v,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      );
      return undefined;
    }
    const n = Number(v.slice(0, -1));
    return n;
  }
  return undefined;
}

export function selectorImmutable(spec: Obj, old: Obj | undefined, f: FieldPath, errs: ErrorList): void {
  if (!old || !isObject(old.spec) || old.spec.selector === undefined) return;
  if (!deepEqual(spec.selector, old.spec.selector)) errs.invalid(f.child('selector'), spec.selector, 'field is immutable');
}
