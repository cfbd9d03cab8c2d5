/** ObjectMeta validation (ValidateObjectMeta / ValidateObjectMetaUpdate), shared by every kind. */
import { deepEqual, isObject } from '../meta.js';
import { type ErrorList, FieldPath } from './field-errors.js';
import { dns1123Label, dns1123Subdomain, dns1035Label, labelValue, qualifiedName } from './names.js';

type Obj = Record<string, any>;
export type NameRule = 'subdomain' | 'label' | 'dns1035';

export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const NAME_RULES: Record<NameRule, (v: string) => string[]> = { subdomain: dns1123Subdomain, label: dns1123Label, dns1035: dns1035Label };
const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateLabels(labels: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObject(labels)) return;
  for (const [k, v] of Object.entries(labels)) {
    for (const e of qualifiedName(k)) errs.invalid(field, k, e);
    if (typeof v === 'string') for (const e of labelValue(v)) errs.invalid(field, v, e);
  }
}

export function validateLabelSelector(sel: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObject(sel)) return;
  validateLabels(sel.matchLabels, field.child('matchLabels'), errs);
  list(sel.matchExpressions).forEach((req, i) => {
    if (!isObject(req)) return;
    const f = field.child('matchExpressions').index(i);
    const op = req.operator;
    const values = list(req.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.required(f.child('values'), "must be specified when `operator` is 'In' or 'NotIn'");
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.forbidden(f.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    } else {
      errs.invalid(f.child('operator'), op, 'not a valid selector operator');
    }
    for (const e of qualifiedName(str(req.key))) errs.invalid(f.child('key'), req.key, e);
  });
}

export function validateObjectMeta(meta: unknown, namespaced: boolean, rule: NameRule, errs: ErrorList): void {
  const m: Obj = isObject(meta) ? meta : {};
  const f = new FieldPath('metadata');
  const name = str(m.name);
  if (!name) {
    const prefix = str(m.generateName);
    if (!prefix) errs.required(f.child('name'), 'name or generateName is required');
    // A prefix is checked as a name with its trailing dash masked, as Kubernetes does.
    else
      for (const e of NAME_RULES[rule](prefix.endsWith('-') ? `${prefix.slice(0, -1)}a` : prefix))
        errs.invalid(f.child('generateName'), prefix, e);
  } else {
    for (const e of NAME_RULES[rule](name)) errs.invalid(f.child('name'), name, e);
  }
  const ns = str(m.namespace);
  if (namespaced && !ns) errs.required(f.child('namespace'));
  if (!namespaced && ns) errs.forbidden(f.child('namespace'), 'not allowed on this type');
  if (namespaced && ns) for (const e of dns1123Label(ns)) errs.invalid(f.child('namespace'), ns, e);
  validateLabels(m.labels, f.child('labels'), errs);
  if (isObject(m.annotations)) {
    let size = 0;
    for (const [k, v] of Object.entries(m.annotations)) {
      for (const e of qualifiedName(k)) errs.invalid(f.child('annotations'), k, e);
      size += k.length + (typeof v === 'string' ? v.length : 0);
    }
    if (size > TOTAL_ANNOTATION_SIZE) errs.tooLong(f.child('annotations'), TOTAL_ANNOTATION_SIZE);
  }
  if (typeof m.generation === 'number' && m.generation < 0)
    errs.invalid(f.child('generation'), m.generation, 'must be greater than or equal to 0');
  list(m.ownerReferences).forEach((ref, i) => {
    if (!isObject(ref)) return;
    const rf = f.child('ownerReferences').index(i);
    if (!str(ref.apiVersion)) errs.invalid(rf.child('apiVersion'), ref.apiVersion ?? '', 'version must not be empty');
    if (!str(ref.kind)) errs.invalid(rf.child('kind'), ref.kind ?? '', 'kind must not be empty');
    if (!str(ref.name)) errs.invalid(rf.child('name'), ref.name ?? '', 'name must not be empty');
    if (!str(ref.uid)) errs.invalid(rf.child('uid'), ref.uid ?? '', 'uid must not be empty');
  });
  if (list(m.ownerReferences).filter((r) => isObject(r) && r.controller === true).length > 1) {
    errs.invalid(f.child('ownerReferences'), m.ownerReferences, 'Only one reference can have Controller set to true');
  }
  list(m.finalizers).forEach((fin, i) => {
    if (typeof fin !== 'string') return;
    for (const e of qualifiedName(fin)) errs.invalid(f.child('finalizers').index(i), fin, e);
  });
}

export function validateObjectMetaUpdate(meta: unknown, old: unknown, errs: ErrorList): void {
  const m: Obj = isObject(meta) ? meta : {};
  const o: Obj = isObject(old) ? old : {};
  const f = new FieldPath('metadata');
  for (const key of ['name', 'namespace', 'uid', 'creationTimestamp']) {
    if (o[key] !== undefined && m[key] !== undefined && !deepEqual(m[key], o[key]))
      errs.invalid(f.child(key), m[key], 'field is immutable');
  }
}
