/**
 * The node heartbeat: renews Lease kube-node-lease/<node> every nodeLeaseRenewIntervalMs (plus up
 * to 4 % jitter, as kubelet's JitterUntil), creating it — owned by the Node — when missing.
 * Failures retry sooner, backing off from 200 ms up to the renew interval.
 */
import {
  BackoffSequence,
  R,
  clone,
  isAlreadyExists,
  isNotFound,
  rfc3339Micro,
  type Clock,
  type Lease,
  type Node,
  type Timings,
} from '@kemu/api';
import type { Client } from '@kemu/client';
import type { Logger } from 'pino';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLeaseOptions {
  client: Client;
  nodeName: string;
  clock: Clock;
  timings: Timings;
  log: Logger;
  /** The registered Node, for the ownerReference (undefined until registered). */
  node: () => Node | undefined;
  random?: () => number;
}

export class NodeLeaseController {
  private lease?: Lease;
  constructor(private readonly o: NodeLeaseOptions) {}

  async run(signal: AbortSignal): Promise<void> {
    const interval = this.o.timings.nodeLeaseRenewIntervalMs;
    const random = this.o.random ?? Math.random;
    const failures = new BackoffSequence({ durationMs: 200, factor: 2, jitter: 0, steps: Infinity, capMs: interval });
    while (!signal.aborted) {
      let wait: number;
      try {
        await this.renew();
        failures.reset();
        wait = interval * (1 + 0.04 * random());
      } catch (err) {
        this.o.log.warn({ err }, 'node lease renewal failed; retrying');
        wait = failures.step();
      }
      await this.o.clock.sleep(wait, signal);
    }
  }

  async renew(): Promise<void> {
    const { client, nodeName, clock, timings } = this.o;
    const now = rfc3339Micro(clock.now());
    if (this.lease) {
      const next = clone(this.lease);
      next.spec = { ...next.spec, holderIdentity: nodeName, leaseDurationSeconds: timings.nodeLeaseDurationSeconds, renewTime: now };
      this.addOwner(next);
      try {
        this.lease = await client.update<Lease>(R.leases, next);
        return;
      } catch (err) {
        this.lease = undefined;
        throw err;
      }
    }
    try {
      this.lease = await client.get<Lease>(R.leases, NODE_LEASE_NAMESPACE, nodeName);
      await this.renew();
    } catch (err) {
      if (!isNotFound(err) || this.lease) throw err;
      const lease: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: nodeName, namespace: NODE_LEASE_NAMESPACE },
        spec: { holderIdentity: nodeName, leaseDurationSeconds: timings.nodeLeaseDurationSeconds, renewTime: now },
      };
      this.addOwner(lease);
      try {
        this.lease = await client.create<Lease>(R.leases, NODE_LEASE_NAMESPACE, lease);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        // The namespace is missing (a store that lost it): create it, renew next round.
        await client
          .create(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NODE_LEASE_NAMESPACE } })
          .catch((ne) => {
            if (!isAlreadyExists(ne)) throw ne;
          });
        throw e;
      }
    }
  }

  private addOwner(lease: Lease): void {
    const node = this.o.node();
    if (!node?.metadata.uid) return;
    lease.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name!, uid: node.metadata.uid }];
  }
}
