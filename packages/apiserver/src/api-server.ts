/**
 * Wiring of one apiserver: opens the store, builds the registry and allocators, creates the
 * start-up objects, and serves HTTP until close().
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { NETWORK, realClock, timingsFor, type Clock } from '@kemu/api';
import { createStore, type ManagedStore, type Store } from '@kemu/storage';
import { RangeAllocator, ipv4Range, portRange } from './allocator/range-allocator.js';
import { Registry } from './registry/registry.js';
import type { RegistryContext } from './registry/context.js';
import { createRequestHandler } from './server.js';
import { answerPlainHttp } from './http/plain-http-on-tls.js';
import { Cacher, type CacherOptions } from './cache/cacher.js';
import { AdmissionChain, CachedNamespaceLister, ENABLED_ADMISSION_PLUGINS } from './admission/index.js';
import { createUpgradeHandler } from './streaming/index.js';
import { bootstrap } from './bootstrap.js';
import { MaxInFlightFilter, type MaxInFlightOptions } from './endpoints/filters/max-in-flight.js';
import { CrdController } from './crd/controller.js';
import type { Authenticator } from './auth/index.js';
import {
  DEFAULT_COMPACTION_INTERVAL_MS,
  DEFAULT_MAX_HISTORY_REVISIONS,
  newLoopback,
  startBackground,
  type Background,
} from './storage-maintenance/index.js';

export interface ApiServerOptions {
  /** TCP port; 0 picks a free one. Default 6443. */
  port?: number;
  /** Default 127.0.0.1. */
  bindAddress?: string;
  /** `memory`, `redis://host:port`, or an open Store (then the caller closes it). Default `memory`. */
  storage?: string | Store;
  /** Timing profile name (`fast`, `realistic`). Default `fast`. */
  profile?: string;
  logger?: Logger;
  clock?: Clock;
  /** How often watches that allow bookmarks get one. Default 30 s. */
  bookmarkIntervalMs?: number;
  /** Serve HTTPS with this certificate and key (PEM). Default: plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Require credentials outside /version, /healthz, /livez, /readyz. Default: none required. */
  authenticator?: Authenticator;
  /** Refuse WebSocket upgrades of exec/attach/portforward so clients fall back to SPDY (tests, teaching). Default false. */
  refuseWebSockets?: boolean;
  /** holderIdentity of this apiserver in its Leases. Default `kube-apiserver-<host>-<port>`. */
  identity?: string;
  /** Timed compaction (kube-apiserver --etcd-compaction-interval); 0 = off. Default 5 min. */
  compactionIntervalMs?: number;
  /** Compaction by size: at most this many revisions of history; 0 = no cap. Default 100 000. */
  maxHistoryRevisions?: number;
  /** How long Events live after their last write (--event-ttl). Default 1 h. */
  eventTTLSeconds?: number;
  /** In-flight limits (--max-requests-inflight 1000, --max-mutating-requests-inflight 500; 0 = no limit). */
  inFlight?: MaxInFlightOptions;
  /** Watch cache tuning (history window and size, read block timeout, watcher queue). */
  watchCache?: Omit<CacherOptions, 'clock' | 'logger'>;
}

export interface ApiServer {
  /** `http://host:port`, or `https://host:port` with `tls` */
  url: string;
  port: number;
  store: Store;
  close(): Promise<void>;
}

function isManaged(s: Store): s is ManagedStore {
  return typeof (s as Partial<ManagedStore>).startReaper === 'function';
}

