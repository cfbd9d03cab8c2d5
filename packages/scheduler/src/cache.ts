/**
 * The scheduler's view of the cluster: nodes, the pods bound to each node, and pods this
 * scheduler has assumed onto a node while their binding is in flight, so the next cycle sees
 * the capacity they take before the informer reports them bound.
 *
 * Invariants: a pod key is in at most one node's set; an assumed pod stays until the informer
 * confirms it (addPod/updatePod), it is forgotten (binding failed), deleted, or it expires
 * `assumedTtlMs` after its binding finished without a confirmation.
 */
import { objectKey, type Clock, type Node, type Pod } from '@kemu/api';
import { NodeInfo } from './framework/node-info.js';

interface PodState {
  pod: Pod;
  nodeName: string;
  assumed: boolean;
  /** When the binding finished (assumed pods only); expiry counts from here. */
  bindingFinishedAt?: number;
}

export class SchedulerCache {
  private readonly nodes = new Map<string, Node>();
  private readonly pods = new Map<string, PodState>();

  constructor(private readonly clock: Clock, private readonly assumedTtlMs = 30_000) {}

  addNode(node: Node): void { this.nodes.set(node.metadata.name!, node); }
  updateNode(node: Node): void { this.nodes.set(node.metadata.name!, node); }
  removeNode(node: Node): void { this.nodes.delete(node.metadata.name!); }
  nodeCount(): number { return this.nodes.size; }

  /** A bound pod observed by the informer; confirms it when it was assumed. */
  addPod(pod: Pod): void {
    if (!pod.spec.nodeName) return;
    this.pods.set(objectKey(pod), { pod, nodeName: pod.spec.nodeName, assumed: false });
  }

  updatePod(pod: Pod): void { this.addPod(pod); }

  removePod(pod: Pod): void { this.pods.delete(objectKey(pod)); }

  /** Counts `pod` (with spec.nodeName set to its chosen node) against that node from now on. */
  assumePod(pod: Pod): void {
    const key = objectKey(pod);
    if (this.pods.has(key)) throw new Error(`pod ${key} is already in the cache`);
    this.pods.set(key, { pod, nodeName: pod.spec.nodeName!, assumed: true });
  }

  finishBinding(pod: Pod): void {
    const st = this.pods.get(objectKey(pod));
    if (st?.assumed) st.bindingFinishedAt = this.clock.now();
  }

  /** Undoes assumePod after a failed binding. */
  forgetPod(pod: Pod): void {
    const st = this.pods.get(objectKey(pod));
    if (st?.assumed) this.pods.delete(objectKey(pod));
  }

  isAssumed(key: string): boolean { return this.pods.get(key)?.assumed === true; }

  /** True when the pod is counted on some node (bound or assumed). */
  has(key: string): boolean { return this.pods.has(key); }

  /** Fresh NodeInfos for every known node; each call starts from the current state. */
  snapshot(): NodeInfo[] {
    this.expireAssumed();
    const infos = new Map<string, NodeInfo>();
    for (const [name, node] of this.nodes) infos.set(name, new NodeInfo(node));
    for (const st of this.pods.values()) infos.get(st.nodeName)?.addPod(st.pod);
    return [...infos.values()];
  }

  private expireAssumed(): void {
    const now = this.clock.now();
    for (const [key, st] of this.pods) {
      if (st.assumed && st.bindingFinishedAt !== undefined && now - st.bindingFinishedAt > this.assumedTtlMs) this.pods.delete(key);
    }
  }
}
