/**
 * The `kubernetes` Service's endpoints when several apiservers share one store: a lease-based
 * reconciler like kube-apiserver's (`--endpoint-reconciler-type=lease`).
 *
 * Every apiserver keeps its own Lease `kube-system/apiserver-<ip>-<port>` (label
 * `apiserver.kubernetes.io/identity=kube-apiserver`, its address in the `kemu.io/endpoint`
 * annotation) renewed every interval, and on each renewal rewrites the Endpoints and
 * EndpointSlices of `default/kubernetes` to exactly the apiservers whose Lease is live
 * (renewTime + leaseDurationSeconds in the future). Expired Leases are deleted. A SIGKILLed
 * apiserver therefore drops out within one lease duration; a clean shutdown removes itself at
 * once (removeSelf). Apiservers on different ports land in different subsets/slices, as the
 * Endpoints API requires (slice `kubernetes` for the lowest port, `kubernetes-<port>` for others).
 *
 * All writes go through a loopback client (optimistic: a conflict just waits for the next
 * round), so every apiserver may reconcile at once; they converge on the same answer.
 */
import type { Logger } from 'pino';
import {
  LABEL_SERVICE_NAME,
  LABEL_SKIP_MIRROR,
  R,
  isAlreadyExists,
  isConflict,
  isNotFound,
  rfc3339Micro,
  type Clock,
  type EndpointSlice,
  type Endpoints,
  type Lease,
} from '@kemu/api';
import type { LoopbackClient } from './loopback.js';

export const IDENTITY_LABEL = 'apiserver.kubernetes.io/identity';
export const ENDPOINT_ANNOTATION = 'kemu.io/endpoint';
const SERVICE = { namespace: 'default', name: 'kubernetes' } as const;
const PORT_NAME = 'https';

export interface EndpointReconcilerOptions {
  client: LoopbackClient;
  ip: string;
  port: number;
  /** holderIdentity of this apiserver's Lease. */
  identity: string;
  leaseDurationMs: number;
  intervalMs: number;
  clock: Clock;
  log: Logger;
  /**
   * Recreates the start-up objects (system namespaces, the kubernetes Service); called when the
   * Endpoints are missing, e.g. after Redis came back empty.
   */
  ensureStartupObjects?: () => Promise<void>;
}

export interface ApiserverEndpoint {
  ip: string;
  port: number;
}

export function endpointLeaseName(ip: string, port: number): string {
  return `apiserver-${ip.replace(/[.:]/g, '-')}-${port}`;
}

export class EndpointReconciler {
  private readonly log: Logger;
  private readonly leaseName: string;

  constructor(private readonly o: EndpointReconcilerOptions) {
    this.log = o.log.child({ module: 'endpoint-reconciler' });
    this.leaseName = endpointLeaseName(o.ip, o.port);
  }

  /** Renews this apiserver's Lease and reconciles the endpoints, every interval until signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.reconcile();
      } catch (err) {
        this.log.debug({ err: (err as Error).message }, 'endpoint reconcile failed; retrying');
      }
      await this.o.clock.sleep(this.o.intervalMs, signal);
    }
  }

  /** One round: renew, then make the endpoints match the live Leases. */
  async reconcile(): Promise<ApiserverEndpoint[]> {
    try {
      await this.renew();
    } catch (err) {
      // kube-system itself is gone: the store lost its data (Redis came back empty).
      if (!isNotFound(err) || !this.o.ensureStartupObjects) throw err;
      this.log.warn({}, 'kube-system is missing (the store may have lost its data); recreating the start-up objects');
      await this.o.ensureStartupObjects();
      await this.renew();
    }
    return this.sync(false);
  }

