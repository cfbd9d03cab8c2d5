/**
 * Semantic validation of PersistentVolume, PersistentVolumeClaim, ResourceQuota, LimitRange
 * (core/v1), Ingress and IngressClass (networking.k8s.io/v1), StorageClass (storage.k8s.io/v1),
 * PriorityClass (scheduling.k8s.io/v1), events.k8s.io/v1 Event and CustomResourceDefinition.
 */
import { deepEqual } from '../meta.js';
import { isQuantity } from '../quantity.js';
import { ErrorList, FieldPath, root } from './field-errors.js';
import { isObj, list, str } from './meta-validation.js';
import { dns1035Label, dns1123Label, dns1123Subdomain, qualifiedName } from './names.js';
import { atLeast, oneOf, validateAccessModes, validateClaimSpec } from './workloads-validation.js';

type Obj = Record<string, any>;

function spec(o: Obj): Obj { return isObj(o.spec) ? o.spec : {}; }
function name(o: Obj): string { return isObj(o.metadata) ? str(o.metadata.name) : ''; }
function immutable(v: unknown, old: unknown, f: FieldPath, errs: ErrorList): void {
  if (!deepEqual(v, old)) errs.invalid(f, v ?? '', 'field is immutable');
}

// ---- persistent volumes and claims ---------------------------------------------------------------

const PV_SOURCES = ['hostPath', 'local', 'nfs', 'csi', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'rbd', 'iscsi', 'cinder', 'cephfs',
  'fc', 'flocker', 'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos'];

export function validatePersistentVolume(pv: Obj, old: Obj | undefined, errs: ErrorList): void {
  const s = spec(pv);
  const f = root('spec');
  validateAccessModes(s.accessModes, f.child('accessModes'), errs);
  const capacity = isObj(s.capacity) ? s.capacity : {};
  if (capacity.storage === undefined) errs.required(f.child('capacity'));
  for (const [k, v] of Object.entries(capacity)) {
    if (k !== 'storage') errs.notSupported(f.child('capacity').key(k), k, ['storage']);
    else if (!isQuantity(String(v))) errs.invalid(f.child('capacity').key(k), v, 'must be a valid quantity');
  }
  const sources = PV_SOURCES.filter((k) => s[k] !== undefined);
  if (sources.length === 0) errs.required(f, 'must specify a volume type');
  else if (sources.length > 1) errs.forbidden(f.child(sources[1]), 'may not specify more than 1 volume type');
  if (isObj(s.hostPath) && !str(s.hostPath.path)) errs.required(f.child('hostPath').child('path'));
  if (isObj(s.local)) {
    if (!str(s.local.path)) errs.required(f.child('local').child('path'));
    if (!isObj(s.nodeAffinity)) errs.required(f.child('nodeAffinity'), 'Local volume requires node affinity');
  }
  if (isObj(s.nfs)) {
    if (!str(s.nfs.server)) errs.required(f.child('nfs').child('server'));
    if (!str(s.nfs.path)) errs.required(f.child('nfs').child('path'));
  }
  if (isObj(s.csi)) {
    if (!str(s.csi.driver)) errs.required(f.child('csi').child('driver'));
    if (!str(s.csi.volumeHandle)) errs.required(f.child('csi').child('volumeHandle'));
  }
  oneOf(s.persistentVolumeReclaimPolicy, ['Delete', 'Recycle', 'Retain'], f.child('persistentVolumeReclaimPolicy'), errs);
  oneOf(s.volumeMode, ['Block', 'Filesystem'], f.child('volumeMode'), errs);
  if (s.storageClassName) for (const e of dns1123Subdomain(s.storageClassName)) errs.invalid(f.child('storageClassName'), s.storageClassName, e);
  if (old) {
    const os = spec(old);
    for (const k of PV_SOURCES) if (os[k] !== undefined || s[k] !== undefined) immutable(s[k], os[k], f.child('persistentvolumesource'), errs);
    if (os.volumeMode !== undefined) immutable(s.volumeMode, os.volumeMode, f.child('volumeMode'), errs);
  }
}

