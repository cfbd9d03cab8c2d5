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

const COMMA = Buffer.from(',');
const TAIL = Buffer.from(']}');

/** The JSON of a `<Kind>List`: each item's cached JSON bytes, copied once into one buffer. */
export function listBody(r: ResourceInfo, l: CacheListResult): Buffer {
  const head = Buffer.from(
    `{"kind":${JSON.stringify(r.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(r))},"metadata":${JSON.stringify(listMeta(l))},"items":[`,
  );
  const parts: Buffer[] = new Array(l.items.length * 2 + 1);
  let len = head.length + TAIL.length;
  parts[0] = head;
  for (let i = 0; i < l.items.length; i++) {
    const json = l.items[i].json;
    parts[2 * i + 1] = json;
    parts[2 * i + 2] = i + 1 < l.items.length ? COMMA : TAIL;
    len += json.length + (i + 1 < l.items.length ? 1 : 0);
  }
  if (l.items.length === 0) parts[1] = TAIL;
  return Buffer.concat(l.items.length === 0 ? [head, TAIL] : parts, len);
}

export function sendJsonBytes(res: ServerResponse, code: number, body: Buffer): void {
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': body.length, 'Cache-Control': 'no-cache, private' });
  res.end(body);
}

/** A watch sink over a chunked response; a watcher closed for overflow drops the connection. */
export function httpSink(res: ServerResponse): WatchSink {
  const gone = () => res.destroyed || res.writableEnded;
  return {
    write: (frame) => (gone() ? true : res.write(frame)),
    onDrain: (fn) => {
      res.once('drain', fn);
    },
    end: () => {
      if (!gone()) res.end();
    },
    cork: () => {
      if (!gone()) res.cork();
    },
    uncork: () => {
      if (!res.destroyed && res.writableCorked > 0) res.uncork();
    },
  };
}
