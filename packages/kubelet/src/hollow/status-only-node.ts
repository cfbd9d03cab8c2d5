/**
 * A status-only hollow node: the node half of a kubelet and nothing else — it registers its
 * Node (the same NodeStatusReporter as startKubelet), then hands its heartbeat (Lease renewal
 * plus the periodic status check) to the process's HeartbeatScheduler. Its pods are run by the
 * process's StatusOnlyPods. No sockets, no timers or informers of its own: a few KB each.
 */
import type { Clock, Timings } from '@kemu/api';
import type { Client } from '@kemu/client';
import type { Logger } from 'pino';
import { NodeLeaseController } from '../node/node-lease.js';
import type { NodeIdentity } from '../node/node-object.js';
import { NodeStatusReporter } from '../node/node-status-reporter.js';
import { IPAllocator } from '../pod/ip-allocator.js';
import type { Heartbeats } from './heartbeat-scheduler.js';
import type { StatusOnlyPods } from './status-only-pods.js';

export interface StatusOnlyNodeOptions {
  client: Client;
  identity: NodeIdentity;
  clock: Clock;
  timings: Timings;
  /** The process's logger; messages carry the node name. */
  log: Logger;
  heartbeats: Heartbeats;
  pods: StatusOnlyPods;
  /** Unsubscribes the node's pods on close. */
  onClose?: () => void;
}

export class HollowStatusNode {
  readonly nodeName: string;
  private readonly abort = new AbortController();
  private readonly reporter: NodeStatusReporter;
  private readonly lease: NodeLeaseController;
  private registering?: Promise<void>;

  constructor(private readonly o: StatusOnlyNodeOptions) {
    this.nodeName = o.identity.nodeName;
    this.reporter = new NodeStatusReporter({
      client: o.client,
      identity: o.identity,
      clock: o.clock,
      timings: o.timings,
      log: o.log,
      images: () => [],
    });
    this.lease = new NodeLeaseController({
      client: o.client,
      nodeName: this.nodeName,
      clock: o.clock,
      timings: o.timings,
      log: o.log,
      node: () => this.reporter.current(),
    });
    o.pods.addNode({ nodeName: this.nodeName, nodeIP: o.identity.nodeIP, ips: new IPAllocator(o.identity.podCIDR) });
  }

  isRegistered(): boolean {
    return this.reporter.isRegistered();
  }

  /** Registers (retrying with backoff until it succeeds or the node closes), then starts heartbeating. */
  start(): Promise<void> {
    this.registering ??= (async () => {
      const { clock, log } = this.o;
      const signal = this.abort.signal;
      let delay = 200;
      while (!signal.aborted && !this.reporter.isRegistered()) {
        try {
          await this.reporter.register();
        } catch (err) {
          log.warn({ err, node: this.nodeName }, 'node registration failed; retrying');
          await clock.sleep(delay * (1 + Math.random()), signal);
          delay = Math.min(delay * 2, 5000);
        }
      }
      if (signal.aborted) return;
      this.o.heartbeats.add(() => this.heartbeat(), signal, this.nodeName);
    })();
    return this.registering;
  }

  /** Renews the Lease and posts the node status when it changed or is due. */
  async heartbeat(): Promise<void> {
    const [lease, status] = await Promise.allSettled([this.lease.renew(), this.reporter.sync(false)]);
    if (lease.status === 'rejected') throw lease.reason;
    if (status.status === 'rejected') throw status.reason;
  }

  close(): void {
    this.abort.abort();
    this.o.pods.removeNode(this.nodeName);
    this.o.onClose?.();
  }
}