export function validatePersistentVolumeClaim(pvc: Obj, old: Obj | undefined, errs: ErrorList): void {
  const s = spec(pvc);
  const f = root('spec');
  validateClaimSpec(s, f, errs);
  if (s.storageClassName) for (const e of dns1123Subdomain(s.storageClassName)) errs.invalid(f.child('storageClassName'), s.storageClassName, e);
  if (old) {
    const os = spec(old);
    const strip = (x: Obj) => {
      const c = structuredClone(x);
      if (isObj(c.resources)) delete c.resources.requests;
      delete c.volumeAttributesClassName;
      if (!os.volumeName) delete c.volumeName;
      return c;
    };
    if (!deepEqual(strip(s), strip(os))) errs.forbidden(f, 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
  }
}

const QUOTA_SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];

export function validateResourceQuota(q: Obj, errs: ErrorList): void {
  const s = spec(q);
  const f = root('spec');
  for (const [k, v] of Object.entries(isObj(s.hard) ? s.hard : {})) {
    if (!isQuantity(String(v))) errs.invalid(f.child('hard').key(k), v, 'must be a valid quantity');
    else if (String(v).startsWith('-')) errs.invalid(f.child('hard').key(k), v, 'must be greater than or equal to 0');
  }
  list(s.scopes).forEach((sc, i) => { if (typeof sc !== 'string' || !QUOTA_SCOPES.includes(sc)) errs.notSupported(f.child('scopes').index(i), sc, QUOTA_SCOPES); });
  const exprs = isObj(s.scopeSelector) ? list(s.scopeSelector.matchExpressions) : [];
  exprs.forEach((e, i) => {
    if (!isObj(e)) return;
    const ef = f.child('scopeSelector').child('matchExpressions').index(i);
    oneOf(e.scopeName, QUOTA_SCOPES, ef.child('scopeName'), errs, true);
    oneOf(e.operator, ['DoesNotExist', 'Exists', 'In', 'NotIn'], ef.child('operator'), errs, true);
  });
}

export function validateLimitRange(lr: Obj, errs: ErrorList): void {
  list(spec(lr).limits).forEach((item, i) => {
    if (!isObj(item)) return;
    const f = root('spec').child('limits').index(i);
    oneOf(item.type, ['Container', 'PersistentVolumeClaim', 'Pod'], f.child('type'), errs, true);
    for (const k of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
      for (const [res, v] of Object.entries(isObj(item[k]) ? item[k] : {})) if (!isQuantity(String(v))) errs.invalid(f.child(k).key(res), v, 'must be a valid quantity');
    }
    if (item.type === 'Pod') {
      if (item.default !== undefined) errs.forbidden(f.child('default'), 'may not be specified when `type` is \'Pod\'');
      if (item.defaultRequest !== undefined) errs.forbidden(f.child('defaultRequest'), 'may not be specified when `type` is \'Pod\'');
    }
  });
}

// ---- networking.k8s.io/v1 --------------------------------------------------------------------------

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function validateBackend(b: unknown, f: FieldPath, errs: ErrorList): void {
  if (!isObj(b)) { errs.required(f); return; }
  const hasService = isObj(b.service);
  const hasResource = isObj(b.resource);
  if (hasService && hasResource) { errs.invalid(f, b, 'cannot set both resource and service backends'); return; }
  if (!hasService && !hasResource) { errs.invalid(f, b, 'resource or service backend is required'); return; }
  if (hasService) {
    const sf = f.child('service');
    if (!str(b.service.name)) errs.required(sf.child('name'));
    else for (const e of dns1035Label(b.service.name)) errs.invalid(sf.child('name'), b.service.name, e);
    const port = isObj(b.service.port) ? b.service.port : {};
    const hasName = str(port.name) !== '';
    const hasNumber = typeof port.number === 'number' && port.number !== 0;
    if (hasName && hasNumber) errs.invalid(sf.child('port'), port, 'cannot set both port name & port number');
    else if (!hasName && !hasNumber) errs.invalid(sf.child('port'), port, 'port name or number is required');
    else if (hasNumber && (port.number < 1 || port.number > 65535)) errs.invalid(sf.child('port').child('number'), port.number, 'must be between 1 and 65535, inclusive');
  } else {
    const rf = f.child('resource');
    if (!str(b.resource.kind)) errs.required(rf.child('kind'));
    if (!str(b.resource.name)) errs.required(rf.child('name'));
  }
}

