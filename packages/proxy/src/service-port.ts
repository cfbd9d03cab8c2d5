/**
 * One service port as the proxy serves it: its listen addresses (ClusterIPs, external and
 * load-balancer IPs on the service port, this node's IP on the nodePort), its backends, and the
 * balancing — round robin over the backends, ClientIP session affinity when asked for. Each
 * connection goes to the chosen backend; a backend that refuses is skipped for the next; with
 * no backend left the client connection is reset.
 */
import { connect, type Socket } from 'node:net';
import type { Clock } from '@kemu/api';
import type { Logger } from 'pino';
import type { Backend } from './backends.js';
import { RetryingListener } from './listener.js';

export interface ServicePortConfig {
  addresses: string[];
  backends: Backend[];
  /** ClientIP affinity timeout; undefined = no affinity. */
  affinityMs?: number;
}

const CONNECT_TIMEOUT_MS = 2000;

export interface ServicePortProxyOptions {
  log: Logger;
  clock: Clock;
  /** How long a removed address's open connections live on. */
  drainMs: number;
  /** Bind retry period for addresses another proxy holds. */
  retryMs: number;
}

export class ServicePortProxy {
  private readonly listeners = new Map<string, RetryingListener>();
  private backends: Backend[] = [];
  private next = 0;
  private affinityMs?: number;
  private readonly affinity = new Map<string, { backend: string; at: number }>();

  private readonly log: Logger;

  constructor(
    readonly key: string,
    private readonly o: ServicePortProxyOptions,
  ) {
    this.log = o.log;
  }

  /** Applies a new desired state; listeners that stay are kept as they are. */
  update(cfg: ServicePortConfig): void {
    this.backends = cfg.backends;
    if (this.affinityMs !== cfg.affinityMs) this.affinity.clear();
    this.affinityMs = cfg.affinityMs;
    const want = new Set(cfg.addresses);
    for (const [addr, l] of this.listeners) {
      if (!want.has(addr)) {
        l.close(this.o.drainMs);
        this.listeners.delete(addr);
      }
    }
    for (const addr of want) {
      if (this.listeners.has(addr)) continue;
      const i = addr.lastIndexOf(':');
      const l = new RetryingListener({
        host: addr.slice(0, i),
        port: Number(addr.slice(i + 1)),
        log: this.log,
        clock: this.o.clock,
        retryMs: this.o.retryMs,
        onConnection: (s) => this.handle(s),
      });
      this.listeners.set(addr, l);
      l.start();
    }
  }

  /** Addresses currently bound by this process. */
  boundAddresses(): string[] {
    return [...this.listeners.values()].filter((l) => l.bound).map((l) => l.address);
  }

  backendKeys(): string[] {
    return this.backends.map((b) => b.key);
  }

  close(): void {
    for (const l of this.listeners.values()) l.close(this.o.drainMs);
    this.listeners.clear();
  }

  /** The backends to try for a client, best first. */
  private order(clientIP: string): Backend[] {
    const n = this.backends.length;
    if (n === 0) return [];
    let first: number | undefined;
    if (this.affinityMs !== undefined) {
      const a = this.affinity.get(clientIP);
      if (a && this.o.clock.now() - a.at <= this.affinityMs) {
        const i = this.backends.findIndex((b) => b.key === a.backend);
        if (i >= 0) first = i;
      }
    }
    if (first === undefined) {
      first = this.next % n;
      this.next = (this.next + 1) % n;
    }
    return Array.from({ length: n }, (_, k) => this.backends[(first! + k) % n]);
  }

  private handle(client: Socket): void {
    const clientIP = client.remoteAddress ?? '';
    const candidates = this.order(clientIP);
    client.on('error', () => {});
    const attempt = (i: number) => {
      if (client.destroyed) return;
      if (i >= candidates.length) {
        client.resetAndDestroy();
        return;
      }
      const b = candidates[i];
      const upstream = connect({ host: b.ip, port: b.port, allowHalfOpen: true, timeout: CONNECT_TIMEOUT_MS });
      let connected = false;
      upstream.once('timeout', () => {
        if (!connected) upstream.destroy(new Error('connect timeout'));
      });
      upstream.once('error', (err: NodeJS.ErrnoException) => {
        if (!connected) {
          this.log.debug({ backend: b.key, code: err.code }, 'backend refused; trying the next');
          attempt(i + 1);
        } else {
          client.destroy();
        }
      });
      upstream.once('connect', () => {
        connected = true;
        upstream.setTimeout(0);
        if (this.affinityMs !== undefined) this.affinity.set(clientIP, { backend: b.key, at: this.o.clock.now() });
        client.pipe(upstream);
        upstream.pipe(client);
        client.once('close', () => upstream.destroy());
        upstream.once('close', () => {
          if (!client.writableEnded) client.end();
        });
        client.resume();
      });
    };
    attempt(0);
  }
}
