import type { Clock } from '@kemu/api';
import type { Store } from './interfaces.js';

/** What the stores add to the Store contract: TTL reaping and periodic compaction. */
export interface ManagedStore extends Store {
  /** Deletes every object whose TTL deadline is at or before nowMs, each with a DELETED event; returns how many. */
  reapExpired(nowMs: number): Promise<number>;
  /** Runs reapExpired on a timer until signal aborts. */
  startReaper(signal: AbortSignal, intervalMs?: number): void;
  /**
   * Compacts on a timer until signal aborts, like kube-apiserver's compactor: each tick
   * compacts to the revision seen at the previous tick, so at least one interval of history stays.
   */
  startCompactor(signal: AbortSignal, intervalMs?: number): void;
}

export interface StoreOptions {
  /** Time source for TTL deadlines and timers. Default: the real clock. */
  clock?: Clock;
  /** Events a watcher may fall behind before it is closed. Default 10 000. */
  watchCapacity?: number;
  /** Minimal logger (pino-compatible): the store warns about retried failures. */
  logger?: StoreLogger;
}

export interface StoreLogger {
  warn(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/**
 * Calls fn every intervalMs on clock until signal aborts; errors go to onError. Ticks that
 * come while fn still runs are folded into one run right after it, so runs never overlap.
 */
export function every(
  clock: Clock,
  intervalMs: number,
  signal: AbortSignal,
  fn: () => Promise<unknown>,
  onError: (err: unknown) => void,
): void {
  if (signal.aborted) return;
  let running = false;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    fn()
      .catch(onError)
      .finally(() => {
        running = false;
        if (again && !signal.aborted) {
          again = false;
          run();
        }
      });
  };
  let cancel = () => {};
  const tick = () => {
    if (signal.aborted) return;
    cancel = clock.setTimeout(tick, intervalMs);
    run();
  };
  cancel = clock.setTimeout(tick, intervalMs);
  signal.addEventListener('abort', () => cancel(), { once: true });
}

export const DEFAULT_REAP_INTERVAL_MS = 1_000;
export const DEFAULT_COMPACT_INTERVAL_MS = 5 * 60_000;

/** Starts the TTL reaper loop shared by both stores. */
export function startReaperLoop(store: ManagedStore, clock: Clock, signal: AbortSignal, intervalMs: number, logger?: StoreLogger): void {
  every(
    clock,
    intervalMs,
    signal,
    () => store.reapExpired(clock.now()),
    (err) => logger?.warn({ err }, 'TTL reaping failed; retrying at the next tick'),
  );
}

/** Starts the compactor loop shared by both stores. */
export function startCompactorLoop(store: Store, clock: Clock, signal: AbortSignal, intervalMs: number, logger?: StoreLogger): void {
  let seen = 0;
  every(
    clock,
    intervalMs,
    signal,
    async () => {
      if (seen > 0) await store.compact(seen);
      seen = await store.currentRevision();
    },
    (err) => logger?.warn({ err }, 'compaction failed; retrying at the next tick'),
  );
}