export function validateIngress(ing: Obj, errs: ErrorList): void {
  const s = spec(ing);
  const f = root('spec');
  const rules = list(s.rules);
  if (s.defaultBackend === undefined && rules.length === 0) errs.invalid(f, s, 'either `defaultBackend` or `rules` must be specified');
  if (s.defaultBackend !== undefined) validateBackend(s.defaultBackend, f.child('defaultBackend'), errs);
  if (s.ingressClassName) for (const e of dns1123Subdomain(s.ingressClassName)) errs.invalid(f.child('ingressClassName'), s.ingressClassName, e);
  rules.forEach((r, i) => {
    if (!isObj(r)) return;
    const rf = f.child('rules').index(i);
    if (str(r.host)) {
      const host = r.host.startsWith('*.') ? r.host.slice(2) : r.host;
      if (/^\d+\.\d+\.\d+\.\d+$/.test(r.host)) errs.invalid(rf.child('host'), r.host, 'must be a DNS name, not an IP address');
      else for (const e of dns1123Subdomain(host)) errs.invalid(rf.child('host'), r.host, e);
    }
    if (!isObj(r.http)) return;
    const paths = list(r.http.paths);
    if (paths.length === 0) errs.required(rf.child('http').child('paths'));
    paths.forEach((p, j) => {
      if (!isObj(p)) return;
      const pf = rf.child('http').child('paths').index(j);
      if (!str(p.pathType)) errs.required(pf.child('pathType'), 'pathType must be specified');
      else oneOf(p.pathType, PATH_TYPES, pf.child('pathType'), errs);
      if ((p.pathType === 'Exact' || p.pathType === 'Prefix') && !str(p.path).startsWith('/')) errs.invalid(pf.child('path'), p.path ?? '', 'must be an absolute path');
      validateBackend(p.backend, pf.child('backend'), errs);
    });
  });
  list(s.tls).forEach((t, i) => {
    if (!isObj(t)) return;
    list(t.hosts).forEach((h, j) => {
      if (typeof h === 'string') for (const e of dns1123Subdomain(h.startsWith('*.') ? h.slice(2) : h)) errs.invalid(f.child('tls').index(i).child('hosts').index(j), h, e);
    });
  });
}

export function validateIngressClass(ic: Obj, old: Obj | undefined, errs: ErrorList): void {
  const s = spec(ic);
  const f = root('spec');
  if (!str(s.controller)) errs.required(f.child('controller'));
  else if (s.controller.length > 250) errs.tooLong(f.child('controller'), 250);
  if (isObj(s.parameters)) {
    const pf = f.child('parameters');
    if (!str(s.parameters.kind)) errs.required(pf.child('kind'));
    if (!str(s.parameters.name)) errs.required(pf.child('name'));
    oneOf(s.parameters.scope, ['Cluster', 'Namespace'], pf.child('scope'), errs);
    if (s.parameters.scope === 'Namespace' && !str(s.parameters.namespace)) errs.required(pf.child('namespace'), '`parameters.scope` is set to \'Namespace\'');
    if (s.parameters.scope === 'Cluster' && s.parameters.namespace !== undefined) errs.forbidden(pf.child('namespace'), '`parameters.scope` is set to \'Cluster\'');
  }
  if (old) immutable(s.controller, spec(old).controller, f.child('controller'), errs);
}

// ---- storage.k8s.io/v1, scheduling.k8s.io/v1 --------------------------------------------------------

