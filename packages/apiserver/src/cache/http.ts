/** HTTP side of cached reads: list bodies built from pre-serialized items, and watch sinks. */
import type { ServerResponse } from 'node:http';
import { apiVersionOf, type ResourceInfo } from '@kemu/api';
import type { WatchSink } from './cache-watcher.js';
import type { CacheListResult } from './cacher.js';

/** ListMeta of a cached list. */
export function listMeta(l: CacheListResult): { resourceVersion: string; continue?: string; remainingItemCount?: number } {
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(l.revision) };
  if (l.continue !== undefined) meta.continue = l.continue;
  if (l.remainingItemCount !== undefined) meta.remainingItemCount = l.remainingItemCount;
  return meta;
}

/** The JSON of a `<Kind>List`: each item's cached JSON text, concatenated. */
export function listBody(r: ResourceInfo, l: CacheListResult): string {
  const head = `{"kind":${JSON.stringify(r.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(r))},"metadata":${JSON.stringify(listMeta(l))},"items":[`;
  const parts: string[] = new Array(l.items.length);
  for (let i = 0; i < l.items.length; i++) parts[i] = l.items[i].json;
  return head + parts.join(',') + ']}';
}

export function sendJsonText(res: ServerResponse, code: number, text: string): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': body.length, 'Cache-Control': 'no-cache, private' });
  res.end(body);
}

/** A watch sink over a chunked response; a watcher closed for overflow drops the connection. */
export function httpSink(res: ServerResponse): WatchSink {
  const gone = () => res.destroyed || res.writableEnded;
  return {
    write: (frame) => (gone() ? true : res.write(frame)),
    onDrain: (fn) => { res.once('drain', fn); },
    end: () => { if (!gone()) res.end(); },
    cork: () => { if (!gone()) res.cork(); },
    uncork: () => { if (!res.destroyed && res.writableCorked > 0) res.uncork(); },
  };
}
