/** Semantic validation of core/v1 kinds: the common rules of Kubernetes' `pkg/apis/core/validation`. */
import { isIP as netIsIP } from 'node:net';
import { clone, deepEqual } from '../meta.js';
import { isQuantity, parseQuantity } from '../quantity.js';
import { ErrorList, FieldPath, root } from './field-errors.js';
import { configMapKey, dns1123Label, dns1123Subdomain, envVarName, portName, portNumber, qualifiedName as qualifiedNameOf } from './names.js';
import { isObj, list, str, validateLabels } from './meta-validation.js';

type Obj = Record<string, any>;

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'] as const;
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'] as const;
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const TERMINATION_MESSAGE_POLICIES = ['FallbackToLogsOnError', 'File'] as const;
const TOLERATION_OPERATORS = ['Equal', 'Exists'] as const;
const TAINT_EFFECTS = ['NoExecute', 'NoSchedule', 'PreferNoSchedule'] as const;
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;
const SESSION_AFFINITIES = ['ClientIP', 'None'] as const;
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'] as const;
const IP_FAMILIES = ['IPv4', 'IPv6'] as const;
const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;

const isIP = (v: string) => netIsIP(v) !== 0;

function oneOf(v: unknown, allowed: readonly string[], field: FieldPath, errs: ErrorList, requiredIfMissing = false): void {
  if (v === undefined || v === '') { if (requiredIfMissing) errs.required(field); return; }
  if (typeof v !== 'string' || !allowed.includes(v)) errs.notSupported(field, v, allowed);
}

function nonNegative(v: unknown, field: FieldPath, errs: ErrorList): void {
  if (typeof v === 'number' && v < 0) errs.invalid(field, v, 'must be greater than or equal to 0');
}

function validatePortNumOrName(v: unknown, field: FieldPath, errs: ErrorList): void {
  if (typeof v === 'number') for (const e of portNumber(v)) errs.invalid(field, v, e);
  else if (typeof v === 'string') {
    if (/^\d+$/.test(v)) errs.invalid(field, v, 'must contain at least one letter or number (a-z, 0-9)');
    else for (const e of portName(v)) errs.invalid(field, v, e);
  }
}

