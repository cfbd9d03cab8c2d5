/**
 * When each node last showed signs of life, on the controller's own clock: the moment it saw
 * the Ready condition's lastHeartbeatTime or the node Lease's renewTime change (as
 * kube-controller-manager's nodeHealthMap). Judging by observation time rather than by the
 * timestamps' values makes clock skew between kubelet and controller irrelevant, and a
 * restarted controller gives every node a full grace period.
 */
import type { Lease, Node } from '@kemu/api';
import { getCondition } from '@kemu/api';

interface Health {
  probeTimestamp: number;
  heartbeat?: string;
  renewTime?: string;
  ready?: string;
}

export class NodeHealthTracker {
  private readonly byNode = new Map<string, Health>();

  /** Records what is seen now and returns the node's probe timestamp. */
  observe(node: Node, lease: Lease | undefined, now: number): number {
    const name = node.metadata.name!;
    const heartbeat = getCondition(node.status?.conditions, 'Ready')?.lastHeartbeatTime ?? undefined;
    const renewTime = lease?.spec.renewTime;
    const h = this.byNode.get(name);
    if (!h) {
      this.byNode.set(name, { probeTimestamp: now, heartbeat, renewTime });
      return now;
    }
    if (heartbeat !== h.heartbeat) {
      h.heartbeat = heartbeat;
      h.probeTimestamp = now;
    }
    if (renewTime && renewTime !== h.renewTime) {
      h.renewTime = renewTime;
      h.probeTimestamp = now;
    }
    return h.probeTimestamp;
  }

  /** Records the node's Ready status; returns the one recorded before (undefined the first time). */
  swapReady(name: string, status: string | undefined): string | undefined {
    const h = this.byNode.get(name);
    if (!h) return undefined;
    const prev = h.ready;
    h.ready = status;
    return prev;
  }

  forget(name: string): void {
    this.byNode.delete(name);
  }
}
