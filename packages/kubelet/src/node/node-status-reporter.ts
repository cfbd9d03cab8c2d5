/**
 * Registers the Node and keeps its status posted: at start (create, or adopt the Node left by a
 * previous incarnation, clearing its Ready=Unknown), then whenever the status changes and at
 * least every nodeStatusReportFrequencyMs. A Node deleted under a running kubelet is registered
 * again.
 */
import {
  BackoffSequence,
  R,
  clone,
  deepEqual,
  isAlreadyExists,
  isNotFound,
  type Clock,
  type Node,
  type NodeStatus,
  type Timings,
} from '@kemu/api';
import { DefaultRetry, retryOnConflict, type Client } from '@kemu/client';
import type { Logger } from 'pino';
import { initialNode, nodeStatus, type ImageSummary, type NodeIdentity } from './node-object.js';

export interface NodeStatusReporterOptions {
  client: Client;
  identity: NodeIdentity;
  clock: Clock;
  timings: Timings;
  log: Logger;
  images: () => ImageSummary[];
}

export class NodeStatusReporter {
  private node?: Node;
  private lastPosted?: { status: NodeStatus; at: number };
  private registered = false;

  constructor(private readonly o: NodeStatusReporterOptions) {}

  /** The registered Node (uid for the Lease's ownerReference), once registered. */
  current(): Node | undefined {
    return this.node;
  }

  isRegistered(): boolean {
    return this.registered;
  }

  /** Registers, then posts status until signal aborts. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    const failures = new BackoffSequence({ durationMs: 200, factor: 2, jitter: 0, steps: Infinity, capMs: 5000 });
    while (!signal.aborted && !this.registered) {
      try {
        await this.register();
      } catch (err) {
        this.o.log.warn({ err }, 'node registration failed; retrying');
        await this.o.clock.sleep(failures.step(), signal);
      }
    }
    while (!signal.aborted) {
      await this.o.clock.sleep(this.o.timings.nodeLeaseRenewIntervalMs, signal);
      if (signal.aborted) break;
      try {
        await this.sync(false);
      } catch (err) {
        this.o.log.warn({ err }, 'node status update failed; will retry');
      }
    }
  }

  async register(): Promise<void> {
    const { client, identity, log } = this.o;
    let node: Node;
    try {
      // Like kubelet's initialNode + setNodeStatus: the Node is created with its status (one
      // request instead of two — it matters for thousands of hollow nodes registering at once).
      const now = this.o.clock.now();
      const status = nodeStatus(identity, undefined, this.o.images(), now);
      node = await client.create<Node>(R.nodes, undefined, { ...initialNode(identity), status });
      log.info({ node: identity.nodeName }, 'node registered');
      if (node.status?.conditions?.some((c) => c.type === 'Ready')) {
        this.node = node;
        this.lastPosted = { status, at: now };
        this.registered = true;
        return;
      }
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      node = await client.get<Node>(R.nodes, undefined, identity.nodeName);
      const want = initialNode(identity);
      const labels = { ...node.metadata.labels, ...want.metadata.labels };
      const needsSpec = !node.spec?.podCIDR;
      if (!deepEqual(labels, node.metadata.labels) || needsSpec) {
        const next = clone(node);
        next.metadata.labels = labels;
        if (needsSpec) next.spec = { ...next.spec, podCIDR: identity.podCIDR, podCIDRs: [identity.podCIDR] };
        node = await client.update<Node>(R.nodes, next);
      }
      log.info({ node: identity.nodeName }, 'node already registered; taking it over');
    }
    this.node = node;
    await this.sync(true);
    this.registered = true;
  }

  /** Posts status if it changed or the report frequency elapsed (or `force`). */
  async sync(force: boolean): Promise<void> {
    const { client, identity, clock, timings } = this.o;
    const now = clock.now();
    const images = this.o.images();
    const base = this.node?.status;
    const status = nodeStatus(identity, base, images, now);
    const due = !this.lastPosted || now - this.lastPosted.at >= timings.nodeStatusReportFrequencyMs;
    if (!force && !due && this.lastPosted && deepEqual(withoutHeartbeats(status), withoutHeartbeats(this.lastPosted.status))) return;
    const post = async () => {
      const target = { ...(this.node ?? initialNode(identity)), status: nodeStatus(identity, this.node?.status, images, now) };
      this.node = await client.updateStatus<Node>(R.nodes, target);
      this.lastPosted = { status: target.status, at: now };
    };
    let reread = false;
    await retryOnConflict(
      DefaultRetry,
      async () => {
        if (reread) this.node = await client.get<Node>(R.nodes, undefined, identity.nodeName);
        reread = true;
        try {
          await post();
        } catch (err) {
          if (!isNotFound(err)) throw err;
          this.o.log.warn({ node: identity.nodeName }, 'node object was deleted; registering again');
          this.node = await client.create<Node>(R.nodes, undefined, initialNode(identity));
          await post();
        }
      },
      { clock },
    );
  }
}

function withoutHeartbeats(s: NodeStatus): unknown {
  return { ...s, conditions: s.conditions?.map((c) => ({ ...c, lastHeartbeatTime: undefined })) };
}