function validateResources(res: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObj(res)) return;
  const parsed: Record<'limits' | 'requests', Record<string, number>> = { limits: {}, requests: {} };
  for (const kind of ['limits', 'requests'] as const) {
    if (!isObj(res[kind])) continue;
    for (const [name, q] of Object.entries(res[kind])) {
      const f = field.child(kind).key(name);
      if (!isQuantity(q)) { errs.invalid(f, q, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"); continue; }
      const n = parseQuantity(q as string);
      if (n < 0) { errs.invalid(f, q, 'must be greater than or equal to 0'); continue; }
      parsed[kind][name] = n;
    }
  }
  for (const [name, req] of Object.entries(parsed.requests)) {
    const lim = parsed.limits[name];
    if (lim !== undefined && req > lim) {
      errs.invalid(field.child('requests').key(name), res.requests[name], `must be less than or equal to ${name} limit of ${res.limits[name]}`);
    }
  }
}

function validateProbe(p: unknown, field: FieldPath, errs: ErrorList, kind: 'liveness' | 'readiness' | 'startup'): void {
  if (!isObj(p)) return;
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => p[h] !== undefined);
  if (handlers.length === 0) errs.required(field, 'must specify a handler type');
  else if (handlers.length > 1) errs.forbidden(field.child(handlers[1]), 'may not specify more than 1 handler type');
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) nonNegative(p[k], field.child(k), errs);
  if ((kind === 'liveness' || kind === 'startup') && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    errs.invalid(field.child('successThreshold'), p.successThreshold, 'must be 1');
  }
  if (isObj(p.httpGet)) {
    validatePortNumOrName(p.httpGet.port, field.child('httpGet').child('port'), errs);
    if (p.httpGet.scheme !== undefined) oneOf(p.httpGet.scheme, ['HTTP', 'HTTPS'], field.child('httpGet').child('scheme'), errs);
  }
  if (isObj(p.tcpSocket)) validatePortNumOrName(p.tcpSocket.port, field.child('tcpSocket').child('port'), errs);
  if (isObj(p.grpc) && typeof p.grpc.port === 'number') for (const e of portNumber(p.grpc.port)) errs.invalid(field.child('grpc').child('port'), p.grpc.port, e);
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
    if (!isObj(p)) return;
    const pf = field.child('ports').index(i);
    if (p.name !== undefined && p.name !== '') {
      for (const e of portName(str(p.name))) errs.invalid(pf.child('name'), p.name, e);
      if (portNames.has(p.name)) errs.duplicate(pf.child('name'), p.name);
      portNames.add(p.name);
    }
    if (p.containerPort === undefined) errs.required(pf.child('containerPort'));
    else if (typeof p.containerPort === 'number') for (const e of portNumber(p.containerPort)) errs.invalid(pf.child('containerPort'), p.containerPort, e);
    if (typeof p.hostPort === 'number' && p.hostPort !== 0) for (const e of portNumber(p.hostPort)) errs.invalid(pf.child('hostPort'), p.hostPort, e);
    oneOf(p.protocol, PROTOCOLS, pf.child('protocol'), errs);
    const key = `${p.containerPort}/${p.protocol ?? 'TCP'}/${p.hostPort ?? 0}/${p.hostIP ?? ''}`;
    if (portKeys.has(key) && p.hostPort) errs.duplicate(pf, `${p.containerPort}/${p.protocol ?? 'TCP'}`);
    portKeys.add(key);
  });
  list(c.env).forEach((e, i) => {
    if (!isObj(e)) return;
    const ef = field.child('env').index(i);
    if (!str(e.name)) errs.required(ef.child('name'));
    else for (const d of envVarName(e.name)) errs.invalid(ef.child('name'), e.name, d);
    if (e.valueFrom !== undefined && e.value !== undefined && e.value !== '') {
      errs.invalid(ef.child('valueFrom'), '', 'may not be specified when `value` is not empty');
    }
  });
  const mountPaths = new Set<string>();
  list(c.volumeMounts).forEach((m, i) => {
    if (!isObj(m)) return;
    const mf = field.child('volumeMounts').index(i);
    if (!str(m.name)) errs.required(mf.child('name'));
    else if (!volumes.has(m.name)) errs.notFound(mf.child('name'), m.name);
    if (!str(m.mountPath)) errs.required(mf.child('mountPath'));
    else if (mountPaths.has(m.mountPath)) errs.invalid(mf.child('mountPath'), m.mountPath, 'must be unique');
    mountPaths.add(m.mountPath);
  });
  validateResources(c.resources, field.child('resources'), errs);
  validateProbe(c.livenessProbe, field.child('livenessProbe'), errs, 'liveness');
  validateProbe(c.readinessProbe, field.child('readinessProbe'), errs, 'readiness');
  validateProbe(c.startupProbe, field.child('startupProbe'), errs, 'startup');
}

