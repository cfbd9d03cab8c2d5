/** Semantic validation of a PodSpec and a pod template, after Kubernetes' `pkg/apis/core/validation`. */
import { isObject } from '../meta.js';
import { isQuantity, parseQuantity } from '../quantity.js';
import type { ErrorList, FieldPath } from './field-errors.js';
import { nonNegative, oneOf } from './field-rules.js';
import { list, str, validateLabels } from './meta-validation.js';
import { dns1123Label, dns1123Subdomain, envVarName, portName, portNumber, qualifiedName } from './names.js';

type Obj = Record<string, any>;

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

const TERMINATION_MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'] as const;

const TOLERATION_OPERATORS = ['Equal', 'Exists'] as const;

export const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] as const;

export function validatePortNumOrName(v: unknown, field: FieldPath, errs: ErrorList): void {
  if (typeof v === 'number') for (const e of portNumber(v)) errs.invalid(field, v, e);
  else if (typeof v === 'string') {
    if (/^\d+$/.test(v)) errs.invalid(field, v, 'must contain at least one letter or number (a-z, 0-9)');
    else for (const e of portName(v)) errs.invalid(field, v, e);
  }
}

function validateResources(res: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObject(res)) return;
  const parsed: Record<'limits' | 'requests', Record<string, number>> = { limits: {}, requests: {} };
  for (const kind of ['limits', 'requests'] as const) {
    if (!isObject(res[kind])) continue;
    for (const [name, q] of Object.entries(res[kind])) {
      const f = field.child(kind).key(name);
      if (!isQuantity(q)) {
        errs.invalid(f, q, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        continue;
      }
      const n = parseQuantity(q as string);
      if (n < 0) {
        errs.invalid(f, q, 'must be greater than or equal to 0');
        continue;
      }
      parsed[kind][name] = n;
    }
  }
  for (const [name, req] of Object.entries(parsed.requests)) {
    const lim = parsed.limits[name];
    if (lim !== undefined && req > lim) {
      errs.invalid(
        field.child('requests').key(name),
        res.requests[name],
        `must be less than or equal to ${name} limit of ${res.limits[name]}`,
      );
    }
  }
}

function validateProbe(p: unknown, field: FieldPath, errs: ErrorList, kind: 'liveness' | 'readiness' | 'startup'): void {
  if (!isObject(p)) return;
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => p[h] !== undefined);
  if (handlers.length === 0) errs.required(field, 'must specify a handler type');
  else if (handlers.length > 1) errs.forbidden(field.child(handlers[1]), 'may not specify more than 1 handler type');
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'])
    nonNegative(p[k], field.child(k), errs);
  if ((kind === 'liveness' || kind === 'startup') && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    errs.invalid(field.child('successThreshold'), p.successThreshold, 'must be 1');
  }
  if (isObject(p.httpGet)) {
    validatePortNumOrName(p.httpGet.port, field.child('httpGet').child('port'), errs);
    if (p.httpGet.scheme !== undefined) oneOf(p.httpGet.scheme, ['HTTP', 'HTTPS'], field.child('httpGet').child('scheme'), errs);
  }
  if (isObject(p.tcpSocket)) validatePortNumOrName(p.tcpSocket.port, field.child('tcpSocket').child('port'), errs);
  if (isObject(p.grpc) && typeof p.grpc.port === 'number')
    for (const e of portNumber(p.grpc.port)) errs.invalid(field.child('grpc').child('port'), p.grpc.port, e);
}

