/** validateObject: structural (zod) checks, unknown fields, then the semantic rules of the kind. */
import type { StatusCause } from '../errors.js';
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { setField } from '../meta.js';
import { ErrorList } from './field-errors.js';
import { isObj, validateObjectMeta, validateObjectMetaUpdate, type NameRule } from './meta-validation.js';
import { kindSchemaFor } from './registry.js';
import { checkStructure } from './structural.js';
import { checkJsonSchema } from './json-schema.js';
import * as core from './core-v1-validation.js';
import * as apps from './apps-v1-validation.js';
import { validateEndpointSlice, validateLease } from './other-validation.js';
import * as wl from './workloads-validation.js';
import * as ck from './cluster-kinds-validation.js';

type Obj = Record<string, any>;

export interface ValidateOptions {
  /** Kept for the caller's choice of field validation; unknown fields are always reported. */
  strict: boolean;
  /** The stored object, on update: enables the immutability rules. */
  old?: KubeObject;
}

export interface ValidationResult { causes: StatusCause[]; unknownFields: string[] }

const NAME_RULES: Record<string, NameRule> = { '/Namespace': 'label', '/Service': 'dns1035' };

type KindValidator = (obj: Obj, old: Obj | undefined, errs: ErrorList) => void;
const VALIDATORS: Record<string, KindValidator> = {
  '/Pod': core.validatePod,
  '/Service': core.validateService,
  '/Namespace': (o, _old, e) => core.validateNamespace(o, e),
  '/Node': (o, _old, e) => core.validateNode(o, e),
  '/ConfigMap': core.validateConfigMap,
  '/Secret': core.validateSecret,
  '/Endpoints': (o, _old, e) => core.validateEndpoints(o, e),
  '/Event': (o, _old, e) => core.validateEvent(o, e),
  '/Binding': (o, _old, e) => core.validateBinding(o, e),
  '/ServiceAccount': (o, _old, e) => core.validateServiceAccount(o, e),
  '/ReplicationController': (o, _old, e) => core.validateReplicationController(o, e),
  'apps/Deployment': apps.validateDeployment,
  'apps/ReplicaSet': apps.validateReplicaSet,
  'coordination.k8s.io/Lease': (o, _old, e) => validateLease(o, e),
  'discovery.k8s.io/EndpointSlice': (o, _old, e) => validateEndpointSlice(o, e),
  '/PersistentVolume': ck.validatePersistentVolume,
  '/PersistentVolumeClaim': ck.validatePersistentVolumeClaim,
  '/ResourceQuota': (o, _old, e) => ck.validateResourceQuota(o, e),
  '/LimitRange': (o, _old, e) => ck.validateLimitRange(o, e),
  'apps/StatefulSet': wl.validateStatefulSet,
  'apps/DaemonSet': wl.validateDaemonSet,
  'apps/ControllerRevision': wl.validateControllerRevision,
  'batch/Job': wl.validateJob,
  'batch/CronJob': wl.validateCronJob,
  'policy/PodDisruptionBudget': (o, _old, e) => wl.validatePodDisruptionBudget(o, e),
  'networking.k8s.io/Ingress': (o, _old, e) => ck.validateIngress(o, e),
  'networking.k8s.io/IngressClass': ck.validateIngressClass,
  'storage.k8s.io/StorageClass': ck.validateStorageClass,
  'scheduling.k8s.io/PriorityClass': ck.validatePriorityClass,
  'events.k8s.io/Event': (o, _old, e) => ck.validateEventV1(o, e),
  'apiextensions.k8s.io/CustomResourceDefinition': ck.validateCustomResourceDefinition,
};

/** Go's decoder treats `null` like an absent field: drop null-valued object keys, deeply. */
export function dropNulls<T>(v: T): T {
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) { const x = v[i]; out[i] = x !== null && typeof x === 'object' ? dropNulls(x) : x; }
    return out as T;
  }
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v)) {
      const x = v[k];
      if (x !== null && x !== undefined) setField(out, k, typeof x === 'object' ? dropNulls(x) : x);
    }
    return out as T;
  }
  return v;
}

/** Whether v holds a null or undefined object value anywhere (what dropNulls would remove). */
function hasNulls(v: unknown): boolean {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object' && hasNulls(x)) return true;
    return false;
  }
  if (isObj(v)) {
    for (const k in v) {
      const x = v[k];
      if (x === null || x === undefined) return true;
      if (typeof x === 'object' && hasNulls(x)) return true;
    }
  }
  return false;
}

/** dropNulls without the copy when there is nothing to drop (validation only reads). */
function withoutNulls<T>(v: T): T {
  return hasNulls(v) ? dropNulls(v) : v;
}

export function validateObject(r: ResourceInfo, obj: KubeObject, opts: ValidateOptions): ValidationResult {
  const errs = new ErrorList();
  const clean = withoutNulls(obj) as Obj;
  const ks = kindSchemaFor(r);
  const { unknownFields } = ks ? checkStructure(ks.schema, clean, errs)
    : r.custom?.schema ? checkJsonSchema(r.custom.schema, clean, errs) : { unknownFields: [] as string[] };
  const key = `${r.group}/${r.kind}`;
  validateObjectMeta(clean.metadata, r.namespaced, NAME_RULES[key] ?? 'subdomain', errs);
  const old = opts.old ? (withoutNulls(opts.old) as Obj) : undefined;
  if (old) validateObjectMetaUpdate(clean.metadata, old.metadata, errs);
  if (key === 'autoscaling/HorizontalPodAutoscaler') wl.validateHorizontalPodAutoscaler(clean, r.version, errs);
  else VALIDATORS[key]?.(clean, old, errs);
  return { causes: errs.causes, unknownFields };
}