export async function startApiServer(opts: ApiServerOptions = {}): Promise<ApiServer> {
  const log = opts.logger ?? pino({ name: 'apiserver' });
  const clock = opts.clock ?? realClock;
  const timings = timingsFor(opts.profile);
  const bindAddress = opts.bindAddress ?? '127.0.0.1';
  const ownsStore = typeof opts.storage !== 'object';
  const store: Store =
    typeof opts.storage === 'object'
      ? opts.storage
      : createStore(opts.storage ?? 'memory', { clock, logger: log.child({ module: 'storage' }) });
  const lifetime = new AbortController();
  const loopback = newLoopback(opts.authenticator);

  const ctx: RegistryContext = {
    store,
    clock,
    timings,
    log: log.child({ module: 'registry' }),
    clusterIPs: new RangeAllocator(store, clock, 'serviceipallocations', ipv4Range(NETWORK.serviceCIDR), 'spec.clusterIPs'),
    nodePorts: new RangeAllocator(store, clock, 'servicenodeportallocations', portRange(...NETWORK.nodePortRange), 'spec.ports.nodePort'),
    eventTTLSeconds: opts.eventTTLSeconds,
    admission: new AdmissionChain(ENABLED_ADMISSION_PLUGINS),
  };
  const cacher = new Cacher(store, { clock, logger: log.child({ module: 'cacher' }), ...opts.watchCache });
  ctx.namespaces = new CachedNamespaceLister(cacher, clock);
  const registry = new Registry(ctx);

  const server = opts.tls
    ? https.createServer({ keepAlive: true, requestTimeout: 0, cert: opts.tls.cert, key: opts.tls.key })
    : http.createServer({ keepAlive: true, requestTimeout: 0 });
  const scheme = opts.tls ? 'https' : 'http';
  if (server instanceof https.Server) answerPlainHttp(server);
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? NETWORK.apiserverPort, bindAddress, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;

  server.on(
    'upgrade',
    createUpgradeHandler({
      registry,
      log: log.child({ module: 'streaming' }),
      authenticator: opts.authenticator,
      refuseWebSockets: opts.refuseWebSockets,
    }),
  );
  server.on(
    'request',
    createRequestHandler({
      registry,
      ctx,
      log: log.child({ module: 'http' }),
      closing: lifetime.signal,
      serverAddress: `${host}:${port}`,
      bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 30_000,
      cacher,
      inFlight: new MaxInFlightFilter(opts.inFlight),
      authenticator: loopback.authenticator ?? opts.authenticator,
      async ready() {
        try {
          await Promise.race([
            store.currentRevision(),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
          ]);
          return true;
        } catch {
          return false;
        }
      },
    }),
  );

  try {
    await bootstrap(registry, { endpointIP: host, port }, log.child({ module: 'bootstrap' }));
  } catch (err) {
    log.warn({ err }, 'start-up objects not created yet; the store may be unreachable');
    void retryBootstrap(registry, host, port, log, clock, lifetime.signal);
  }
  // Custom resources of the CRDs in the store are served before this returns (at most 2 s wait).
  const crds = new CrdController(registry, clock, log.child({ module: 'crd' }));
  void crds.run(lifetime.signal);
  await Promise.race([crds.ready, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  // Watch caches of every watchable resource, so watches resuming here find their history.
  cacher.warm(registry.resources().filter((r) => r.verbs.includes('watch') && !registry.convertedStore(r)));
  // Compaction and TTL reaping (one apiserver per store), and this apiserver in the kubernetes endpoints.
  let background: Background | undefined;
  if (ownsStore && isManaged(store)) {
    background = startBackground({
      store,
      shared: opts.storage !== undefined && opts.storage !== 'memory',
      loopback,
      url: `${scheme}://${host}:${port}`,
      ip: host,
      port,
      identity: opts.identity ?? `kube-apiserver-${host}-${port}`,
      compactionIntervalMs: opts.compactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS,
      maxHistoryRevisions: opts.maxHistoryRevisions ?? DEFAULT_MAX_HISTORY_REVISIONS,
      timings,
      clock,
      log,
      ensureStartupObjects: () => bootstrap(registry, { endpointIP: host, port }, log.child({ module: 'bootstrap' })),
    });
  }
  log.info(
    { url: `${scheme}://${host}:${port}`, bindAddress, port, authentication: opts.authenticator ? 'token' : 'none' },
    'apiserver listening',
  );

  let closed: Promise<void> | undefined;
  return {
    url: `${scheme}://${host}:${port}`,
    port,
    store,
    close() {
      closed ??= (async () => {
        await background?.stop();
        lifetime.abort();
        cacher.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          for (const s of sockets) s.destroySoon();
          setTimeout(() => {
            for (const s of sockets) s.destroy();
          }, 1000).unref();
        });
        if (ownsStore) await store.close();
        log.info({}, 'apiserver stopped');
      })();
      return closed;
    },
  };
}

async function retryBootstrap(
  registry: Registry,
  host: string,
  port: number,
  log: Logger,
  clock: Clock,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    await clock.sleep(1000, signal);
    if (signal.aborted) return;
    try {
      await bootstrap(registry, { endpointIP: host, port }, log);
      log.info({}, 'start-up objects created');
      return;
    } catch (err) {
      log.debug({ err }, 'start-up objects not created yet');
    }
  }
}
