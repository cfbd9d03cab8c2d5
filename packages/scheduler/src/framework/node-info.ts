/**
 * A node as one scheduling cycle sees it: the Node, the pods on it (bound, or assumed by this
 * scheduler) and the sums of their requests. Built by the cache's snapshot; read-only for plugins.
 */
import type { Node, Pod } from '@kemu/api';
import { podNonZeroRequests, podRequests, resourceListOf, type Resources } from './pod-requests.js';

export class NodeInfo {
  readonly pods: Pod[] = [];
  /** Sum of the pods' requests (see podRequests). */
  readonly requested: Resources = {};
  /** Sum of the pods' cpu/memory requests with scoring defaults. */
  readonly nonZeroRequested = { milliCPU: 0, memory: 0 };
  readonly allocatable: Resources;

  constructor(readonly node: Node) {
    this.allocatable = resourceListOf(node.status?.allocatable ?? node.status?.capacity);
  }

  get name(): string { return this.node.metadata.name!; }

  addPod(pod: Pod): void {
    this.pods.push(pod);
    for (const [n, v] of Object.entries(podRequests(pod))) this.requested[n] = (this.requested[n] ?? 0) + v;
    const nz = podNonZeroRequests(pod);
    this.nonZeroRequested.milliCPU += nz.milliCPU;
    this.nonZeroRequested.memory += nz.memory;
  }
}
