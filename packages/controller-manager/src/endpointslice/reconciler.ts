/**
 * What a service's EndpointSlices should hold (pkg/controller/endpointslice/reconciler.go, kept
 * simple): one endpoint per selected pod with an IPv4 address, grouped by the ports it resolves,
 * at most MAX_ENDPOINTS_PER_SLICE per slice; a service without endpoints keeps one empty slice.
 */
import { ENDPOINTSLICE_CONTROLLER_NAME, LABEL_HEADLESS, LABEL_MANAGED_BY, LABEL_SERVICE_NAME } from '@kemu/api';
import type { EndpointSlice, EndpointSliceEndpoint, Pod, Service } from '@kemu/api';
import { generateNamePrefix } from '../names.js';
import { findPort, isPodReady, podIP, shouldPodBeInEndpoints } from '../pod-util.js';

export const MAX_ENDPOINTS_PER_SLICE = 100;

export type SlicePort = NonNullable<EndpointSlice['ports']>[number];

/** Endpoints sharing one port set; `ports` is [] for the placeholder of an empty service. */
export interface DesiredGroup {
  key: string;
  ports: SlicePort[];
  endpoints: EndpointSliceEndpoint[];
}

export const portsKey = (ports: SlicePort[] | undefined) =>
  JSON.stringify((ports ?? []).map((p) => [p.name ?? '', p.port ?? 0, p.protocol ?? 'TCP', p.appProtocol ?? '']));

function endpointFor(svc: Service, pod: Pod): EndpointSliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: EndpointSliceEndpoint = {
    addresses: [podIP(pod)!],
    conditions: { ready, serving, terminating },
  };
  if (pod.spec.hostname && pod.spec.subdomain === svc.metadata.name) ep.hostname = pod.spec.hostname;
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  return ep;
}

/** Groups of endpoints by port set, endpoints sorted by address. */
export function desiredGroups(svc: Service, pods: Pod[]): DesiredGroup[] {
  const groups = new Map<string, DesiredGroup>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ip = podIP(pod)!;
    if (ip.includes(':')) continue; // IPv4 slices only
    const ports: SlicePort[] = [];
    for (const sp of svc.spec.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const p: SlicePort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
      if (sp.appProtocol) p.appProtocol = sp.appProtocol;
      ports.push(p);
    }
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ports, endpoints: [] }));
    g.endpoints.push(endpointFor(svc, pod));
  }
  for (const g of groups.values()) {
    g.endpoints.sort((a, b) =>
      a.addresses[0] < b.addresses[0]
        ? -1
        : a.addresses[0] > b.addresses[0]
          ? 1
          : (a.targetRef?.uid ?? '') < (b.targetRef?.uid ?? '')
            ? -1
            : 1,
    );
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The labels of a service's slices: its own labels plus the controller's. */
export function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k !== LABEL_SERVICE_NAME && k !== LABEL_MANAGED_BY && k !== LABEL_HEADLESS) labels[k] = v;
  }
  labels[LABEL_SERVICE_NAME] = svc.metadata.name!;
  labels[LABEL_MANAGED_BY] = ENDPOINTSLICE_CONTROLLER_NAME;
  if (svc.spec.clusterIP === 'None') labels[LABEL_HEADLESS] = '';
  return labels;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

/**
 * Compares the service's current slices with the desired groups and returns the writes that
 * make them equal, reusing existing slices of the same port set first.
 */
export function planSlices(
  svc: Service,
  pods: Pod[],
  existing: EndpointSlice[],
  semanticEqual: (a: unknown, b: unknown) => boolean,
): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const labels = sliceLabels(svc);
  const owned = existing.filter((s) => s.metadata.ownerReferences?.some((r) => r.uid === svc.metadata.uid) && s.addressType === 'IPv4');
  for (const s of existing) if (!owned.includes(s)) plan.delete.push(s);

  let groups = desiredGroups(svc, pods);
  if (groups.length === 0) groups = [{ key: portsKey([]), ports: [], endpoints: [] }];
  const byKey = new Map<string, EndpointSlice[]>();
  for (const s of [...owned].sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
    const k = portsKey(s.ports);
    byKey.set(k, [...(byKey.get(k) ?? []), s]);
  }
  for (const g of groups) {
    const chunks = g.endpoints.length ? chunk(g.endpoints, MAX_ENDPOINTS_PER_SLICE) : [[]];
    const reuse = byKey.get(g.key) ?? [];
    byKey.delete(g.key);
    chunks.forEach((endpoints, i) => {
      const cur = reuse[i];
      if (!cur) {
        plan.create.push(newSlice(svc, labels, g.ports, endpoints));
      } else if (
        !semanticEqual(cur.endpoints ?? [], endpoints) ||
        !semanticEqual(cur.metadata.labels ?? {}, labels) ||
        !semanticEqual(cur.ports ?? [], g.ports)
      ) {
        plan.update.push({ ...cur, metadata: { ...cur.metadata, labels }, ports: g.ports, endpoints });
      }
    });
    plan.delete.push(...reuse.slice(chunks.length));
  }
  // Slices left over (e.g. the empty placeholder) are reused for new slices rather than
  // deleting one and creating another.
  const leftover = [...plan.delete.filter((s) => owned.includes(s)), ...[...byKey.values()].flat()];
  plan.delete = plan.delete.filter((s) => !owned.includes(s));
  plan.create = plan.create.filter((want) => {
    const reuse = leftover.shift();
    if (!reuse) return true;
    plan.update.push({ ...reuse, metadata: { ...reuse.metadata, labels }, ports: want.ports, endpoints: want.endpoints });
    return false;
  });
  plan.delete.push(...leftover);
  return plan;
}

function newSlice(svc: Service, labels: Record<string, string>, ports: SlicePort[], endpoints: EndpointSliceEndpoint[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: generateNamePrefix(svc.metadata.name!),
      namespace: svc.metadata.namespace,
      labels: { ...labels },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true },
      ],
    },
    addressType: 'IPv4',
    endpoints,
    ports,
  };
}
