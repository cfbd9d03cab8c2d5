/**
 * The proxier (kube-proxy's syncProxyRules, per service): `syncService(key)` reads the Service
 * and its EndpointSlices from the listers and converges that service's ServicePortProxies.
 * Level-triggered and idempotent; endpoint changes only swap backends, never listeners.
 */
import { LABEL_SERVICE_NAME, selectorFromSet, type Clock, type EndpointSlice, type Service, type ServicePort } from '@kemu/api';
import type { EventRecorder, Lister } from '@kemu/client';
import type { Logger } from 'pino';
import { backendsFor } from './backends.js';
import type { ReservedAddresses } from './reserved.js';
import { ServicePortProxy } from './service-port.js';

/** The Event reason of a service address the proxy will not bind because a kemu component owns it. */
export const REASON_ADDRESS_RESERVED = 'AddressReserved';

export interface ProxierOptions {
  nodeIP: string;
  /** For externalTrafficPolicy: Local (only this node's endpoints behind its external addresses). */
  nodeName?: string;
  services: Lister<Service>;
  slices: Lister<EndpointSlice>;
  log: Logger;
  clock: Clock;
  /** How long a removed service port's open connections live on. Default 1000 ms. */
  drainMs?: number;
  /** Bind retry period for addresses another proxy holds. Default 500 ms. */
  retryMs?: number;
  /** Addresses never bound (kemu's own components listen there). Default none. */
  reserved?: ReservedAddresses;
  /** Where a refused reserved address is reported, as a Warning Event on its Service. */
  recorder?: EventRecorder;
}

export class Proxier {
  /** service key → port key (`ns/name:portName`) → proxy */
  private readonly services = new Map<string, Map<string, ServicePortProxy>>();
  /** service key → the reserved addresses it asks for, already reported (reported once while asked for). */
  private readonly refused = new Map<string, Set<string>>();

  constructor(private readonly o: ProxierOptions) {}

  syncService(key: string): void {
    const svc = this.o.services.get(key);
    const desired = svc ? this.desired(svc) : new Map<string, Desired>();
    if (svc) this.dropReserved(key, svc, desired);
    else this.refused.delete(key);
    let ports = this.services.get(key);
    if (!ports) {
      ports = new Map();
      this.services.set(key, ports);
    }
    for (const [pk, proxy] of ports) {
      if (!desired.has(pk)) {
        proxy.close();
        ports.delete(pk);
        this.o.log.debug({ servicePort: pk }, 'service port removed');
      }
    }
    if (desired.size === 0) {
      this.services.delete(key);
      return;
    }
    const [namespace, name] = [svc!.metadata.namespace!, svc!.metadata.name!];
    const slices = this.o.slices.listNamespace(namespace, selectorFromSet({ [LABEL_SERVICE_NAME]: name }));
    const affinityMs =
      svc!.spec.sessionAffinity === 'ClientIP'
        ? ((svc!.spec.sessionAffinityConfig as { clientIP?: { timeoutSeconds?: number } } | undefined)?.clientIP?.timeoutSeconds ?? 10800) *
          1000
        : undefined;
    for (const [pk, { sp, addresses, local }] of desired) {
      let proxy = ports.get(pk);
      if (!proxy) {
        proxy = new ServicePortProxy(pk, {
          log: this.o.log.child({ servicePort: pk }),
          clock: this.o.clock,
          drainMs: this.o.drainMs ?? 1000,
          retryMs: this.o.retryMs ?? 500,
        });
        ports.set(pk, proxy);
      }
      proxy.update({ addresses, backends: backendsFor(slices, sp, local ? (this.o.nodeName ?? '') : undefined), affinityMs });
    }
  }

  /** The service port, by `ns/name:portName` (or `…#local`), for tests and status. */
  servicePort(key: string): ServicePortProxy | undefined {
    const i = key.lastIndexOf(':');
    return this.services.get(key.slice(0, i))?.get(key);
  }

  close(): void {
    for (const ports of this.services.values()) for (const p of ports.values()) p.close();
    this.services.clear();
  }

  /**
   * Removes the reserved addresses from `desired`; each newly asked-for one is reported with a
   * warning and a Warning Event on the Service.
   */
  private dropReserved(key: string, svc: Service, desired: Map<string, Desired>): void {
    const reserved = this.o.reserved;
    if (!reserved) return;
    const reported = this.refused.get(key);
    const now = new Set<string>();
    for (const [pk, d] of desired) {
      d.addresses = d.addresses.filter((address) => {
        if (!reserved.has(address)) return true;
        if (!now.has(address) && !reported?.has(address)) {
          this.o.log.warn({ servicePort: pk, address }, 'not binding a service address that a kemu component owns');
          this.o.recorder?.event(
            svc,
            'Warning',
            REASON_ADDRESS_RESERVED,
            `Not serving ${address}: the address is reserved for a kemu component (apiserver, kubelet, health port or Redis)`,
          );
        }
        now.add(address);
        return false;
      });
      if (d.addresses.length === 0) desired.delete(pk);
    }
    if (now.size) this.refused.set(key, now);
    else this.refused.delete(key);
  }

  /**
   * Per service port: the cluster-wide addresses (ClusterIPs; external and LB IPs and the nodePort
   * too unless externalTrafficPolicy is Local) and, with Local, a second entry `<port>#local`
   * for the external addresses, served by this node's endpoints only.
   */
  private desired(svc: Service): Map<string, Desired> {
    const out = new Map<string, Desired>();
    const spec = svc.spec;
    if (spec.type === 'ExternalName') return out;
    const vips = (spec.clusterIPs?.length ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : []).filter(
      (ip) => ip && ip !== 'None' && !ip.includes(':'),
    );
    const lbIPs =
      spec.type === 'LoadBalancer' ? (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => !!ip) : [];
    const externalIPs = [...(spec.externalIPs ?? []), ...lbIPs];
    const local =
      spec.externalTrafficPolicy === 'Local' && (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || externalIPs.length > 0);
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    for (const sp of spec.ports ?? []) {
      if ((sp.protocol ?? 'TCP') !== 'TCP') continue;
      const cluster = vips.map((ip) => `${ip}:${sp.port}`);
      const external = externalIPs.map((ip) => `${ip}:${sp.port}`);
      if ((spec.type === 'NodePort' || spec.type === 'LoadBalancer') && sp.nodePort) external.push(`${this.o.nodeIP}:${sp.nodePort}`);
      const pk = `${key}:${sp.name ?? ''}`;
      const shared = local ? cluster : [...cluster, ...external];
      if (shared.length) out.set(pk, { sp, addresses: [...new Set(shared)], local: false });
      if (local && external.length) out.set(`${pk}#local`, { sp, addresses: [...new Set(external)], local: true });
    }
    return out;
  }
}

interface Desired {
  sp: ServicePort;
  addresses: string[];
  local: boolean;
}
