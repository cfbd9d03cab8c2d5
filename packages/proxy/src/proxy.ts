/**
 * startProxy: the service proxy of one node. Informers on Services and EndpointSlices feed the
 * Proxier: every handler marks the affected service dirty; dirty services sync on the next
 * macrotask (coalescing bursts). Serves /healthz on nodeIP:healthzPort. Runs until close() or
 * until `signal` aborts; timers go through the Clock.
 */
import { LABEL_SERVICE_NAME, R, objectKey, realClock, type Clock, type EndpointSlice, type Service } from '@kemu/api';
import { EventBroadcaster, newSharedInformer, serveHealthz, silentLogger, type Client, type HealthzServer } from '@kemu/client';
import type { Logger } from 'pino';
import { Proxier } from './proxier.js';
import { ReservedAddresses } from './reserved.js';

export interface ProxyOptions {
  client: Client;
  nodeName: string;
  nodeIP: string;
  /** /healthz port on nodeIP; 0 picks one; undefined serves none. */
  healthzPort?: number;
  logger?: Logger;
  /** Open connections of a removed service port are cut after this. Default 1000 ms. */
  drainMs?: number;
  /** Retry period for VIPs held by another proxy. Default 500 ms. */
  retryMs?: number;
  /** Drives bind retries, connection draining, session affinity and the informers. Default the real clock. */
  clock?: Clock;
  /** Aborting stops the proxy, as close() does. */
  signal?: AbortSignal;
  /**
   * Addresses of kemu's components (`IP:port`, `CIDR:port`, `IP:*`) this proxy never binds, on
   * top of reserved.ts' BUILT_IN_RESERVED and its own /healthz address; `kemu up` passes every
   * component's address.
   */
  reserved?: readonly string[];
}

export interface ServiceProxy {
  readonly proxier: Proxier;
  /** The /healthz port, when served. */
  readonly healthzPort?: number;
  /** Resolves once both caches have synced. */
  ready(): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}

export async function startProxy(opts: ProxyOptions): Promise<ServiceProxy> {
  const log = (opts.logger ?? silentLogger).child({ node: opts.nodeName });
  const clock = opts.clock ?? realClock;
  const abort = new AbortController();
  const services = newSharedInformer<Service>(opts.client, R.services, { logger: log, clock });
  const slices = newSharedInformer<EndpointSlice>(opts.client, R.endpointslices, { logger: log, clock });
  let healthz: HealthzServer | undefined;
  if (opts.healthzPort !== undefined) {
    healthz = await serveHealthz(opts.healthzPort, opts.nodeIP, { informers: () => services.hasSynced() && slices.hasSynced() });
  }
  const reserved = ReservedAddresses.withBuiltIns([...(opts.reserved ?? []), ...(healthz ? [`${opts.nodeIP}:${healthz.port}`] : [])]);
  const broadcaster = new EventBroadcaster(opts.client, { component: 'kube-proxy', host: opts.nodeName, clock, logger: log });
  const proxier = new Proxier({
    nodeIP: opts.nodeIP,
    nodeName: opts.nodeName,
    services: services.lister,
    slices: slices.lister,
    log,
    clock,
    drainMs: opts.drainMs,
    retryMs: opts.retryMs,
    reserved,
    recorder: broadcaster.recorder(),
  });

  const dirty = new Set<string>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (abort.signal.aborted) return;
    // Sync only against complete caches, or a service would briefly lose its backends.
    if (!services.hasSynced() || !slices.hasSynced()) {
      scheduled = true;
      clock.setTimeout(flush, 20);
      return;
    }
    for (const k of [...dirty]) {
      dirty.delete(k);
      try {
        proxier.syncService(k);
      } catch (err) {
        log.error({ err, service: k }, 'service sync failed');
      }
    }
  };
  const mark = (key: string | undefined) => {
    if (!key || abort.signal.aborted) return;
    dirty.add(key);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  const sliceService = (s: EndpointSlice) => {
    const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
    return svc ? `${s.metadata.namespace}/${svc}` : undefined;
  };
  services.addEventHandler({
    onAdd: (s) => mark(objectKey(s)),
    onUpdate: (_o, s) => mark(objectKey(s)),
    onDelete: (s) => mark(objectKey(s)),
  });
  slices.addEventHandler({
    onAdd: (s) => mark(sliceService(s)),
    onUpdate: (o, s) => {
      mark(sliceService(o));
      mark(sliceService(s));
    },
    onDelete: (s) => mark(sliceService(s)),
  });
  const tasks = [services.run(abort.signal), slices.run(abort.signal)];

  log.info({ nodeIP: opts.nodeIP, healthzPort: healthz?.port }, 'proxy started');

  let closing: Promise<void> | undefined;
  const onAbort = () => void proxy.close();
  const proxy: ServiceProxy = {
    proxier,
    healthzPort: healthz?.port,
    async ready() {
      while (!abort.signal.aborted && !(services.hasSynced() && slices.hasSynced())) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setImmediate(r));
    },
    close() {
      closing ??= (async () => {
        opts.signal?.removeEventListener('abort', onAbort);
        abort.abort();
        proxier.close();
        await healthz?.close();
        await Promise.allSettled(tasks);
        await broadcaster.shutdown();
        log.info({}, 'proxy stopped');
      })();
      return closing;
    },
  };
  if (opts.signal?.aborted) void proxy.close();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  return proxy;
}
