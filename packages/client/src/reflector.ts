/**
 * Reflector: keeps a ReflectorStore in step with the apiserver (client-go `tools/cache/reflector`).
 *
 * list → replace(items, list RV) → watch from that RV (bookmarks on, timeoutSeconds 300–600 at
 * random) → apply each event and remember its RV → when the watch ends, watch again from the last
 * RV. A 410 (ERROR event or answer) relists. Any other failure backs off (capped, jittered) and
 * tries again, forever, until the signal aborts.
 */
import {
  ApiError,
  apiVersionOf,
  BackoffSequence,
  isGone,
  realClock,
  type Backoff,
  type Clock,
  type KubeObject,
  type ResourceInfo,
  type Status,
} from '@kemu/api';
import type { Logger } from 'pino';
import type { Client, ListOptions } from './interfaces.js';
import { silentLogger } from './logger.js';
import type { ReflectorStore } from './store.js';

export interface ReflectorOptions {
  /** Restricts list and watch (namespace, labelSelector, fieldSelector). */
  listOptions?: Pick<ListOptions, 'namespace' | 'labelSelector' | 'fieldSelector'>;
  clock?: Clock;
  logger?: Logger;
  /**
   * Backoff after failures, over DEFAULT_REFLECTOR_BACKOFF. The jittered delay never exceeds capMs.
   */
  backoff?: Partial<Backoff>;
  /** A watch with no event (bookmarks included) for this long is replaced. Default 75 s; 0 = never. */
  watchIdleTimeoutMs?: number;
  /** Watch timeout range in seconds. Default [300, 600]. */
  watchTimeoutSeconds?: [number, number];
  random?: () => number;
}

/**
 * 800 ms doubling to 10 s with up to 100 % jitter, never running out (client-go caps at 30 s; a lab
 * wants components back within seconds of an apiserver restart).
 */
export const DEFAULT_REFLECTOR_BACKOFF: Readonly<Backoff> = Object.freeze({
  durationMs: 800,
  factor: 2,
  jitter: 1,
  steps: Infinity,
  capMs: 10_000,
});

/** A watch that ended this soon without delivering anything counts as a failure (backs off). */
const MIN_WATCH_MS = 1_000;

export class Reflector<T extends KubeObject> {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly backoff: BackoffSequence;
  private readonly backoffCapMs: number;
  private readonly random: () => number;
  private readonly timeoutRange: [number, number];
  private readonly idleTimeoutMs: number;
  /** The RV of the last list or event applied to the store; watches resume from it. */
  private lastSyncResourceVersion = '';

  constructor(
    private readonly client: Client,
    readonly resource: ResourceInfo,
    private readonly store: ReflectorStore<T>,
    private readonly opts: ReflectorOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.log = (opts.logger ?? silentLogger).child({
      module: 'reflector',
      resource: resource.group ? `${resource.resource}.${resource.group}` : resource.resource,
    });
    const backoff = { ...DEFAULT_REFLECTOR_BACKOFF, ...opts.backoff };
    this.backoff = new BackoffSequence(backoff, this.random);
    this.backoffCapMs = backoff.capMs ?? Infinity;
    this.timeoutRange = opts.watchTimeoutSeconds ?? [300, 600];
    this.idleTimeoutMs = opts.watchIdleTimeoutMs ?? 75_000;
  }

  lastResourceVersion(): string {
    return this.lastSyncResourceVersion;
  }

  private nextDelay(): number {
    return Math.min(this.backoffCapMs, this.backoff.step());
  }