  /** On shutdown: deletes this apiserver's Lease and takes it out of the endpoints. */
  async removeSelf(): Promise<void> {
    try {
      await this.o.client.delete(R.leases, 'kube-system', this.leaseName);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    await this.sync(true);
  }

  private async renew(): Promise<void> {
    const { client, clock } = this.o;
    const spec: Lease['spec'] = {
      holderIdentity: this.o.identity,
      leaseDurationSeconds: Math.max(1, Math.ceil(this.o.leaseDurationMs / 1000)),
      renewTime: rfc3339Micro(clock.now()),
    };
    const metadata = {
      name: this.leaseName,
      namespace: 'kube-system',
      labels: { [IDENTITY_LABEL]: 'kube-apiserver' },
      annotations: { [ENDPOINT_ANNOTATION]: `${this.o.ip}:${this.o.port}` },
    };
    let current: Lease;
    try {
      current = await client.get<Lease>(R.leases, 'kube-system', this.leaseName);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await client.create<Lease>(R.leases, 'kube-system', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata, spec });
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
      }
      return;
    }
    await client.update<Lease>(R.leases, {
      ...current,
      metadata: {
        ...current.metadata,
        labels: { ...current.metadata.labels, ...metadata.labels },
        annotations: { ...current.metadata.annotations, ...metadata.annotations },
      },
      spec: { ...current.spec, ...spec },
    });
  }

  /** The live apiservers from the Leases (deleting expired ones), then Endpoints and slices to match. */
  private async sync(withoutSelf: boolean): Promise<ApiserverEndpoint[]> {
    const { client, clock } = this.o;
    const leases = await client.list<Lease>(R.leases, { namespace: 'kube-system', labelSelector: `${IDENTITY_LABEL}=kube-apiserver` });
    const now = clock.now();
    const live: ApiserverEndpoint[] = [];
    for (const l of leases.items) {
      const ep = parseEndpoint(l.metadata.annotations?.[ENDPOINT_ANNOTATION]);
      const renewed = Date.parse(l.spec?.renewTime ?? '');
      const alive = Number.isFinite(renewed) && renewed + (l.spec?.leaseDurationSeconds ?? 0) * 1000 > now;
      if (withoutSelf && l.metadata.name === this.leaseName) continue;
      if (ep && alive) {
        live.push(ep);
        continue;
      }
      this.log.info({ lease: l.metadata.name, endpoint: ep }, 'removing an apiserver whose lease expired');
      await client.delete(R.leases, 'kube-system', l.metadata.name!, { preconditions: { uid: l.metadata.uid } }).catch((err) => {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      });
    }
    live.sort((a, b) => a.port - b.port || a.ip.localeCompare(b.ip, 'en', { numeric: true }));
    if (live.length === 0) return live; // the last apiserver leaving: keep the last known address
    await this.syncEndpoints(live);
    await this.syncSlices(live);
    return live;
  }

  private async syncEndpoints(live: ApiserverEndpoint[]): Promise<void> {
    const { client } = this.o;
    const subsets = subsetsFor(live);
    let current: Endpoints;
    try {
      current = await client.get<Endpoints>(R.endpoints, SERVICE.namespace, SERVICE.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.log.warn({}, 'the kubernetes Endpoints are missing (the store may have lost its data); recreating the start-up objects');
      await this.o.ensureStartupObjects?.();
      try {
        current = await client.get<Endpoints>(R.endpoints, SERVICE.namespace, SERVICE.name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        await client.create<Endpoints>(R.endpoints, SERVICE.namespace, {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: { ...SERVICE, labels: { [LABEL_SKIP_MIRROR]: 'true' } },
          subsets,
        });
        return;
      }
    }
    if (sameSubsets(current.subsets ?? [], subsets)) return;
    await client.update<Endpoints>(R.endpoints, { ...current, subsets });
    this.log.info({ endpoints: live.map((e) => `${e.ip}:${e.port}`) }, 'kubernetes endpoints updated');
  }

  private async syncSlices(live: ApiserverEndpoint[]): Promise<void> {
    const { client } = this.o;
    const want = slicesFor(live);
    const have = (
      await client.list<EndpointSlice>(R.endpointslices, {
        namespace: SERVICE.namespace,
        labelSelector: `${LABEL_SERVICE_NAME}=${SERVICE.name}`,
      })
    ).items;
    for (const w of want) {
      const cur = have.find((h) => h.metadata.name === w.metadata.name);
      if (!cur) {
        await client.create<EndpointSlice>(R.endpointslices, SERVICE.namespace, w).catch((err) => {
          if (!isAlreadyExists(err)) throw err;
        });
      } else if (!sameSlice(cur, w)) {
        await client.update<EndpointSlice>(R.endpointslices, { ...cur, endpoints: w.endpoints, ports: w.ports });
      }
    }
    for (const h of have) {
      if (want.some((w) => w.metadata.name === h.metadata.name)) continue;
      await client.delete(R.endpointslices, SERVICE.namespace, h.metadata.name!).catch((err) => {
        if (!isNotFound(err)) throw err;
      });
    }
  }
}

function parseEndpoint(s: string | undefined): ApiserverEndpoint | undefined {
  const m = /^(.+):(\d+)$/.exec(s ?? '');
  return m ? { ip: m[1], port: Number(m[2]) } : undefined;
}

function byPort(live: ApiserverEndpoint[]): Map<number, string[]> {
  const m = new Map<number, string[]>();
  for (const e of live) m.set(e.port, [...(m.get(e.port) ?? []), e.ip]);
  return m;
}

/** One subset per port, as the Endpoints API groups addresses. */
export function subsetsFor(live: ApiserverEndpoint[]): NonNullable<Endpoints['subsets']> {
  return [...byPort(live)].map(([port, ips]) => ({
    addresses: ips.map((ip) => ({ ip })),
    ports: [{ name: PORT_NAME, port, protocol: 'TCP' }],
  }));
}

/** One slice per port: `kubernetes` for the first (lowest) port, `kubernetes-<port>` for the others. */
export function slicesFor(live: ApiserverEndpoint[]): EndpointSlice[] {
  return [...byPort(live)].map(([port, ips], i) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: i === 0 ? SERVICE.name : `${SERVICE.name}-${port}`,
      namespace: SERVICE.namespace,
      labels: { [LABEL_SERVICE_NAME]: SERVICE.name },
    },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: PORT_NAME, port, protocol: 'TCP' }],
  }));
}

function sameSubsets(a: NonNullable<Endpoints['subsets']>, b: NonNullable<Endpoints['subsets']>): boolean {
  const norm = (s: NonNullable<Endpoints['subsets']>) =>
    JSON.stringify(
      s.map((x) => ({
        ips: (x.addresses ?? []).map((ad) => ad.ip),
        notReady: (x.notReadyAddresses ?? []).length,
        ports: (x.ports ?? []).map((p) => `${p.name ?? ''}/${p.port}/${p.protocol ?? 'TCP'}`),
      })),
    );
  return norm(a) === norm(b);
}

function sameSlice(a: EndpointSlice, b: EndpointSlice): boolean {
  const norm = (s: EndpointSlice) =>
    JSON.stringify({
      eps: (s.endpoints ?? []).map((e) => `${e.addresses.join(',')}/${String(e.conditions?.ready ?? true)}`),
      ports: (s.ports ?? []).map((p) => `${p.name ?? ''}/${p.port}/${p.protocol ?? 'TCP'}`),
    });
  return norm(a) === norm(b);
}
