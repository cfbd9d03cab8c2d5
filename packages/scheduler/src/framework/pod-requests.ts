/**
 * What a pod asks of a node, in millicores and bytes. Effective request = max(sum of the app
 * containers, largest init container), per resource, as the kubelet admits it.
 *
 * Results are memoized per object (informer-cache objects never change; a new version is a new
 * object), because every scheduling cycle sums them for every pod on every node: the returned
 * records are shared and must not be mutated.
 */
import { bytes, milliCPU, type Pod, type ResourceList } from '@kemu/api';

/** milliCPU for `cpu`, base units for everything else (`memory` in bytes, extended resources as counts). */
export type Resources = Record<string, number>;

/** The scheduler's default requests for pods that state none, used only for scoring (kube-scheduler's NonZero). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export function parseResourceList(list: ResourceList | undefined): Resources {
  const out: Resources = {};
  for (const [name, q] of Object.entries(list ?? {})) {
    try {
      out[name] = name === 'cpu' ? milliCPU(q) : bytes(q);
    } catch {
      // An unparsable quantity cannot have passed validation; count it as nothing.
    }
  }
  return out;
}

const requestsMemo = new WeakMap<Pod, Resources>();
const nonZeroMemo = new WeakMap<Pod, { milliCPU: number; memory: number }>();
const listMemo = new WeakMap<ResourceList, Resources>();

/** parseResourceList, memoized per list object (node allocatable). */
export function resourceListOf(list: ResourceList | undefined): Resources {
  if (!list) return {};
  let r = listMemo.get(list);
  if (!r) {
    r = parseResourceList(list);
    listMemo.set(list, r);
  }
  return r;
}

export function podRequests(pod: Pod): Resources {
  let r = requestsMemo.get(pod);
  if (!r) {
    r = computePodRequests(pod);
    requestsMemo.set(pod, r);
  }
  return r;
}

function computePodRequests(pod: Pod): Resources {
  const sum: Resources = {};
  for (const c of pod.spec?.containers ?? []) {
    for (const [n, v] of Object.entries(parseResourceList(c.resources?.requests))) sum[n] = (sum[n] ?? 0) + v;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [n, v] of Object.entries(parseResourceList(c.resources?.requests))) sum[n] = Math.max(sum[n] ?? 0, v);
  }
  return sum;
}

/** cpu and memory with the scoring defaults applied to containers that request none. */
export function podNonZeroRequests(pod: Pod): { milliCPU: number; memory: number } {
  let r = nonZeroMemo.get(pod);
  if (!r) {
    r = computeNonZero(pod);
    nonZeroMemo.set(pod, r);
  }
  return r;
}

function computeNonZero(pod: Pod): { milliCPU: number; memory: number } {
  let cpu = 0;
  let mem = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = parseResourceList(c.resources?.requests);
    cpu += r.cpu ?? DEFAULT_MILLI_CPU_REQUEST;
    mem += r.memory ?? DEFAULT_MEMORY_REQUEST;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = parseResourceList(c.resources?.requests);
    cpu = Math.max(cpu, r.cpu ?? DEFAULT_MILLI_CPU_REQUEST);
    mem = Math.max(mem, r.memory ?? DEFAULT_MEMORY_REQUEST);
  }
  return { milliCPU: cpu, memory: mem };
}
