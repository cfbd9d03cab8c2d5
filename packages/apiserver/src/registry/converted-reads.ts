/**
 * Reads of resources served through a conversion (events.k8s.io/v1 Events, autoscaling/v1
 * HorizontalPodAutoscalers, non-storage versions of custom resources). The watch cache holds
 * objects as stored, so these lists and watches read the store through the converting view
 * instead: a list at one revision, and a watch that starts with the current objects (or from
 * a resourceVersion), applies selectors to events, ends at timeoutSeconds, on disconnect or on
 * shutdown, and reports a compacted start as a 410 ERROR event.
 */
import type { ServerResponse } from 'node:http';
import { apiVersionOf, badRequest, expired, type Clock, type KubeObject } from '@kemu/api';
import { StorageError, type Store } from '@kemu/storage';
import { toStatus } from '../errors.js';
import { sendJson } from '../http/respond.js';
import { toTable, type IncludeObject } from '../tables/index.js';
import type { ResourceStore, Selection } from './resource-store.js';

export async function serveConvertedList(res: ServerResponse, store: ResourceStore, namespace: string | undefined, sel: Selection,
  table: { includeObject: IncludeObject; now: number } | undefined): Promise<void> {
  const { items, revision } = await store.list(namespace, sel);
  const r = store.r;
  if (table) return sendJson(res, 200, toTable(r, items, table.now, { includeObject: table.includeObject, resourceVersion: String(revision) }));
  return sendJson(res, 200, { kind: r.listKind, apiVersion: apiVersionOf(r), metadata: { resourceVersion: String(revision) }, items });
}

export interface ConvertedWatchEnv { storage: Store; clock: Clock; closing: AbortSignal }

export async function serveConvertedWatch(res: ServerResponse, store: ResourceStore, namespace: string | undefined, sel: Selection,
  q: URLSearchParams, table: { includeObject: IncludeObject } | undefined, env: ConvertedWatchEnv): Promise<void> {
  const rv = q.get('resourceVersion') ?? '';
  if (rv !== '' && rv !== '0' && !/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  const timeout = Number(q.get('timeoutSeconds') ?? '0');
  const r = store.r;
  const ac = new AbortController();
  const abort = () => ac.abort();
  res.on('close', abort);
  env.closing.addEventListener('abort', abort, { once: true });
  const cancelTimeout = timeout > 0 ? env.clock.setTimeout(abort, timeout * 1000) : undefined;
  res.writeHead(200, {
    'Content-Type': table ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  let headersSent = false;
  const write = (type: string, object: unknown) => {
    if (!ac.signal.aborted && !res.writableEnded) res.write(JSON.stringify({ type, object }) + '\n');
  };
  const send = (type: string, obj: KubeObject) => {
    if (!table) return write(type, obj);
    write(type, toTable(r, [obj], env.clock.now(), { includeObject: table.includeObject, noHeaders: headersSent }));
    headersSent = true;
  };
  const matches = (o: KubeObject) => store.matches(o, sel);
  // Whether each key's last state seen by this watch matched: the store's MODIFIED events need
  // not carry the previous state (StorageEvent.prevObject), and transitions need it.
  const matched = new Map<string, boolean>();
  const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  try {
    let from = rv === '' || rv === '0' ? undefined : Number(rv);
    if (from === undefined) {
      const list = await env.storage.list(store.prefix(namespace));
      for (const o of list.items) {
        const m = matches(o);
        matched.set(keyOf(o), m);
        if (m) send('ADDED', o);
      }
      from = list.revision;
    }
    for await (const ev of env.storage.watch({ fromRevision: from, prefix: store.prefix(namespace), signal: ac.signal })) {
      if (ac.signal.aborted) break;
      const now = matches(ev.object);
      const key = keyOf(ev.object);
      // A key not seen since a watch from a resourceVersion: unknown before. Leaving the
      // selection then sends DELETED (a client drops what it may hold) rather than miss one.
      const before = ev.prevObject ? matches(ev.prevObject) : matched.get(key);
      if (ev.type === 'DELETED') matched.delete(key);
      else matched.set(key, now);
      if (ev.type === 'ADDED' && now) send('ADDED', ev.object);
      else if (ev.type === 'DELETED' && (before ?? now)) send('DELETED', ev.object);
      else if (ev.type === 'MODIFIED') {
        if (now && before === false) send('ADDED', ev.object);
        else if (now) send('MODIFIED', ev.object);
        else if (before !== false) send('DELETED', ev.object);
      }
    }
  } catch (err) {
    if (!ac.signal.aborted) {
      if (err instanceof StorageError && err.code === 'Compacted') write('ERROR', expired(err.message).status);
      else write('ERROR', toStatus(err, { group: r.group, resource: r.resource }));
    }
  } finally {
    cancelTimeout?.();
    env.closing.removeEventListener('abort', abort);
    res.off('close', abort);
    if (!res.writableEnded) res.end();
  }
}
