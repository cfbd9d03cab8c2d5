/**
 * Watches of resources served through a conversion (events.k8s.io/v1 Events, autoscaling/v1
 * HorizontalPodAutoscalers, non-storage versions of custom resources). The watch cache holds
 * objects as stored, so these watches read the store through the converting view instead: they
 * start with the current objects (or from a resourceVersion), apply the selection to events, and
 * end when the signal aborts. Failures, a compacted start included (410), are ERROR events.
 * Lists need no help: ResourceStore.list over the converting view lists at one revision.
 */
import { badRequest, expired, type KubeObject, type Status } from '@kemu/api';
import { StorageError, type Store } from '@kemu/storage';
import { toStatus } from '../errors.js';
import type { ResourceStore, Selection } from './resource-store.js';

export type ConvertedWatchEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject } | { type: 'ERROR'; object: Status };

/** The revision a watch starts after: undefined for "" and "0" (start with the current objects); 400 for anything not a revision. */
export function watchStartRevision(resourceVersion: string | null): number | undefined {
  const rv = resourceVersion ?? '';
  if (rv !== '' && rv !== '0' && !/^\d+$/.test(rv)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return rv === '' || rv === '0' ? undefined : Number(rv);
}

export async function* watchConverted(
  store: ResourceStore,
  storage: Store,
  namespace: string | undefined,
  sel: Selection,
  fromRevision: number | undefined,
  signal: AbortSignal,
): AsyncGenerator<ConvertedWatchEvent> {
  const matches = (o: KubeObject) => store.matches(o, sel);
  // Whether each key's last state seen by this watch matched: the store's MODIFIED events need
  // not carry the previous state (StorageEvent.prevObject), and transitions need it.
  const matched = new Map<string, boolean>();
  const keyOf = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  try {
    let from = fromRevision;
    if (from === undefined) {
      const list = await storage.list(store.prefix(namespace));
      for (const o of list.items) {
        const m = matches(o);
        matched.set(keyOf(o), m);
        if (m) yield { type: 'ADDED', object: o };
      }
      from = list.revision;
    }
    for await (const ev of storage.watch({ fromRevision: from, prefix: store.prefix(namespace), signal })) {
      if (signal.aborted) break;
      const now = matches(ev.object);
      const key = keyOf(ev.object);
      // A key not seen since a watch from a resourceVersion: unknown before. Leaving the
      // selection then sends DELETED (a client drops what it may hold) rather than miss one.
      const before = ev.prevObject ? matches(ev.prevObject) : matched.get(key);
      if (ev.type === 'DELETED') matched.delete(key);
      else matched.set(key, now);
      if (ev.type === 'ADDED' && now) yield { type: 'ADDED', object: ev.object };
      else if (ev.type === 'DELETED' && (before ?? now)) yield { type: 'DELETED', object: ev.object };
      else if (ev.type === 'MODIFIED') {
        if (now && before === false) yield { type: 'ADDED', object: ev.object };
        else if (now) yield { type: 'MODIFIED', object: ev.object };
        else if (before !== false) yield { type: 'DELETED', object: ev.object };
      }
    }
  } catch (err) {
    if (signal.aborted) return;
    if (err instanceof StorageError && err.code === 'Compacted') yield { type: 'ERROR', object: expired(err.message).status };
    else yield { type: 'ERROR', object: toStatus(err, { group: store.r.group, resource: store.r.resource }) };
  }
}