export function validatePodSpec(spec: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObj(spec)) { errs.required(field.child('containers')); return; }
  const volumes = new Set<string>();
  list(spec.volumes).forEach((v, i) => {
    if (!isObj(v)) return;
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
    if (!isObj(c)) return;
    const cf = field.child('initContainers').index(i);
    validateContainer(c, cf, volumes, errs, true);
    checkUnique(c, cf);
    if (c.restartPolicy !== undefined) oneOf(c.restartPolicy, ['Always'], cf.child('restartPolicy'), errs);
  });
  containers.forEach((c, i) => {
    const cf = field.child('containers').index(i);
    if (!isObj(c)) { errs.required(cf.child('name')); return; }
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
  if (str(spec.serviceAccountName)) for (const e of dns1123Subdomain(spec.serviceAccountName)) errs.invalid(field.child('serviceAccountName'), spec.serviceAccountName, e);
  if (str(spec.nodeName)) for (const e of dns1123Subdomain(spec.nodeName)) errs.invalid(field.child('nodeName'), spec.nodeName, e);
  if (str(spec.hostname)) for (const e of dns1123Label(spec.hostname)) errs.invalid(field.child('hostname'), spec.hostname, e);
  if (str(spec.subdomain)) for (const e of dns1123Label(spec.subdomain)) errs.invalid(field.child('subdomain'), spec.subdomain, e);
  list(spec.tolerations).forEach((t, i) => {
    if (!isObj(t)) return;
    const tf = field.child('tolerations').index(i);
    oneOf(t.operator, TOLERATION_OPERATORS, tf.child('operator'), errs);
    oneOf(t.effect, TAINT_EFFECTS, tf.child('effect'), errs);
    if (t.operator === 'Exists' && str(t.value)) errs.invalid(tf.child('operator'), t.operator, 'value must be empty when `operator` is \'Exists\'');
    if (!str(t.key) && t.operator !== 'Exists') errs.invalid(tf.child('operator'), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
    if (typeof t.tolerationSeconds === 'number' && t.effect !== 'NoExecute') errs.invalid(tf.child('effect'), t.effect ?? '', 'effect must be \'NoExecute\' when `tolerationSeconds` is set');
    if (str(t.key)) for (const e of qualifiedNameOf(t.key)) errs.invalid(tf.child('key'), t.key, e);
  });
  oneOf(spec.preemptionPolicy, ['Never', 'PreemptLowerPriority'], field.child('preemptionPolicy'), errs);
  validateResources(spec.resources, field.child('resources'), errs);
}


/** Fields of a pod that a PUT may change (ValidatePodUpdate's allow-list, simplified). */
function podSpecForUpdateCompare(spec: Obj): Obj {
  const copy: Obj = clone(spec);
  for (const key of ['containers', 'initContainers']) for (const c of list(copy[key])) if (isObj(c)) delete c.image;
  delete copy.activeDeadlineSeconds;
  delete copy.tolerations;
  delete copy.terminationGracePeriodSeconds;
  delete copy.schedulingGates;
  return copy;
}

export function validatePod(pod: Obj, old: Obj | undefined, errs: ErrorList): void {
  validatePodSpec(pod.spec, root('spec'), errs);
  if (old && isObj(old.spec) && isObj(pod.spec)) {
    if (!deepEqual(podSpecForUpdateCompare(pod.spec), podSpecForUpdateCompare(old.spec))) {
      errs.forbidden(root('spec'), 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)');
    }
  }
}

export function validatePodTemplate(template: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObj(template)) { errs.required(field); return; }
  const meta = isObj(template.metadata) ? template.metadata : {};
  validateLabels(meta.labels, field.child('metadata').child('labels'), errs);
  validatePodSpec(template.spec, field.child('spec'), errs);
}

export function validateService(svc: Obj, old: Obj | undefined, errs: ErrorList): void {
  const spec: Obj = isObj(svc.spec) ? svc.spec : {};
  const f = root('spec');
  const type = spec.type ?? 'ClusterIP';
  oneOf(spec.type, SERVICE_TYPES, f.child('type'), errs);
  oneOf(spec.sessionAffinity, SESSION_AFFINITIES, f.child('sessionAffinity'), errs);
  oneOf(spec.ipFamilyPolicy, IP_FAMILY_POLICIES, f.child('ipFamilyPolicy'), errs);
  list(spec.ipFamilies).forEach((fam, i) => oneOf(fam, IP_FAMILIES, f.child('ipFamilies').index(i), errs));
  oneOf(spec.internalTrafficPolicy, TRAFFIC_POLICIES, f.child('internalTrafficPolicy'), errs);
  if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== '') {
    if (type !== 'NodePort' && type !== 'LoadBalancer') {
      errs.invalid(f.child('externalTrafficPolicy'), spec.externalTrafficPolicy, 'may only be set for externally-accessible services');
    } else oneOf(spec.externalTrafficPolicy, TRAFFIC_POLICIES, f.child('externalTrafficPolicy'), errs);
  }
  const ports = list(spec.ports);
  if (type === 'ExternalName') {
    if (!str(spec.externalName)) errs.required(f.child('externalName'));
    else for (const e of dns1123Subdomain(spec.externalName.replace(/\.$/, ''))) errs.invalid(f.child('externalName'), spec.externalName, e);
  } else if (ports.length === 0 && spec.clusterIP !== 'None') {
    errs.required(f.child('ports'));
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObj(p)) return;
    const pf = f.child('ports').index(i);
    if (ports.length > 1 && !str(p.name)) errs.required(pf.child('name'));
    if (str(p.name)) {
      for (const e of dns1123Label(p.name)) errs.invalid(pf.child('name'), p.name, e);
      if (names.has(p.name)) errs.duplicate(pf.child('name'), p.name);
      names.add(p.name);
    }
    if (p.port === undefined) errs.required(pf.child('port'));
    else if (typeof p.port === 'number') for (const e of portNumber(p.port)) errs.invalid(pf.child('port'), p.port, e);
    oneOf(p.protocol, PROTOCOLS, pf.child('protocol'), errs, false);
    if (p.targetPort !== undefined) validatePortNumOrName(p.targetPort, pf.child('targetPort'), errs);
    if (typeof p.nodePort === 'number' && p.nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') errs.forbidden(pf.child('nodePort'), 'may not be used when `type` is \'ClusterIP\'');
      else for (const e of portNumber(p.nodePort)) errs.invalid(pf.child('nodePort'), p.nodePort, e);
    }
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (keys.has(key)) errs.duplicate(pf, { port: p.port, protocol: p.protocol ?? 'TCP' });
    keys.add(key);
  });
  validateLabels(spec.selector, f.child('selector'), errs);
  if (str(spec.clusterIP) && spec.clusterIP !== 'None' && !isIP(spec.clusterIP)) {
    errs.invalid(f.child('clusterIPs').index(0), spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  }
  list(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip === 'string' && !isIP(ip)) errs.invalid(f.child('externalIPs').index(i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  });
  if (old && isObj(old.spec)) {
    const was = old.spec;
    const changedIP = str(was.clusterIP) && spec.clusterIP !== undefined && spec.clusterIP !== was.clusterIP
      && type !== 'ExternalName' && (was.type ?? 'ClusterIP') !== 'ExternalName';
    if (changedIP) errs.invalid(f.child('clusterIPs').index(0), spec.clusterIP, 'may not change once set');
  }
}