function validateContainer(c: Obj, field: FieldPath, volumes: Set<string>, errs: ErrorList, requireImage: boolean): void {
  const name = str(c.name);
  if (!name) errs.required(field.child('name'));
  else for (const e of dns1123Label(name)) errs.invalid(field.child('name'), name, e);
  if (requireImage && !str(c.image).trim()) errs.required(field.child('image'));
  oneOf(c.imagePullPolicy, PULL_POLICIES, field.child('imagePullPolicy'), errs);
  oneOf(c.terminationMessagePolicy, TERMINATION_MESSAGE_POLICIES, field.child('terminationMessagePolicy'), errs);
  const portNames = new Set<string>();
  const portKeys = new Set<string>();
  list(c.ports).forEach((p, i) => {
    if (!isObject(p)) return;
    const pf = field.child('ports').index(i);
    if (p.name !== undefined && p.name !== '') {
      for (const e of portName(str(p.name))) errs.invalid(pf.child('name'), p.name, e);
      if (portNames.has(p.name)) errs.duplicate(pf.child('name'), p.name);
      portNames.add(p.name);
    }
    if (p.containerPort === undefined) errs.required(pf.child('containerPort'));
    else if (typeof p.containerPort === 'number')
      for (const e of portNumber(p.containerPort)) errs.invalid(pf.child('containerPort'), p.containerPort, e);
    if (typeof p.hostPort === 'number' && p.hostPort !== 0)
      for (const e of portNumber(p.hostPort)) errs.invalid(pf.child('hostPort'), p.hostPort, e);
    oneOf(p.protocol, PROTOCOLS, pf.child('protocol'), errs);
    const key = `${p.containerPort}/${p.protocol ?? 'TCP'}/${p.hostPort ?? 0}/${p.hostIP ?? ''}`;
    if (portKeys.has(key) && p.hostPort) errs.duplicate(pf, `${p.containerPort}/${p.protocol ?? 'TCP'}`);
    portKeys.add(key);
  });
  list(c.env).forEach((e, i) => {
    if (!isObject(e)) return;
    const ef = field.child('env').index(i);
    if (!str(e.name)) errs.required(ef.child('name'));
    else for (const d of envVarName(e.name)) errs.invalid(ef.child('name'), e.name, d);
    if (e.valueFrom !== undefined && e.value !== undefined && e.value !== '') {
      errs.invalid(ef.child('valueFrom'), '', 'may not be specified when `value` is not empty');
    }
  });
  const mountPaths = new Set<string>();
  list(c.volumeMounts).forEach((m, i) => {
    if (!isObject(m)) return;
    const mf = field.child('volumeMounts').index(i);
    if (!str(m.name)) errs.required(mf.child('name'));
    else if (!volumes.has(m.name)) errs.notFound(mf.child('name'), m.name);
    if (!str(m.mountPath)) errs.required(mf.child('mountPath'));
    else if (mountPaths.has(m.mountPath)) errs.invalid(mf.child('mountPath'), m.mountPath, 'must be unique');
    mountPaths.add(m.mountPath);
    if (str(m.subPath)) validateLocalDescendingPath(m.subPath, mf.child('subPath'), errs);
    if (str(m.subPathExpr)) validateLocalDescendingPath(m.subPathExpr, mf.child('subPathExpr'), errs);
  });
  validateResources(c.resources, field.child('resources'), errs);
  validateProbe(c.livenessProbe, field.child('livenessProbe'), errs, 'liveness');
  validateProbe(c.readinessProbe, field.child('readinessProbe'), errs, 'readiness');
  validateProbe(c.startupProbe, field.child('startupProbe'), errs, 'startup');
}

