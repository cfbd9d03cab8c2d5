/**
 * PodSpec defaulting (SetDefaults_PodSpec and its members, Kubernetes 1.32), applied to pods and
 * to every pod template. Resource quantities are rewritten in their canonical form, as a round
 * trip through the Go types does.
 */
import { isObject } from '../meta.js';
import { canonicalQuantity, canonicalizeResourceList } from './canonical-quantity.js';
import { arr, child, setIfEmpty } from './defaulting.js';

type Obj = Record<string, any>;

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
  if (!isObject(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHandler(p);
}

function defaultHandler(h: unknown): void {
  if (!isObject(h)) return;
  if (isObject(h.httpGet)) {
    setIfEmpty(h.httpGet, 'path', '/');
    setIfEmpty(h.httpGet, 'scheme', 'HTTP');
  }
}

function defaultEnv(env: unknown): void {
  for (const e of arr(env)) {
    const ref = isObject(e.valueFrom) ? e.valueFrom.fieldRef : undefined;
    if (isObject(ref)) setIfEmpty(ref, 'apiVersion', 'v1');
  }
}

function defaultContainer(c: Obj, hostNetwork: boolean): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(String(c.image ?? '')) === 'latest' ? 'Always' : 'IfNotPresent';
  setIfEmpty(c, 'terminationMessagePath', '/dev/termination-log');
  setIfEmpty(c, 'terminationMessagePolicy', 'File');
  if (!isObject(c.resources)) c.resources = {};
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
  if (isObject(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
}

const VOLUME_SOURCES_WITH_MODE = ['secret', 'configMap', 'downwardAPI', 'projected'];

function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== undefined && v[k] !== null);
  if (sources.length === 0) v.emptyDir = {};
  for (const s of VOLUME_SOURCES_WITH_MODE) {
    if (isObject(v[s]) && v[s].defaultMode === undefined) v[s].defaultMode = 420;
  }
  if (isObject(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObject(v.emptyDir) && v.emptyDir.sizeLimit !== undefined)
    v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit) ?? v.emptyDir.sizeLimit;
  if (isObject(v.downwardAPI))
    for (const item of arr(v.downwardAPI.items)) if (isObject(item.fieldRef)) setIfEmpty(item.fieldRef, 'apiVersion', 'v1');
}

/** Defaults of every PodSpec, in a Pod or in a template (SetDefaults_PodSpec and its members). */
export function defaultPodSpec(spec: Obj): void {
  setIfEmpty(spec, 'dnsPolicy', 'ClusterFirst');
  setIfEmpty(spec, 'restartPolicy', 'Always');
  if (!isObject(spec.securityContext)) spec.securityContext = {};
  if (typeof spec.terminationGracePeriodSeconds !== 'number') spec.terminationGracePeriodSeconds = 30;
  setIfEmpty(spec, 'schedulerName', 'default-scheduler');
  const hostNetwork = spec.hostNetwork === true;
  for (const key of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const c of arr(spec[key])) defaultContainer(c, hostNetwork);
  }
  for (const v of arr(spec.volumes)) defaultVolume(v);
  canonicalizeResourceList(spec.overhead);
  if (isObject(spec.resources)) {
    canonicalizeResourceList(spec.resources.limits);
    canonicalizeResourceList(spec.resources.requests);
  }
}

export function defaultTemplate(spec: Obj): void {
  if (isObject(spec.template)) defaultPodSpec(child(spec.template, 'spec'));
}
