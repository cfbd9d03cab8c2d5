/**
 * HTTP watch (`?watch=true`): a chunked response of newline-delimited WatchEvents (wire §1.5).
 * Headers are flushed at once; `resourceVersion` absent or "0" starts with a synthetic ADDED per
 * current object; selectors apply to events, so an object moving into or out of the selection
 * is ADDED or DELETED; Table watches carry one-row Tables; BOOKMARKs when allowed; the response
 * ends at timeoutSeconds, on client disconnect (`res.on('close')`) or server shutdown; a
 * compacted start revision is an ERROR event with a 410 Status.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { apiVersionOf, badRequest, expired, type Clock, type KubeObject, type Status } from '@kemu/api';
import { StorageError, type Store, type StorageEvent } from '@kemu/storage';
import { toStatus } from './errors.js';
import type { ResourceStore, Selection } from './registry/resource-store.js';
import { toTable, type IncludeObject } from './tables/index.js';

export interface WatchParams {
  resource: ResourceStore;
  namespace?: string;
  selection: Selection;
  resourceVersion?: string;
  allowWatchBookmarks: boolean;
  timeoutSeconds?: number;
  /** Set when the client asked for Table events. */
  table?: { includeObject: IncludeObject };
}

export interface WatchEnv {
  store: Store;
  clock: Clock;
  log: Logger;
  /** Aborts every open watch (server shutdown). */
  closing: AbortSignal;
  bookmarkIntervalMs: number;
}

/** Validates the start revision before any byte is written, so a bad one is a plain 400. */
export function parseStartRevision(rv: string | undefined): number | undefined {
  if (rv === undefined || rv === '' || rv === '0') return undefined;
  if (!/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What a storage event looks like through a selector, or undefined when it is invisible. */
export function selectEvent(ev: StorageEvent, matches: (o: KubeObject) => boolean): EventType | undefined {
  switch (ev.type) {
    case 'ADDED': return matches(ev.object) ? 'ADDED' : undefined;
    case 'DELETED': return matches(ev.prevObject ?? ev.object) ? 'DELETED' : undefined;
    case 'MODIFIED': {
      const now = matches(ev.object);
      const before = ev.prevObject ? matches(ev.prevObject) : now;
      if (now && before) return 'MODIFIED';
      if (now) return 'ADDED';
      if (before) return 'DELETED';
      return undefined;
    }
  }
}

export async function serveWatch(res: ServerResponse, params: WatchParams, env: WatchEnv): Promise<void> {
  const from = parseStartRevision(params.resourceVersion);
  const r = params.resource.r;
  const ac = new AbortController();
  const abort = () => ac.abort();
  res.on('close', abort);
  env.closing.addEventListener('abort', abort, { once: true });
  const cancelTimeout = params.timeoutSeconds && params.timeoutSeconds > 0
    ? env.clock.setTimeout(abort, params.timeoutSeconds * 1000) : undefined;
  let cancelBookmark: (() => void) | undefined;

  res.writeHead(200, {
    'Content-Type': params.table ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  let headersSent = false;
  const write = (type: string, object: unknown) => {
    if (ac.signal.aborted || res.writableEnded) return;
    res.write(JSON.stringify({ type, object }) + '\n');
  };
  const send = (type: EventType, obj: KubeObject) => {
    if (!params.table) return write(type, obj);
    const table = toTable(r, [obj], env.clock.now(), { includeObject: params.table.includeObject, noHeaders: headersSent });
    headersSent = true;
    write(type, table);
  };
  const sendError = (status: Status) => write('ERROR', status);
  const matches = (o: KubeObject) => params.resource.matches(o, params.selection);

  let lastRevision = from ?? 0;
  const scheduleBookmark = () => {
    cancelBookmark = env.clock.setTimeout(() => {
      write('BOOKMARK', { kind: r.kind, apiVersion: apiVersionOf(r), metadata: { resourceVersion: String(lastRevision) } });
      scheduleBookmark();
    }, env.bookmarkIntervalMs);
  };

  try {
    let start = from;
    if (start === undefined) {
      const list = await env.store.list(params.resource.prefix(params.namespace));
      for (const obj of list.items) if (matches(obj)) send('ADDED', obj);
      start = list.revision;
      lastRevision = start;
    }
    if (params.allowWatchBookmarks) scheduleBookmark();
    for await (const ev of env.store.watch({ fromRevision: start, prefix: params.resource.prefix(params.namespace), signal: ac.signal })) {
      if (ac.signal.aborted) break;
      lastRevision = ev.revision;
      const type = selectEvent(ev, matches);
      if (type) send(type, type === 'DELETED' && ev.type === 'MODIFIED' ? leftSelection(ev) : ev.object);
    }
  } catch (err) {
    if (!ac.signal.aborted) {
      if (err instanceof StorageError && err.code === 'Compacted') sendError(expired(err.message).status);
      else {
        env.log.warn({ err, resource: r.resource }, 'watch failed');
        sendError(toStatus(err, { group: r.group, resource: r.resource }));
      }
    }
  } finally {
    cancelTimeout?.();
    cancelBookmark?.();
    env.closing.removeEventListener('abort', abort);
    res.off('close', abort);
    if (!res.writableEnded) res.end();
  }
}

/**
 * The DELETED event of an object that moved out of a selection: the previous content at the
 * event's revision, as kube-apiserver's cache watcher sends it (ev.prevObject is shared: copied).
 */
function leftSelection(ev: StorageEvent): KubeObject {
  const prev = ev.prevObject ?? ev.object;
  return { ...prev, metadata: { ...prev.metadata, resourceVersion: String(ev.revision) } };
}
