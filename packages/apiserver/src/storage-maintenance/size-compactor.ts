/**
 * Compaction by size: the history (the event stream) never holds more than `maxRevisions`
 * revisions. kube-apiserver only compacts on a timer because etcd has its own quota; one Redis
 * holds the stream in memory, so a burst of writes between two timed compactions must not grow
 * it without bound. Revisions are gapless, so the history length is `current - compacted`.
 */
import type { Logger } from 'pino';
import type { Clock } from '@kemu/api';
import type { Store } from '@kemu/storage';

export interface SizeCompactorOptions {
  maxRevisions: number;
  /** How often the length is checked. */
  intervalMs: number;
  clock: Clock;
  log: Logger;
}

/** One check: compacts to `current - maxRevisions` when more history is kept; returns the new compacted revision, if any. */
export async function compactBySize(store: Store, maxRevisions: number): Promise<number | undefined> {
  const [current, compacted] = await Promise.all([store.currentRevision(), store.compactedRevision()]);
  if (current - compacted <= maxRevisions) return undefined;
  const target = current - maxRevisions;
  await store.compact(target);
  return target;
}

/** Runs compactBySize every intervalMs until signal aborts. */
export async function runSizeCompactor(store: Store, o: SizeCompactorOptions, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    await o.clock.sleep(o.intervalMs, signal);
    if (signal.aborted) return;
    try {
      const to = await compactBySize(store, o.maxRevisions);
      if (to !== undefined) o.log.info({ revision: to, maxRevisions: o.maxRevisions }, 'compacted history by size');
    } catch (err) {
      o.log.warn({ err }, 'compaction by size failed; retrying at the next check');
    }
  }
}
