/**
 * Defaulting, following Kubernetes 1.32 (`pkg/apis/{core,apps,discovery}/v1` defaults, the
 * declarative `+default` markers, and the create-time effects of the registry strategies and
 * default admission plugins that every real cluster applies: service IP families, pod priority,
 * service account and not-ready/unreachable tolerations). Defaulting runs on every write, so
 * nothing here may undo a later change: a namespace's `kubernetes` finalizer is the registry's
 * create-time business, not a default (the namespace controller removes it).
 *
 * Resource quantities are rewritten in their canonical form, as a round trip through the Go
 * types does. Functions here mutate the object handed to them; `defaultObject` hands them a copy.
 */
import type { ResourceInfo } from '../resources.js';
import { setField } from '../meta.js';
import { canonicalizeResourceList, canonicalQuantity } from './canonical-quantity.js';
import { KIND_DEFAULTERS, defaultHorizontalPodAutoscaler } from './defaults-kinds.js';
import { applyJsonSchemaDefaults } from './json-schema.js';

type Obj = Record<string, any>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
function child(o: Obj, key: string): Obj {
  if (!isObj(o[key])) o[key] = {};
  return o[key];
}
function setIfEmpty(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}

/** The tag of an image reference; `latest` when neither tag nor digest is given, '' for digest-only. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const hasDigest = at >= 0;
  const name = hasDigest ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tag = colon > slash ? name.slice(colon + 1) : '';
  if (!tag && !hasDigest) return 'latest';
  return tag;
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHandler(p);
}

function defaultHandler(h: unknown): void {
  if (!isObj(h)) return;
  if (isObj(h.httpGet)) {
    setIfEmpty(h.httpGet, 'path', '/');
    setIfEmpty(h.httpGet, 'scheme', 'HTTP');
  }
}

function defaultEnv(env: unknown): void {
  for (const e of arr(env)) {
    const ref = isObj(e.valueFrom) ? e.valueFrom.fieldRef : undefined;
    if (isObj(ref)) setIfEmpty(ref, 'apiVersion', 'v1');
  }
}

function defaultContainer(c: Obj, hostNetwork: boolean): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  setIfEmpty(c, 'terminationMessagePath', '/dev/termination-log');
  setIfEmpty(c, 'terminationMessagePolicy', 'File');
  if (!isObj(c.resources)) c.resources = {};
  canonicalizeResourceList(c.resources.limits);
  canonicalizeResourceList(c.resources.requests);
  for (const p of arr(c.ports)) {
    setIfEmpty(p, 'protocol', 'TCP');
    if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
  }
  defaultEnv(c.env);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) { defaultHandler(c.lifecycle.postStart); defaultHandler(c.lifecycle.preStop); }
}

const VOLUME_SOURCES_WITH_MODE = ['secret', 'configMap', 'downwardAPI', 'projected'];

function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined && v[k] !== null);
  if (sources.length === 0) v.emptyDir = {};
  for (const s of VOLUME_SOURCES_WITH_MODE) {
    if (isObj(v[s]) && v[s].defaultMode === undefined) v[s].defaultMode = 420;
  }
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.emptyDir) && v.emptyDir.sizeLimit !== undefined) v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit) ?? v.emptyDir.sizeLimit;
  if (isObj(v.downwardAPI)) for (const item of arr(v.downwardAPI.items)) if (isObj(item.fieldRef)) setIfEmpty(item.fieldRef, 'apiVersion', 'v1');
}

/** Defaults of every PodSpec, in a Pod or in a template (SetDefaults_PodSpec and its members). */
export function defaultPodSpec(spec: Obj): void {
  setIfEmpty(spec, 'dnsPolicy', 'ClusterFirst');
  setIfEmpty(spec, 'restartPolicy', 'Always');
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (typeof spec.terminationGracePeriodSeconds !== 'number') spec.terminationGracePeriodSeconds = 30;
  setIfEmpty(spec, 'schedulerName', 'default-scheduler');
  const hostNetwork = spec.hostNetwork === true;
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of arr(spec[key])) defaultContainer(c, hostNetwork);
  }
  for (const v of arr(spec.volumes)) defaultVolume(v);
  canonicalizeResourceList(spec.overhead);
  if (isObj(spec.resources)) { canonicalizeResourceList(spec.resources.limits); canonicalizeResourceList(spec.resources.requests); }
}

