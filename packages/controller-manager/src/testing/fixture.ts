/**
 * The controller test fixture: a FakeClient seeded with objects, real shared informers over it,
 * a FakeClock and a recorder that keeps events in memory. Tests build a controller on `ctx`,
 * `start()` the informers, call `sync(key)` and assert `client.writes()` / `events`.
 */
import type { KubeObject, ResourceInfo } from '@kemu/api';
import { FakeClock, R, timingsFor } from '@kemu/api';
import { SharedInformerFactory, silentLogger } from '@kemu/client';
import { FakeClient, waitFor, type FakeClientOptions } from '@kemu/client/testing';
import type { ControllerContext } from '../controller-context.js';

export interface RecordedEvent {
  component: string;
  object: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export class Fixture {
  readonly clock: FakeClock;
  readonly client: FakeClient;
  readonly informers: SharedInformerFactory;
  readonly events: RecordedEvent[] = [];
  readonly ctx: ControllerContext;
  private readonly abort = new AbortController();

  constructor(
    objects: KubeObject[] = [],
    start = Date.parse('2025-01-01T00:00:00Z'),
    clientOptions: Omit<FakeClientOptions, 'clock'> = {},
  ) {
    this.clock = new FakeClock(start);
    this.client = new FakeClient(objects, { ...clientOptions, clock: this.clock });
    this.informers = new SharedInformerFactory(this.client, { clock: this.clock });
    this.ctx = {
      client: this.client,
      informers: this.informers,
      recorder: (component) => ({
        event: (obj, type, reason, message) => {
          this.events.push({ component, object: `${obj.kind ?? ''}/${obj.metadata.name}`, type, reason, message });
        },
      }),
      timings: timingsFor('fast'),
      clock: this.clock,
      logger: silentLogger,
    };
  }

  /** Starts every informer requested so far and waits for their caches. */
  async start(): Promise<void> {
    this.informers.start(this.abort.signal);
    if (!(await this.informers.waitForCacheSync(this.abort.signal))) throw new Error('caches did not sync');
  }

  /** Waits until the informers of `resources` reflect everything stored in the client. */
  async settle(
    resources: ResourceInfo[] = [R.pods, R.replicasets, R.deployments, R.replicationcontrollers, R.services, R.endpoints, R.endpointslices],
  ): Promise<void> {
    await waitFor(
      () =>
        resources.every((r) => {
          const stored = this.client.trackedList(r);
          const cached = this.informers.forResource(r).lister.list();
          if (stored.length !== cached.length) return false;
          const rv = new Map(cached.map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o.metadata.resourceVersion]));
          return stored.every((o) => rv.get(`${o.metadata.namespace}/${o.metadata.name}`) === o.metadata.resourceVersion);
        }),
      { message: 'informers did not catch up with the fake client' },
    );
  }

  /** Writes (create/update/patch/delete) since the last clearActions, as `verb resource[/sub] name`. */
  writeSummary(): string[] {
    return this.client
      .writes()
      .map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''}${a.name ? ' ' + a.name : ''}`);
  }

  stop(): void {
    this.abort.abort();
  }
}