  /** Runs until signal aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    let needList = true;
    /** Relists forced by 410 with no event in between; a second one in a row backs off first. */
    let expiredInARow = 0;
    while (!signal.aborted) {
      try {
        if (needList) {
          if (expiredInARow > 1) await this.clock.sleep(this.nextDelay(), signal);
          if (signal.aborted) break;
          await this.list();
          needList = false;
        }
        const started = this.clock.now();
        const { events, expired } = await this.watch(signal);
        if (signal.aborted) break;
        if (events > 0) expiredInARow = 0;
        if (expired) {
          this.log.info({ resourceVersion: this.lastSyncResourceVersion }, 'watch expired; relisting');
          needList = true;
          expiredInARow++;
          continue;
        }
        if (events > 0 || this.clock.now() - started >= MIN_WATCH_MS) {
          this.backoff.reset();
          continue;
        }
        this.log.debug({}, 'watch closed at once; backing off');
        await this.clock.sleep(this.nextDelay(), signal);
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err)) {
          this.log.info({ resourceVersion: this.lastSyncResourceVersion }, 'resource version too old; relisting');
          needList = true;
          expiredInARow++;
          continue;
        }
        // The store went back in time (e.g. a Redis that restarted empty): start over.
        if (isTooLargeResourceVersion(err)) needList = true;
        const delay = this.nextDelay();
        this.log.warn({ err: errSummary(err), delayMs: Math.round(delay), relist: needList }, 'list or watch failed; retrying');
        await this.clock.sleep(delay, signal);
      }
    }
  }

  private async list(): Promise<void> {
    const r = this.resource;
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const page = await this.client.list<T>(r, { ...this.opts.listOptions, limit: cont !== undefined ? 500 : undefined, continue: cont });
      for (const o of page.items ?? []) items.push(withTypeMeta(o, r));
      rv = page.metadata?.resourceVersion ?? rv;
      cont = page.metadata?.continue || undefined;
    } while (cont);
    this.store.replace(items, rv);
    this.lastSyncResourceVersion = rv;
    this.log.debug({ resourceVersion: rv, count: items.length }, 'listed');
  }

  /** One watch, until it ends. Resolves how many events it applied, or that it expired. */
  private async watch(signal: AbortSignal): Promise<{ events: number; expired: boolean }> {
    const [lo, hi] = this.timeoutRange;
    const timeoutSeconds = Math.floor(lo + this.random() * (hi - lo));
    const watchCtl = new AbortController();
    const onAbort = () => watchCtl.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) watchCtl.abort();
    // The server should end the watch at timeoutSeconds; if it does not, end it ourselves.
    const cancelTimer = this.clock.setTimeout(() => watchCtl.abort(), (timeoutSeconds + 30) * 1000);
    // A watch that stays silent past the idle timeout (the apiserver sends bookmarks every 30 s)
    // is presumed dead — e.g. its apiserver is paused — and replaced, like client-go's HTTP/2
    // health checks do. Checked on a coarse timer rather than re-armed per event.
    let lastActivity = this.clock.now();
    let cancelIdle = () => {};
    const idleMs = this.idleTimeoutMs;
    const checkIdle = () => {
      const idle = this.clock.now() - lastActivity;
      if (idle >= idleMs) {
        this.log.info({ idleMs: idle }, 'watch silent for too long; reconnecting');
        watchCtl.abort();
        return;
      }
      cancelIdle = this.clock.setTimeout(checkIdle, idleMs - idle);
    };
    if (idleMs > 0) cancelIdle = this.clock.setTimeout(checkIdle, idleMs);
    let events = 0;
    try {
      const stream = this.client.watch<T>(
        this.resource,
        {
          ...this.opts.listOptions,
          resourceVersion: this.lastSyncResourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds,
        },
        watchCtl.signal,
      );
      for await (const ev of stream) {
        if (watchCtl.signal.aborted) break;
        lastActivity = this.clock.now();
        if (ev.type === 'ERROR') {
          const status = ev.object as unknown as Status;
          if (status?.code === 410 || status?.reason === 'Expired' || status?.reason === 'Gone') return { events, expired: true };
          throw new ApiError(Object.assign(statusBase(), status));
        }
        const obj = ev.object;
        const rv = obj?.metadata?.resourceVersion;
        switch (ev.type) {
          case 'ADDED':
            this.store.add(withTypeMeta(obj, this.resource));
            break;
          case 'MODIFIED':
            this.store.update(withTypeMeta(obj, this.resource));
            break;
          case 'DELETED':
            this.store.delete(withTypeMeta(obj, this.resource));
            break;
          case 'BOOKMARK':
            break;
          default:
            this.log.warn({ type: ev.type }, 'unknown watch event type');
            continue;
        }
        if (rv) this.lastSyncResourceVersion = rv;
        events++;
      }
      return { events, expired: false };
    } finally {
      cancelTimer();
      cancelIdle();
      signal.removeEventListener('abort', onAbort);
      watchCtl.abort();
    }
  }
}

function isTooLargeResourceVersion(err: unknown): boolean {
  return (
    err instanceof ApiError && err.code === 504 && (err.status.details?.causes ?? []).some((c) => c.reason === 'ResourceVersionTooLarge')
  );
}

function statusBase(): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500 };
}

/** List items come without apiVersion/kind on the wire; the cache stores them complete. */
function withTypeMeta<T extends KubeObject>(obj: T, r: ResourceInfo): T {
  if (obj.apiVersion && obj.kind) return obj;
  const { apiVersion, kind, ...rest } = obj;
  return { apiVersion: apiVersion ?? apiVersionOf(r), kind: kind ?? r.kind, ...rest } as T;
}

function errSummary(err: unknown): unknown {
  if (err instanceof ApiError) return { code: err.code, reason: err.reason, message: err.message };
  if (err instanceof Error) return { message: err.message, code: (err as { code?: string }).code };
  return err;
}
