/**
 * The endpoints controller (pkg/controller/endpoint): one v1 Endpoints per Service with a
 * selector, listing the selected pods' IPs — ready ones in `addresses`, the rest in
 * `notReadyAddresses` — against every service port resolved on each pod. Services without a
 * selector (e.g. `kubernetes`) are left to whoever manages their Endpoints.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, KubeObject, Pod, Service } from '@kemu/api';
import { LABEL_HEADLESS, R, isNotFound, objectKey, selectorFromSet, splitKey } from '@kemu/api';
import type { RateLimitingQueue, SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { Controller, ControllerContext } from '../controller-context.js';
import { semanticEqual } from '../semantic-equal.js';
import { findPort, isPodReady, podIP, shouldPodBeInEndpoints } from '../pod-util.js';
import { newControllerQueue, runController } from '../run-controller.js';
import { enqueueServicesOnChange } from '../service-pods.js';

/** Label Kubernetes puts on the Endpoints (and slices) of headless services. */

export class EndpointsController implements Controller {
  readonly name = 'endpoints';
  private readonly queue: RateLimitingQueue;
  private readonly services: SharedInformer<Service>;
  private readonly pods: SharedInformer<Pod>;
  private readonly endpoints: SharedInformer<Endpoints>;
  private readonly logger: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.logger = ctx.logger.child({ controller: this.name });
    this.queue = newControllerQueue(ctx, this.name);
    this.services = ctx.informers.forResource<Service>(R.services);
    this.pods = ctx.informers.forResource<Pod>(R.pods);
    this.endpoints = ctx.informers.forResource<Endpoints>(R.endpoints);

    enqueueServicesOnChange(this.services, this.pods, (s) => this.enqueue(s));
    // Someone deleted Endpoints we manage: recreate them.
    this.endpoints.addEventHandler({
      onDelete: (ep) => {
        if (this.services.lister.get(objectKey(ep))) this.enqueue(ep);
      },
    });
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    return runController({
      informers: this.ctx.informers,
      queue: this.queue,
      workers,
      signal,
      sync: (k) => this.sync(k),
      logger: this.logger,
    });
  }

  private enqueue(o: KubeObject): void {
    this.queue.add(objectKey(o));
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.lister.get(key);
    if (!svc) {
      // The service is gone: so are its endpoints (they share its name).
      try {
        await this.ctx.client.delete(R.endpoints, namespace, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    if (svc.spec.type === 'ExternalName') return;
    if (!svc.spec.selector || Object.keys(svc.spec.selector).length === 0) return;

    const pods = this.pods.lister.listNamespace(namespace, selectorFromSet(svc.spec.selector));
    const subsets = endpointSubsets(svc, pods);
    const labels = endpointsLabels(svc);

    const current = this.endpoints.lister.get(key);
    if (current && semanticEqual(current.subsets ?? [], subsets) && semanticEqual(current.metadata.labels ?? {}, labels)) return;

    const desired: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: current ? { ...current.metadata, labels } : { name, namespace, labels },
      ...(subsets.length ? { subsets } : {}),
    };
    if (current) {
      this.logger.debug({ service: key, subsets: subsets.length }, 'Updating endpoints');
      await this.ctx.client.update<Endpoints>(R.endpoints, desired);
    } else {
      this.logger.debug({ service: key, subsets: subsets.length }, 'Creating endpoints');
      await this.ctx.client.create<Endpoints>(R.endpoints, namespace, desired);
    }
  }
}

function endpointsLabels(svc: Service): Record<string, string> {
  const labels = { ...(svc.metadata.labels ?? {}) };
  if (svc.spec.clusterIP === 'None') labels[LABEL_HEADLESS] = '';
  else delete labels[LABEL_HEADLESS];
  return labels;
}

function address(svc: Service, pod: Pod): EndpointAddress {
  const a: EndpointAddress = { ip: podIP(pod)! };
  if (pod.spec.hostname && pod.spec.subdomain === svc.metadata.name && svc.spec.clusterIP === 'None') a.hostname = pod.spec.hostname;
  if (pod.spec.nodeName) a.nodeName = pod.spec.nodeName;
  a.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  return a;
}

/**
 * The subsets for a service: per pod, its address against every service port it resolves,
 * then regrouped so pods with the same resolved ports share one subset (RepackSubsets).
 */
export function endpointSubsets(svc: Service, pods: Pod[]): EndpointSubset[] {
  const publishNotReady = svc.spec.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  const add = (ports: EndpointPort[], addr: EndpointAddress, ready: boolean) => {
    const k = JSON.stringify(ports);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports, ready: [], notReady: [] }));
    (ready ? g.ready : g.notReady).push(addr);
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const addr = address(svc, pod);
    const ready = publishNotReady || isPodReady(pod);
    const svcPorts = svc.spec.ports ?? [];
    if (svcPorts.length === 0) {
      if (svc.spec.clusterIP === 'None') add([], addr, ready);
      continue;
    }
    // A pod is listed once per port it resolves; pods resolving the same ports are grouped.
    const ports: EndpointPort[] = [];
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    for (const p of ports) add([p], addr, ready);
  }
  // Merge groups that hold exactly the same addresses into one subset with several ports.
  const byAddresses = new Map<string, EndpointSubset>();
  const ipKey = (a: EndpointAddress) => `${a.ip}/${a.targetRef?.uid ?? ''}`;
  for (const g of groups.values()) {
    g.ready.sort(compareAddr);
    g.notReady.sort(compareAddr);
    const k = JSON.stringify([g.ready.map(ipKey), g.notReady.map(ipKey)]);
    const existing = byAddresses.get(k);
    if (existing) {
      existing.ports = [...(existing.ports ?? []), ...g.ports];
      continue;
    }
    const subset: EndpointSubset = {};
    if (g.ready.length) subset.addresses = g.ready;
    if (g.notReady.length) subset.notReadyAddresses = g.notReady;
    if (g.ports.length) subset.ports = g.ports;
    byAddresses.set(k, subset);
  }
  const subsets = [...byAddresses.values()];
  for (const s of subsets) s.ports?.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
  return subsets.sort((a, b) => subsetKey(a).localeCompare(subsetKey(b)));
}

function subsetKey(s: EndpointSubset): string {
  return `${s.addresses?.[0]?.ip ?? ''}|${s.notReadyAddresses?.[0]?.ip ?? ''}|${JSON.stringify(s.ports ?? [])}`;
}

function compareAddr(a: EndpointAddress, b: EndpointAddress): number {
  return a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : (a.targetRef?.uid ?? '') < (b.targetRef?.uid ?? '') ? -1 : 1;
}