const NOT_READY_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** Pod-only defaults: SetDefaults_Pod plus what the default admission chain adds to every pod. */
export function defaultPod(pod: Obj): void {
  const spec = child(pod, 'spec');
  for (const key of ['containers', 'initContainers']) {
    for (const c of arr(spec[key])) {
      const res = isObj(c.resources) ? c.resources : (c.resources = {});
      if (isObj(res.limits)) {
        const requests = isObj(res.requests) ? res.requests : (res.requests = {});
        for (const [k, v] of Object.entries(res.limits)) if (!(k in requests)) requests[k] = v;
      }
    }
  }
  if (typeof spec.enableServiceLinks !== 'boolean') spec.enableServiceLinks = true;
  defaultPodSpec(spec);
  // ServiceAccount admission: the namespace's default account.
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  // Priority admission: no class means priority 0.
  if (typeof spec.priority !== 'number' && !spec.priorityClassName) spec.priority = 0;
  setIfEmpty(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  // DefaultTolerationSeconds admission.
  const tolerations = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  for (const key of NOT_READY_TOLERATIONS) {
    const has = tolerations.some((t: Obj) => isObj(t) && (t.key === key || (!t.key && t.operator === 'Exists'))
      && (!t.effect || t.effect === 'NoExecute'));
    if (!has) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  spec.tolerations = tolerations;
}

function defaultTemplate(spec: Obj): void {
  if (isObj(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
}

function defaultDeployment(d: Obj): void {
  const spec = child(d, 'spec');
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  const strategy = child(spec, 'strategy');
  setIfEmpty(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = '25%';
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = '25%';
  }
  if (typeof spec.revisionHistoryLimit !== 'number') spec.revisionHistoryLimit = 10;
  if (typeof spec.progressDeadlineSeconds !== 'number') spec.progressDeadlineSeconds = 600;
  defaultTemplate(spec);
}

function defaultReplicaSet(rs: Obj): void {
  const spec = child(rs, 'spec');
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  defaultTemplate(spec);
}

function defaultReplicationController(rc: Obj): void {
  const spec = child(rc, 'spec');
  const labels = isObj(spec.template) && isObj(spec.template.metadata) && isObj(spec.template.metadata.labels)
    ? spec.template.metadata.labels : undefined;
  if (labels) {
    if (!isObj(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    const meta = child(rc, 'metadata');
    if (!isObj(meta.labels) || Object.keys(meta.labels).length === 0) meta.labels = { ...labels };
  }
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  defaultTemplate(spec);
}

function defaultService(svc: Obj): void {
  const spec = child(svc, 'spec');
  setIfEmpty(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = child(spec, 'sessionAffinityConfig');
    const clientIP = child(cfg, 'clientIP');
    if (typeof clientIP.timeoutSeconds !== 'number') clientIP.timeoutSeconds = 10800;
  }
  setIfEmpty(spec, 'type', 'ClusterIP');
  for (const p of arr(spec.ports)) {
    setIfEmpty(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (external) setIfEmpty(spec, 'externalTrafficPolicy', 'Cluster');
  if (!spec.internalTrafficPolicy && (external || spec.type === 'ClusterIP')) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && typeof spec.allocateLoadBalancerNodePorts !== 'boolean') spec.allocateLoadBalancerNodePorts = true;
  // IP family defaulting of the service registry: single-stack IPv4 for every non-ExternalName service.
  if (spec.type !== 'ExternalName') {
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
    setIfEmpty(spec, 'ipFamilyPolicy', spec.ipFamilies.length > 1 ? 'PreferDualStack' : 'SingleStack');
  }
}

function defaultNamespace(ns: Obj): void {
  const meta = child(ns, 'metadata');
  if (meta.name) meta.labels = { ...(isObj(meta.labels) ? meta.labels : {}), 'kubernetes.io/metadata.name': meta.name };
  setIfEmpty(child(ns, 'status'), 'phase', 'Active');
}

function defaultNode(node: Obj): void {
  const status = isObj(node.status) ? node.status : undefined;
  if (!status) return;
  canonicalizeResourceList(status.capacity);
  canonicalizeResourceList(status.allocatable);
  if (isObj(status.capacity) && !isObj(status.allocatable)) status.allocatable = { ...status.capacity };
}

function defaultEndpoints(ep: Obj): void {
  for (const ss of arr(ep.subsets)) for (const p of arr(ss.ports)) setIfEmpty(p, 'protocol', 'TCP');
}

function defaultEndpointSlice(es: Obj): void {
  for (const p of arr(es.ports)) {
    if (typeof p.name !== 'string') p.name = '';
    setIfEmpty(p, 'protocol', 'TCP');
  }
}

/** stringData is write-only: conversion merges it into data (base64) and drops it. */
function defaultSecret(s: Obj): void {
  setIfEmpty(s, 'type', 'Opaque');
  if (isObj(s.stringData)) {
    const data = isObj(s.data) ? s.data : (s.data = {});
    for (const [k, v] of Object.entries(s.stringData)) if (typeof v === 'string') setField(data, k, Buffer.from(v, 'utf8').toString('base64'));
    delete s.stringData;
  }
}

const DEFAULTERS: Record<string, (o: Obj) => void> = {
  '/Pod': defaultPod,
  '/Service': defaultService,
  '/Namespace': defaultNamespace,
  '/Node': defaultNode,
  '/Endpoints': defaultEndpoints,
  '/ReplicationController': defaultReplicationController,
  '/Secret': defaultSecret,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'discovery.k8s.io/EndpointSlice': defaultEndpointSlice,
  ...KIND_DEFAULTERS,
};

/** Applies the defaults of r's kind to obj in place. */
export function applyDefaults(r: Pick<ResourceInfo, 'group' | 'kind'> & Partial<Pick<ResourceInfo, 'version' | 'custom'>>, obj: Obj): void {
  if (r.custom) { if (r.custom.schema) applyJsonSchemaDefaults(r.custom.schema, obj); return; }
  if (r.group === 'autoscaling' && r.kind === 'HorizontalPodAutoscaler') return defaultHorizontalPodAutoscaler(r.version ?? 'v2', obj);
  DEFAULTERS[`${r.group}/${r.kind}`]?.(obj);
}
