/**
 * A node as the scheduler sees it: the Node, the pods on it (bound, or assumed by this
 * scheduler) and aggregates over them kept up to date on every add and remove, so no plugin
 * has to walk the node's pods: the sums of their requests, and the number of pods per workload
 * (workload-key.ts) for spreading.
 *
 * The cache owns one mutable NodeInfo per node and bumps `generation` on every change; a
 * scheduling cycle reads copies (cache.ts Snapshot) that plugins must treat as read-only.
 */
import { objectKey, type Node, type Pod } from '@kemu/api';
import { podNonZeroRequests, podRequests, resourceListOf, type Resources } from './pod-requests.js';
import { workloadKey } from './workload-key.js';

export class NodeInfo {
  node: Node;
  pods: Pod[] = [];
  /** Sum of the pods' requests (see podRequests). */
  requested: Resources = {};
  /** Sum of the pods' cpu/memory requests with scoring defaults. */
  nonZeroRequested = { milliCPU: 0, memory: 0 };
  allocatable: Resources;
  /** The cache's change counter when this node (or a pod on it) last changed. */
  generation = 0;
  private workloads = new Map<string, number>();

  constructor(node: Node) {
    this.node = node;
    this.allocatable = resourceListOf(node.status?.allocatable ?? node.status?.capacity);
  }

  get name(): string {
    return this.node.metadata.name!;
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = resourceListOf(node.status?.allocatable ?? node.status?.capacity);
  }

  /** How many pods on this node belong to the workload `key` (workloadKey). */
  workloadCount(key: string): number {
    return this.workloads.get(key) ?? 0;
  }

  addPod(pod: Pod): void {
    this.pods.push(pod);
    this.account(pod, 1);
  }

  /**
   * Removes the pod with `pod`'s namespace/name and takes back what that stored version added.
   * Returns false when it is not on this node.
   */
  removePod(pod: Pod): boolean {
    let i = this.pods.indexOf(pod);
    if (i < 0) {
      const key = objectKey(pod);
      i = this.pods.findIndex((p) => objectKey(p) === key);
      if (i < 0) return false;
    }
    const stored = this.pods[i];
    this.pods.splice(i, 1);
    this.account(stored, -1);
    return true;
  }

  /** Makes this a copy of `other` (the snapshot's copy of the cache's NodeInfo). */
  copyFrom(other: NodeInfo): void {
    this.node = other.node;
    this.allocatable = other.allocatable;
    this.pods = other.pods.slice();
    this.requested = { ...other.requested };
    this.nonZeroRequested = { ...other.nonZeroRequested };
    this.workloads = new Map(other.workloads);
    this.generation = other.generation;
  }

  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    c.copyFrom(this);
    return c;
  }

  private account(pod: Pod, sign: 1 | -1): void {
    const req = podRequests(pod);
    for (const n in req) this.requested[n] = (this.requested[n] ?? 0) + sign * req[n];
    const nz = podNonZeroRequests(pod);
    this.nonZeroRequested.milliCPU += sign * nz.milliCPU;
    this.nonZeroRequested.memory += sign * nz.memory;
    // Pods being deleted are nobody's peers (they are on their way out).
    const k = pod.metadata.deletionTimestamp ? undefined : workloadKey(pod);
    if (k !== undefined) {
      const c = (this.workloads.get(k) ?? 0) + sign;
      if (c > 0) this.workloads.set(k, c);
      else this.workloads.delete(k);
    }
  }
}