export function validateStorageClass(sc: Obj, old: Obj | undefined, errs: ErrorList): void {
  if (!str(sc.provisioner)) errs.required(root('provisioner'));
  else for (const e of qualifiedName(sc.provisioner.toLowerCase())) errs.invalid(root('provisioner'), sc.provisioner, e);
  oneOf(sc.reclaimPolicy, ['Delete', 'Retain'], root('reclaimPolicy'), errs);
  oneOf(sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer'], root('volumeBindingMode'), errs, true);
  if (old) {
    if (!deepEqual(sc.parameters ?? {}, old.parameters ?? {})) errs.forbidden(root('parameters'), 'updates to parameters are forbidden.');
    if (sc.provisioner !== old.provisioner) errs.forbidden(root('provisioner'), 'updates to provisioner are forbidden.');
    if (sc.reclaimPolicy !== old.reclaimPolicy) errs.forbidden(root('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.');
    if (sc.volumeBindingMode !== old.volumeBindingMode) errs.forbidden(root('volumeBindingMode'), 'field is immutable');
  }
}

const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };
const HIGHEST_USER_PRIORITY = 1000000000;

export function validatePriorityClass(pc: Obj, old: Obj | undefined, errs: ErrorList): void {
  const n = name(pc);
  if (n in SYSTEM_PRIORITY_CLASSES) {
    if (pc.value !== SYSTEM_PRIORITY_CLASSES[n]) errs.forbidden(root('metadata').child('name'), `${n} is a system priority class name and its value must be ${SYSTEM_PRIORITY_CLASSES[n]}`);
  } else {
    if (n.startsWith('system-')) errs.forbidden(root('metadata').child('name'), 'priority class names with \'system-\' prefix are reserved');
    if (typeof pc.value === 'number' && pc.value > HIGHEST_USER_PRIORITY) errs.forbidden(root('value'), `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`);
  }
  oneOf(pc.preemptionPolicy, ['Never', 'PreemptLowerPriority'], root('preemptionPolicy'), errs);
  if (old) {
    if (pc.value !== old.value) errs.forbidden(root('value'), 'may not be changed in an update.');
    if (pc.preemptionPolicy !== old.preemptionPolicy) errs.invalid(root('preemptionPolicy'), pc.preemptionPolicy, 'field is immutable');
  }
}

// ---- events.k8s.io/v1 ---------------------------------------------------------------------------------

export function validateEventV1(ev: Obj, errs: ErrorList): void {
  if (!ev.eventTime) errs.required(root('eventTime'));
  if (!str(ev.reportingController)) errs.required(root('reportingController'));
  if (!str(ev.reportingInstance)) errs.required(root('reportingInstance'));
  if (!str(ev.action)) errs.required(root('action'));
  if (!str(ev.reason)) errs.required(root('reason'));
  if (str(ev.note).length > 1024) errs.tooLong(root('note'), 1024);
  oneOf(ev.type, ['Normal', 'Warning'], root('type'), errs, true);
  const ns = isObj(ev.metadata) ? str(ev.metadata.namespace) : '';
  if (isObj(ev.regarding) && str(ev.regarding.namespace) && ns && ev.regarding.namespace !== ns) {
    errs.invalid(root('regarding').child('namespace'), ev.regarding.namespace, 'does not match event.namespace');
  }
}

// ---- apiextensions.k8s.io/v1 ---------------------------------------------------------------------------

const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/** Structural-schema rules: every node has a type unless it preserves unknown fields or is int-or-string. */
function validateStructural(node: unknown, f: FieldPath, errs: ErrorList, isRoot: boolean): void {
  if (!isObj(node)) return;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.type === undefined || node.type === '') {
    if (!intOrString && !preserve && !isRoot) errs.required(f.child('type'), 'must not be empty for specified object fields');
  } else if (!SCHEMA_TYPES.includes(node.type)) errs.notSupported(f.child('type'), node.type, SCHEMA_TYPES);
  if (isRoot && node.type !== 'object') errs.invalid(f.child('type'), node.type ?? '', 'must be object at the root');
  if (node.$ref !== undefined) errs.forbidden(f.child('$ref'), '$ref is not supported');
  if (node.properties !== undefined && node.additionalProperties !== undefined && node.additionalProperties !== false) {
    errs.forbidden(f.child('additionalProperties'), 'additionalProperties and properties are mutual exclusive');
  }
  if (node.type === 'array' && node.items === undefined) errs.required(f.child('items'), 'must be specified');
  if (isObj(node.properties)) for (const [k, v] of Object.entries(node.properties)) validateStructural(v, f.child('properties').key(k), errs, false);
  if (isObj(node.items)) validateStructural(node.items, f.child('items'), errs, false);
  if (isObj(node.additionalProperties)) validateStructural(node.additionalProperties, f.child('additionalProperties'), errs, false);
  if (Array.isArray(node.required) && isObj(node.properties)) {
    for (const r of node.required) if (typeof r !== 'string') errs.invalid(f.child('required'), r, 'must be a string');
  }
}