export function validatePodSpec(spec: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObject(spec)) {
    errs.required(field.child('containers'));
    return;
  }
  const volumes = new Set<string>();
  list(spec.volumes).forEach((v, i) => {
    if (!isObject(v)) return;
    const vf = field.child('volumes').index(i);
    const name = str(v.name);
    if (!name) errs.required(vf.child('name'));
    else {
      for (const e of dns1123Label(name)) errs.invalid(vf.child('name'), name, e);
      if (volumes.has(name)) errs.duplicate(vf.child('name'), name);
    }
    volumes.add(name);
    const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined);
    if (sources.length > 1) errs.forbidden(vf.child(sources[1]), 'may not specify more than 1 volume type');
    validateVolumeItemPaths(v, vf, errs);
  });
  const names = new Set<string>();
  const checkUnique = (c: Obj, f: FieldPath) => {
    const n = str(c.name);
    if (!n) return;
    if (names.has(n)) errs.duplicate(f.child('name'), n);
    names.add(n);
  };
  const containers = list(spec.containers);
  if (containers.length === 0) errs.required(field.child('containers'));
  list(spec.initContainers).forEach((c, i) => {
    if (!isObject(c)) return;
    const cf = field.child('initContainers').index(i);
    validateContainer(c, cf, volumes, errs, true);
    checkUnique(c, cf);
    if (c.restartPolicy !== undefined) oneOf(c.restartPolicy, ['Always'], cf.child('restartPolicy'), errs);
  });
  containers.forEach((c, i) => {
    const cf = field.child('containers').index(i);
    if (!isObject(c)) {
      errs.required(cf.child('name'));
      return;
    }
    validateContainer(c, cf, volumes, errs, true);
    checkUnique(c, cf);
    if (c.restartPolicy !== undefined) errs.forbidden(cf.child('restartPolicy'), 'may not be set for non-init containers');
  });
  oneOf(spec.restartPolicy, RESTART_POLICIES, field.child('restartPolicy'), errs);
  oneOf(spec.dnsPolicy, DNS_POLICIES, field.child('dnsPolicy'), errs);
  nonNegative(spec.terminationGracePeriodSeconds, field.child('terminationGracePeriodSeconds'), errs);
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    errs.invalid(field.child('activeDeadlineSeconds'), spec.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive');
  }
  validateLabels(spec.nodeSelector, field.child('nodeSelector'), errs);
  if (str(spec.serviceAccountName))
    for (const e of dns1123Subdomain(spec.serviceAccountName)) errs.invalid(field.child('serviceAccountName'), spec.serviceAccountName, e);
  if (str(spec.nodeName)) for (const e of dns1123Subdomain(spec.nodeName)) errs.invalid(field.child('nodeName'), spec.nodeName, e);
  if (str(spec.hostname)) for (const e of dns1123Label(spec.hostname)) errs.invalid(field.child('hostname'), spec.hostname, e);
  if (str(spec.subdomain)) for (const e of dns1123Label(spec.subdomain)) errs.invalid(field.child('subdomain'), spec.subdomain, e);
  list(spec.tolerations).forEach((t, i) => {
    if (!isObject(t)) return;
    const tf = field.child('tolerations').index(i);
    oneOf(t.operator, TOLERATION_OPERATORS, tf.child('operator'), errs);
    oneOf(t.effect, TAINT_EFFECTS, tf.child('effect'), errs);
    if (t.operator === 'Exists' && str(t.value))
      errs.invalid(tf.child('operator'), t.operator, "value must be empty when `operator` is 'Exists'");
    if (!str(t.key) && t.operator !== 'Exists')
      errs.invalid(
        tf.child('operator'),
        t.operator ?? '',
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      );
    if (typeof t.tolerationSeconds === 'number' && t.effect !== 'NoExecute')
      errs.invalid(tf.child('effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set");
    if (str(t.key)) for (const e of qualifiedName(t.key)) errs.invalid(tf.child('key'), t.key, e);
  });
  oneOf(spec.preemptionPolicy, ['Never', 'PreemptLowerPriority'], field.child('preemptionPolicy'), errs);
  validateResources(spec.resources, field.child('resources'), errs);
}

export function validatePodTemplate(template: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObject(template)) {
    errs.required(field);
    return;
  }
  const meta = isObject(template.metadata) ? template.metadata : {};
  validateLabels(meta.labels, field.child('metadata').child('labels'), errs);
  validatePodSpec(template.spec, field.child('spec'), errs);
}

/** Shared by ReplicationController and its apps/v1 cousins. */
export function validateReplicas(spec: Obj, f: FieldPath, errs: ErrorList): void {
  nonNegative(spec.replicas, f.child('replicas'), errs);
  nonNegative(spec.minReadySeconds, f.child('minReadySeconds'), errs);
}

/** kube's validateLocalDescendingPath: a relative path that never steps up with "..". */
export function validateLocalDescendingPath(p: string, field: FieldPath, errs: ErrorList): void {
  if (p.startsWith('/')) errs.invalid(field, p, 'must be a relative path');
  if (p.split('/').includes('..')) errs.invalid(field, p, "must not contain '..'");
}

/** kube's ValidateLocalNonReservedPath: a descending path whose first element does not start with "..". */
function validateLocalNonReservedPath(p: string, field: FieldPath, errs: ErrorList): void {
  validateLocalDescendingPath(p, field, errs);
  if (p.split('/')[0].startsWith('..')) errs.invalid(field, p, "must not start with '..'");
}

/** The `items[].path` of configMap, secret, downwardAPI and projected volumes (validateKeyToPath). */
function validateVolumeItemPaths(v: Obj, field: FieldPath, errs: ErrorList): void {
  const items = (source: unknown, f: FieldPath) => {
    if (!isObject(source)) return;
    list(source.items).forEach((item, i) => {
      if (isObject(item) && str(item.path)) validateLocalNonReservedPath(item.path, f.child('items').index(i).child('path'), errs);
    });
  };
  for (const k of ['configMap', 'secret', 'downwardAPI']) items(v[k], field.child(k));
  if (isObject(v.projected)) {
    list(v.projected.sources).forEach((src, i) => {
      if (!isObject(src)) return;
      const sf = field.child('projected').child('sources').index(i);
      for (const k of ['configMap', 'secret', 'downwardAPI']) items(src[k], sf.child(k));
    });
  }
}
