/**
 * The wire encodings of watch events: newline-delimited JSON WatchEvents, and Table watches
 * (one-row Tables; column definitions in the first event only). A frame is built once per
 * dispatched event and encoding and the same bytes go to every watcher that shares them.
 */
import { apiVersionOf, type Clock, type ResourceInfo, type Status } from '@kemu/api';
import { toTable, type IncludeObject } from '../tables/index.js';
import type { CachedObject } from './cached-object.js';
import type { EventType } from './cache-event.js';

export interface WatchEncoder {
  /**
   * The frame of one event. `shared` (one map per dispatched event) lets watchers with the same
   * encoding reuse one frame; `transition` marks the object as the event's selector view.
   */
  event(type: EventType, obj: CachedObject, shared: Map<string, Buffer> | undefined, transition: boolean): Buffer;
  bookmark(revision: number, annotations?: Record<string, string>): Buffer;
  error(status: Status): Buffer;
  readonly contentType: string;
}

function bookmarkFrame(r: ResourceInfo, revision: number, annotations?: Record<string, string>): Buffer {
  const metadata = annotations ? { resourceVersion: String(revision), annotations } : { resourceVersion: String(revision) };
  return Buffer.from(JSON.stringify({ type: 'BOOKMARK', object: { kind: r.kind, apiVersion: apiVersionOf(r), metadata } }) + '\n');
}

function errorFrame(status: Status): Buffer {
  return Buffer.from(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
}

const HEADS: Record<EventType, Buffer> = {
  ADDED: Buffer.from('{"type":"ADDED","object":'),
  MODIFIED: Buffer.from('{"type":"MODIFIED","object":'),
  DELETED: Buffer.from('{"type":"DELETED","object":'),
};
const TAIL = Buffer.from('}\n');

export class JsonWatchEncoder implements WatchEncoder {
  readonly contentType = 'application/json';
  constructor(private readonly r: ResourceInfo) {}

  event(type: EventType, obj: CachedObject, shared: Map<string, Buffer> | undefined, transition: boolean): Buffer {
    const k = transition ? `j~${type}` : `j${type}`;
    let frame = shared?.get(k);
    if (!frame) {
      const json = obj.json;
      const head = HEADS[type];
      frame = Buffer.allocUnsafe(head.length + json.length + TAIL.length);
      head.copy(frame, 0);
      json.copy(frame, head.length);
      TAIL.copy(frame, head.length + json.length);
      shared?.set(k, frame);
    }
    return frame;
  }

  bookmark(revision: number, annotations?: Record<string, string>): Buffer {
    return bookmarkFrame(this.r, revision, annotations);
  }
  error(status: Status): Buffer {
    return errorFrame(status);
  }
}

export class TableWatchEncoder implements WatchEncoder {
  readonly contentType = 'application/json;as=Table;v=v1;g=meta.k8s.io';
  private headersSent = false;
  constructor(
    private readonly r: ResourceInfo,
    private readonly includeObject: IncludeObject,
    private readonly clock: Clock,
  ) {}

  event(type: EventType, obj: CachedObject, shared: Map<string, Buffer> | undefined, transition: boolean): Buffer {
    const noHeaders = this.headersSent;
    this.headersSent = true;
    const k = `t${this.includeObject}${noHeaders ? '' : 'H'}${transition ? '~' : ''}${type}`;
    let frame = shared?.get(k);
    if (!frame) {
      const table = toTable(this.r, [obj.object], this.clock.now(), { includeObject: this.includeObject, noHeaders });
      frame = Buffer.from(JSON.stringify({ type, object: table }) + '\n');
      shared?.set(k, frame);
    }
    return frame;
  }

  bookmark(revision: number, annotations?: Record<string, string>): Buffer {
    return bookmarkFrame(this.r, revision, annotations);
  }
  error(status: Status): Buffer {
    return errorFrame(status);
  }
}