export function validateCustomResourceDefinition(crd: Obj, old: Obj | undefined, errs: ErrorList): void {
  const s = spec(crd);
  const f = root('spec');
  const names = isObj(s.names) ? s.names : {};
  const nf = f.child('names');
  if (!str(s.group)) errs.required(f.child('group'));
  else {
    for (const e of dns1123Subdomain(s.group)) errs.invalid(f.child('group'), s.group, e);
    if (!s.group.includes('.')) errs.invalid(f.child('group'), s.group, 'should be a domain with at least one dot');
  }
  if (!str(names.plural)) errs.required(nf.child('plural'));
  else for (const e of dns1123Label(names.plural)) errs.invalid(nf.child('plural'), names.plural, e);
  if (str(names.singular)) for (const e of dns1123Label(names.singular)) errs.invalid(nf.child('singular'), names.singular, e);
  if (!str(names.kind)) errs.required(nf.child('kind'));
  if (str(names.kind) && str(names.listKind) && names.kind === names.listKind) errs.invalid(nf.child('listKind'), names.listKind, 'kind and listKind may not be the same');
  list(names.shortNames).forEach((sn, i) => { if (typeof sn === 'string') for (const e of dns1123Label(sn)) errs.invalid(nf.child('shortNames').index(i), sn, e); });
  if (str(names.plural) && str(s.group) && name(crd) !== `${names.plural}.${s.group}`) {
    errs.invalid(root('metadata').child('name'), name(crd), 'must be spec.names.plural+"."+spec.group');
  }
  oneOf(s.scope, ['Cluster', 'Namespaced'], f.child('scope'), errs, true);
  const versions = list(s.versions);
  if (versions.length === 0) errs.invalid(f.child('versions'), versions, 'must have exactly one version marked as storage version');
  else if (versions.filter((v) => isObj(v) && v.storage === true).length !== 1) errs.invalid(f.child('versions'), versions.map((v) => (isObj(v) ? v.name : v)), 'must have exactly one version marked as storage version');
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (!isObj(v)) return;
    const vf = f.child('versions').index(i);
    if (!str(v.name)) errs.required(vf.child('name'));
    else {
      for (const e of dns1035Label(v.name)) errs.invalid(vf.child('name'), v.name, e);
      if (seen.has(v.name)) errs.duplicate(vf.child('name'), v.name);
      seen.add(v.name);
    }
    const schema = isObj(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isObj(schema)) errs.required(vf.child('schema').child('openAPIV3Schema'), 'schemas are required');
    else validateStructural(schema, vf.child('schema').child('openAPIV3Schema'), errs, true);
    list(v.additionalPrinterColumns).forEach((c, j) => {
      if (!isObj(c)) return;
      const cf = vf.child('additionalPrinterColumns').index(j);
      if (!str(c.name)) errs.required(cf.child('name'));
      oneOf(c.type, ['boolean', 'date', 'integer', 'number', 'string'], cf.child('type'), errs, true);
      if (!str(c.jsonPath)) errs.required(cf.child('JSONPath'));
      else if (!c.jsonPath.startsWith('.')) errs.invalid(cf.child('JSONPath'), c.jsonPath, 'must be a simple json path starting with .');
      atLeast(c.priority, 0, cf.child('priority'), errs);
    });
    const scale = isObj(v.subresources) && isObj(v.subresources.scale) ? v.subresources.scale : undefined;
    if (scale) {
      const sf = vf.child('subresources').child('scale');
      if (!str(scale.specReplicasPath).startsWith('.spec.')) errs.invalid(sf.child('specReplicasPath'), scale.specReplicasPath ?? '', 'should be a json path under .spec');
      if (!str(scale.statusReplicasPath).startsWith('.status.')) errs.invalid(sf.child('statusReplicasPath'), scale.statusReplicasPath ?? '', 'should be a json path under .status');
    }
  });
  if (s.preserveUnknownFields === true) errs.invalid(f.child('preserveUnknownFields'), true, 'must be false in order to use defaults in the schema');
  const conv = isObj(s.conversion) ? s.conversion : {};
  oneOf(conv.strategy, ['None', 'Webhook'], f.child('conversion').child('strategy'), errs);
  if (conv.strategy === 'Webhook' && conv.webhook === undefined) errs.required(f.child('conversion').child('webhook'), 'required when strategy is set to Webhook');
  if (old) {
    const os = spec(old);
    if (os.group !== undefined) immutable(s.group, os.group, f.child('group'), errs);
    if (os.scope !== undefined) immutable(s.scope, os.scope, f.child('scope'), errs);
  }
}