export function validateNamespace(ns: Obj, errs: ErrorList): void {
  const spec = isObj(ns.spec) ? ns.spec : {};
  list(spec.finalizers).forEach((fin, i) => {
    if (typeof fin === 'string' && fin !== 'kubernetes') for (const e of qualifiedNameOf(fin)) errs.invalid(root('spec').child('finalizers').index(i), fin, e);
  });
  if (isObj(ns.status)) oneOf(ns.status.phase, ['Active', 'Terminating'], root('status').child('phase'), errs);
}

export function validateNode(node: Obj, errs: ErrorList): void {
  const spec = isObj(node.spec) ? node.spec : {};
  const seen = new Set<string>();
  list(spec.taints).forEach((t, i) => {
    if (!isObj(t)) return;
    const tf = root('spec').child('taints').index(i);
    if (!str(t.key)) errs.required(tf.child('key'));
    else for (const e of qualifiedNameOf(t.key)) errs.invalid(tf.child('key'), t.key, e);
    oneOf(t.effect, TAINT_EFFECTS, tf.child('effect'), errs, true);
    const k = `${t.key}:${t.effect}`;
    if (seen.has(k)) errs.duplicate(tf, `taints must be unique by key and effect pair`);
    seen.add(k);
  });
}

function validateDataKeys(data: unknown, field: FieldPath, errs: ErrorList): void {
  if (!isObj(data)) return;
  for (const k of Object.keys(data)) for (const e of configMapKey(k)) errs.invalid(field, k, e);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function validateConfigMap(cm: Obj, old: Obj | undefined, errs: ErrorList): void {
  validateDataKeys(cm.data, root('data'), errs);
  validateDataKeys(cm.binaryData, root('binaryData'), errs);
  if (isObj(cm.data) && isObj(cm.binaryData)) {
    for (const k of Object.keys(cm.binaryData)) if (k in cm.data) errs.invalid(root('data'), k, 'duplicate of key present in binaryData');
  }
  immutableData(cm, old, ['data', 'binaryData'], errs);
}

export function validateSecret(s: Obj, old: Obj | undefined, errs: ErrorList): void {
  validateDataKeys(s.data, root('data'), errs);
  validateDataKeys(s.stringData, root('stringData'), errs);
  if (isObj(s.data)) {
    for (const [k, v] of Object.entries(s.data)) {
      if (typeof v === 'string' && (v.length % 4 !== 0 || !BASE64.test(v))) errs.invalid(root('data').key(k), '<secret contents redacted>', 'illegal base64 data');
    }
  }
  validateSecretType(s, errs);
  if (s.type === 'kubernetes.io/service-account-token') {
    const ann = isObj(s.metadata) && isObj(s.metadata.annotations) ? s.metadata.annotations : {};
    if (!str(ann['kubernetes.io/service-account.name'])) errs.required(root('metadata').child('annotations').key('kubernetes.io/service-account.name'));
  }
  if (old && old.type !== undefined && s.type !== old.type) errs.invalid(root('type'), s.type, 'field is immutable');
  immutableData(s, old, ['data'], errs);
}

/** The keys each built-in secret type requires (ValidateSecret). */
function validateSecretType(s: Obj, errs: ErrorList): void {
  const data: Obj = isObj(s.data) ? s.data : {};
  const need = (key: string) => { if (!(key in data)) errs.required(root('data').key(key)); };
  switch (s.type) {
    case 'kubernetes.io/dockercfg': need('.dockercfg'); break;
    case 'kubernetes.io/dockerconfigjson': need('.dockerconfigjson'); break;
    case 'kubernetes.io/tls': need('tls.crt'); need('tls.key'); break;
    case 'kubernetes.io/ssh-auth': need('ssh-privatekey'); break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) errs.required(root('data').key('username'), 'must specify at least one of username or password');
      break;
    default: break;
  }
  if (typeof s.type === 'string' && s.type !== '' && s.type.length > 253) errs.tooLong(root('type'), 253);
}

