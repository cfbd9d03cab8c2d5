/**
 * Events (client-go `tools/record`): a broadcaster owns one write queue to the apiserver;
 * recorders hand it core/v1 Events and return at once.
 *
 * - name `<object name>.<hex unix nanoseconds>`, in the object's namespace (`default` for
 *   cluster-scoped objects), involvedObject from the object's apiVersion/kind/name/namespace/uid;
 * - the same event again (same object, type, reason, message, source) within 10 minutes patches
 *   count and lastTimestamp of the existing Event instead of creating one;
 * - writes are asynchronous and best-effort: on failure the event is dropped with a log line,
 *   the queue is bounded, and nothing ever throws into the caller.
 */
import { isNotFound, R, realClock, rfc3339, type Clock, type Event, type KubeObject } from '@kemu/api';
import type { Logger } from 'pino';
import type { Client, EventRecorder } from './interfaces.js';
import { silentLogger } from './logger.js';

export interface EventBroadcasterOptions {
  /** source.component and reportingComponent. */
  component: string;
  /** source.host and reportingInstance (kubelets set their node name). */
  host?: string;
  clock?: Clock;
  logger?: Logger;
  /** Events waiting to be written beyond this are dropped. Default 1000. */
  maxQueued?: number;
}

/** How long a repeat of an event updates the existing Event rather than creating one. */
const CORRELATION_WINDOW_MS = 10 * 60_000;
const MAX_CACHED = 4096;

interface Seen {
  namespace: string;
  name: string;
  count: number;
  firstTimestamp: string;
  lastSeen: number;
}

export class EventBroadcaster {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly maxQueued: number;
  private readonly queue: Event[] = [];
  /** Correlation key → the Event written for it. */
  private readonly seen = new Map<string, Seen>();
  private draining?: Promise<void>;
  private closed = false;
  private seq = 0;

  constructor(
    private readonly client: Client,
    private readonly opts: EventBroadcasterOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? silentLogger).child({ module: 'events' });
    this.maxQueued = opts.maxQueued ?? 1000;
  }

  /** A recorder reporting as `component` (default the broadcaster's). */
  recorder(component?: string): EventRecorder {
    const source = { component: component ?? this.opts.component, host: this.opts.host };
    return { event: (obj, type, reason, message) => this.record(obj, type, reason, message, source) };
  }

  /** Resolves once every queued event has been written or dropped. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Stops accepting events; queued ones are still written. Idempotent. */
  async shutdown(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private record(
    obj: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: { component: string; host?: string },
  ): void {
    try {
      if (this.closed) return;
      if (this.queue.length >= this.maxQueued) {
        this.log.warn({ reason }, 'event queue full; dropping event');
        return;
      }
      const now = this.clock.now();
      const m = obj.metadata ?? {};
      const namespace = m.namespace || 'default';
      const nanos = BigInt(now) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
      const event: Event = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${m.name}.${nanos.toString(16)}`, namespace },
        involvedObject: {
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: m.name,
          namespace: m.namespace || undefined,
          uid: m.uid,
          resourceVersion: m.resourceVersion,
        },
        reason,
        message,
        type,
        source: source.host ? { component: source.component, host: source.host } : { component: source.component },
        firstTimestamp: rfc3339(now),
        lastTimestamp: rfc3339(now),
        count: 1,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? '',
      };
      this.queue.push(event);
      this.draining ??= this.drain();
    } catch (err) {
      this.log.warn({ err }, 'could not record event');
    }
  }

  private async drain(): Promise<void> {
    try {
      for (let ev = this.queue.shift(); ev; ev = this.queue.shift()) await this.write(ev);
    } finally {
      this.draining = undefined;
    }
  }

  private async write(ev: Event): Promise<void> {
    const key = correlationKey(ev);
    const now = this.clock.now();
    const prev = this.seen.get(key);
    try {
      if (prev && now - prev.lastSeen < CORRELATION_WINDOW_MS) {
        const count = prev.count + 1;
        try {
          await this.client.patch(R.events, prev.namespace, prev.name, 'merge', {
            count,
            lastTimestamp: ev.lastTimestamp,
            message: ev.message,
          });
          this.remember(key, { ...prev, count, lastSeen: now });
          return;
        } catch (err) {
          if (!isNotFound(err)) throw err;
          // The Event expired on the server: start a new series.
        }
      }
      const created = await this.client.create<Event>(R.events, ev.metadata.namespace, ev);
      this.remember(key, {
        namespace: created?.metadata?.namespace ?? ev.metadata.namespace!,
        name: created?.metadata?.name ?? ev.metadata.name!,
        count: 1,
        firstTimestamp: ev.firstTimestamp!,
        lastSeen: now,
      });
    } catch (err) {
      this.log.warn(
        { err: { message: (err as Error).message }, reason: ev.reason, object: ev.involvedObject.name },
        'failed to write event; dropping it',
      );
    }
  }

  private remember(key: string, s: Seen): void {
    this.seen.delete(key);
    this.seen.set(key, s);
    if (this.seen.size > MAX_CACHED) this.seen.delete(this.seen.keys().next().value!);
  }
}

function correlationKey(ev: Event): string {
  const o = ev.involvedObject;
  return JSON.stringify([
    ev.source?.component,
    ev.source?.host,
    o.apiVersion,
    o.kind,
    o.namespace,
    o.name,
    o.uid,
    ev.type,
    ev.reason,
    ev.message,
  ]);
}
