/**
 * HTTP watch (`?watch=true`): a chunked response of newline-delimited WatchEvents (wire §1.5),
 * served from the resource's watch cache (cache/cacher.ts). Options are validated before any
 * byte is written (400/422); headers are then flushed at once and anything that goes wrong later
 * (a too old start revision → 410, a too new one → 504) is an ERROR event. The response ends at
 * timeoutSeconds, on client disconnect, on server shutdown, when the watcher falls too far
 * behind (the client re-watches) or when the store loses history (410, the client relists).
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Clock } from '@kemu/api';
import type { Cacher } from '../../cache/cacher.js';
import { httpSink } from '../../cache/http.js';
import { parseWatchOptions } from '../../cache/read-options.js';
import { JsonWatchEncoder, TableWatchEncoder } from '../../cache/watch-encoder.js';
import type { ResourceStore, Selection } from '../../registry/resource-store.js';
import type { IncludeObject } from '../../tables/index.js';

export interface WatchParams {
  resource: ResourceStore;
  namespace?: string;
  selection: Selection;
  query: URLSearchParams;
  timeoutSeconds?: number;
  /** Set when the client asked for Table events. */
  table?: { includeObject: IncludeObject };
}

export interface WatchEnv {
  cacher: Cacher;
  clock: Clock;
  log: Logger;
  /** Aborts every open watch (server shutdown). */
  closing: AbortSignal;
  bookmarkIntervalMs: number;
}

export async function serveWatch(res: ServerResponse, params: WatchParams, env: WatchEnv): Promise<void> {
  const options = parseWatchOptions(params.query);
  const r = params.resource.r;
  const cache = await env.cacher.cache(r);
  const encoder = params.table ? new TableWatchEncoder(r, params.table.includeObject, env.clock) : new JsonWatchEncoder(r);

  res.writeHead(200, {
    'Content-Type': encoder.contentType,
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  // As in kube-apiserver: 0 (or none) = no timeout; a negative timeoutSeconds ends the watch at once.
  const timeoutMs = params.timeoutSeconds ? Math.max(0, params.timeoutSeconds * 1000) : undefined;
  await new Promise<void>((resolve) => {
    let cancelTimeout: (() => void) | undefined;
    const onClientGone = () => w.close('client');
    const onShutdown = () => w.close('shutdown');
    const w = env.cacher.watch(cache, {
      namespace: params.namespace,
      selection: params.selection,
      options,
      encoder,
      sink: httpSink(res),
      bookmarkIntervalMs: env.bookmarkIntervalMs,
      deadline: timeoutMs !== undefined ? env.clock.now() + timeoutMs : undefined,
      onClose: () => {
        cancelTimeout?.();
        env.closing.removeEventListener('abort', onShutdown);
        res.off('close', onClientGone);
        resolve();
      },
    });
    if (w.closed) return;
    if (timeoutMs !== undefined) cancelTimeout = env.clock.setTimeout(() => w.close('timeout'), timeoutMs);
    res.on('close', onClientGone);
    env.closing.addEventListener('abort', onShutdown, { once: true });
    if (env.closing.aborted) w.close('shutdown');
  });
}