function immutableData(obj: Obj, old: Obj | undefined, fields: string[], errs: ErrorList): void {
  if (!old || old.immutable !== true) return;
  if (obj.immutable !== true) errs.forbidden(root('immutable'), 'field is immutable when `immutable` is set');
  for (const f of fields) {
    if (!deepEqual(obj[f] ?? {}, old[f] ?? {})) errs.forbidden(root(f), 'field is immutable when `immutable` is set');
  }
}

export function validateEndpoints(ep: Obj, errs: ErrorList): void {
  list(ep.subsets).forEach((ss, i) => {
    if (!isObj(ss)) return;
    const sf = root('subsets').index(i);
    for (const key of ['addresses', 'notReadyAddresses']) {
      list(ss[key]).forEach((a, j) => { if (isObj(a) && !str(a.ip)) errs.required(sf.child(key).index(j).child('ip')); });
    }
    list(ss.ports).forEach((p, j) => {
      if (!isObj(p)) return;
      const pf = sf.child('ports').index(j);
      if (typeof p.port === 'number') for (const e of portNumber(p.port)) errs.invalid(pf.child('port'), p.port, e);
      oneOf(p.protocol, PROTOCOLS, pf.child('protocol'), errs);
    });
  });
}

export function validateEvent(ev: Obj, errs: ErrorList): void {
  const io = isObj(ev.involvedObject) ? ev.involvedObject : undefined;
  if (!io) { errs.required(root('involvedObject')); return; }
  const ns = isObj(ev.metadata) ? str(ev.metadata.namespace) : '';
  if (str(io.namespace) && ns && io.namespace !== ns) errs.invalid(root('involvedObject').child('namespace'), io.namespace, 'does not match event.namespace');
  if (ev.type !== undefined && ev.type !== '') oneOf(ev.type, ['Normal', 'Warning'], root('type'), errs);
}

export function validateBinding(b: Obj, errs: ErrorList): void {
  const t = isObj(b.target) ? b.target : {};
  if (!str(t.name)) errs.required(root('target').child('name'));
  if (t.kind !== undefined && t.kind !== '' && t.kind !== 'Node') errs.notSupported(root('target').child('kind'), t.kind, ['Node', '<empty>']);
}

export function validateServiceAccount(_sa: Obj, _errs: ErrorList): void { /* metadata only */ }

/** Shared by ReplicationController and its apps/v1 cousins. */
export function validateReplicas(spec: Obj, f: FieldPath, errs: ErrorList): void {
  nonNegative(spec.replicas, f.child('replicas'), errs);
  nonNegative(spec.minReadySeconds, f.child('minReadySeconds'), errs);
}

export function validateReplicationController(rc: Obj, errs: ErrorList): void {
  const spec: Obj = isObj(rc.spec) ? rc.spec : {};
  const f = root('spec');
  validateReplicas(spec, f, errs);
  const selector = isObj(spec.selector) ? spec.selector : {};
  if (Object.keys(selector).length === 0) errs.required(f.child('selector'));
  validateLabels(selector, f.child('selector'), errs);
  if (spec.template === undefined) { errs.required(f.child('template')); return; }
  const labels = isObj(spec.template) && isObj(spec.template.metadata) && isObj(spec.template.metadata.labels) ? spec.template.metadata.labels : {};
  const matches = Object.entries(selector).every(([k, v]) => labels[k] === v);
  if (Object.keys(selector).length > 0 && !matches) {
    errs.invalid(f.child('template').child('metadata').child('labels'), labels, '`selector` does not match template `labels`');
  }
  validatePodTemplate(spec.template, f.child('template'), errs);
  if (isObj(spec.template) && isObj(spec.template.spec)) oneOf(spec.template.spec.restartPolicy, ['Always'], f.child('template').child('spec').child('restartPolicy'), errs);
}
