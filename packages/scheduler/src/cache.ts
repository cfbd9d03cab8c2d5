/**
 * The scheduler's view of the cluster: nodes, the pods bound to each node, and pods this
 * scheduler has assumed onto a node while their binding is in flight, so the next cycle sees
 * the capacity they take before the informer reports them bound.
 *
 * As kube-scheduler's cache: one NodeInfo per node, updated in place on every node or pod event
 * and stamped with a generation from a cache-wide counter. A scheduling cycle reads a Snapshot,
 * which `updateSnapshot` brings up to date by copying only the NodeInfos whose generation is
 * newer than the snapshot's — so a cycle costs O(nodes) comparisons plus the few nodes that
 * changed, never a rebuild from every pod in the cluster. The entries form a list ordered by
 * generation (most recent first), so an update visits only the changed nodes.
 *
 * Invariants: a pod key is in at most one node's NodeInfo; an assumed pod stays until the
 * informer confirms it (addPod/updatePod), it is forgotten (binding failed), deleted, or it
 * expires `assumedTtlMs` after its binding finished without a confirmation. Pods of a node not
 * seen yet (or already deleted) are kept on a NodeInfo without a Node that snapshots leave out.
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

interface NodeEntry {
  name: string;
  info: NodeInfo;
  /** False while only pods name this node (the Node is not known, or deleted). */
  hasNode: boolean;
  /** Neighbours in the list of entries, most recently changed first. */
  newer?: NodeEntry;
  older?: NodeEntry;
}

/** How often assumed pods are checked for expiry (kube-scheduler's cleanup period). */
const CLEANUP_PERIOD_MS = 1_000;

/** The NodeInfos one scheduling cycle reads: copies, changed only by `SchedulerCache.updateSnapshot`. */
export class Snapshot {
  /** The cache generation this snapshot reflects. */
  generation = 0;
  /** The nodes, in a stable order (the cache's). */
  list: NodeInfo[] = [];
  readonly byName = new Map<string, NodeInfo>();
  /** The cache's node-set version the list was built for. */
  nodeSetVersion = -1;

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }
}

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeEntry>();
  private readonly pods = new Map<string, PodState>();
  /** Keys of assumed pods (the only ones that can expire). */
  private readonly assumed = new Set<string>();
  private generation = 0;
  /** Bumped whenever a node enters or leaves the set snapshots list. */
  private nodeSetVersion = 0;
  private readonly own = new Snapshot();
  /** The most recently changed entry. */
  private head?: NodeEntry;
  private lastCleanup = -Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly assumedTtlMs = 30_000,
  ) {}

  addNode(node: Node): void {
    const name = node.metadata.name!;
    const e = this.nodes.get(name);
    if (!e) {
      this.nodes.set(name, { name, info: new NodeInfo(node), hasNode: true });
      this.nodeSetVersion++;
    } else {
      e.info.setNode(node);
      if (!e.hasNode) {
        e.hasNode = true;
        this.nodeSetVersion++;
      }
    }
    this.touch(name);
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(node: Node): void {
    const name = node.metadata.name!;
    const e = this.nodes.get(name);
    if (!e?.hasNode) return;
    e.hasNode = false;
    this.nodeSetVersion++;
    if (e.info.pods.length === 0) this.drop(e);
    else this.touch(name);
  }

  nodeCount(): number {
    let n = 0;
    for (const e of this.nodes.values()) if (e.hasNode) n++;
    return n;
  }

  /** A bound pod observed by the informer; confirms it when it was assumed. */
  addPod(pod: Pod): void {
    if (!pod.spec.nodeName) return;
    const key = objectKey(pod);
    const prev = this.pods.get(key);
    if (prev) this.unplace(prev);
    this.assumed.delete(key);
    const st: PodState = { pod, nodeName: pod.spec.nodeName, assumed: false };
    this.pods.set(key, st);
    this.place(st);
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    const key = objectKey(pod);
    const st = this.pods.get(key);
    if (!st) return;
    this.pods.delete(key);
    this.assumed.delete(key);
    this.unplace(st);
  }

  /** Counts `pod` (with spec.nodeName set to its chosen node) against that node from now on. */
  assumePod(pod: Pod): void {
    const key = objectKey(pod);
    if (this.pods.has(key)) throw new Error(`pod ${key} is already in the cache`);
    const st: PodState = { pod, nodeName: pod.spec.nodeName!, assumed: true };
    this.pods.set(key, st);
    this.assumed.add(key);
    this.place(st);
  }

  finishBinding(pod: Pod): void {
    const st = this.pods.get(objectKey(pod));
    if (st?.assumed) st.bindingFinishedAt = this.clock.now();
  }

  /** Undoes assumePod after a failed binding. */
  forgetPod(pod: Pod): void {
    const st = this.pods.get(objectKey(pod));
    if (st?.assumed) this.removePod(st.pod);
  }

  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed === true;
  }

  /** True when the pod is counted on some node (bound or assumed). */
  has(key: string): boolean {
    return this.pods.has(key);
  }

  /**
   * Brings `snap` up to date: expires assumed pods, then copies the NodeInfos changed since
   * `snap.generation` and rebuilds the node list only when nodes came or went.
   */
  updateSnapshot(snap: Snapshot): void {
    this.expireAssumed();
    if (snap.generation === this.generation && snap.nodeSetVersion === this.nodeSetVersion) return;
    for (let e = this.head; e && e.info.generation > snap.generation; e = e.older) {
      if (!e.hasNode) continue;
      const copy = snap.byName.get(e.name);
      if (copy) copy.copyFrom(e.info);
      else snap.byName.set(e.name, e.info.clone());
    }
    if (snap.nodeSetVersion !== this.nodeSetVersion) {
      for (const name of snap.byName.keys()) {
        if (!this.nodes.get(name)?.hasNode) snap.byName.delete(name);
      }
      // In the cache's order (nodes as first seen), not the order they last changed in.
      const list: NodeInfo[] = [];
      for (const [name, e] of this.nodes) if (e.hasNode) list.push(snap.byName.get(name)!);
      snap.list = list;
      snap.nodeSetVersion = this.nodeSetVersion;
    }
    snap.generation = this.generation;
  }

  /** The cache's own snapshot, brought up to date (tests and callers without a Snapshot of their own). */
  snapshot(): NodeInfo[] {
    this.updateSnapshot(this.own);
    return this.own.list;
  }

  private place(st: PodState): void {
    let e = this.nodes.get(st.nodeName);
    if (!e) {
      e = {
        name: st.nodeName,
        info: new NodeInfo({ apiVersion: 'v1', kind: 'Node', metadata: { name: st.nodeName }, spec: {} }),
        hasNode: false,
      };
      this.nodes.set(st.nodeName, e);
    }
    e.info.addPod(st.pod);
    this.touch(st.nodeName);
  }

  private unplace(st: PodState): void {
    const e = this.nodes.get(st.nodeName);
    if (!e) return;
    e.info.removePod(st.pod);
    if (!e.hasNode && e.info.pods.length === 0) this.drop(e);
    else this.touch(st.nodeName);
  }

  /** Stamps the node's entry with a new generation and moves it to the head of the list. */
  private touch(nodeName: string): void {
    const e = this.nodes.get(nodeName);
    if (!e) return;
    e.info.generation = ++this.generation;
    if (this.head === e) return;
    this.unlink(e);
    e.older = this.head;
    if (this.head) this.head.newer = e;
    this.head = e;
  }

  private drop(e: NodeEntry): void {
    this.unlink(e);
    this.nodes.delete(e.name);
  }

  private unlink(e: NodeEntry): void {
    if (e.newer) e.newer.older = e.older;
    if (e.older) e.older.newer = e.newer;
    if (this.head === e) this.head = e.older;
    e.newer = e.older = undefined;
  }

  private expireAssumed(): void {
    if (this.assumed.size === 0) return;
    const now = this.clock.now();
    if (now - this.lastCleanup < CLEANUP_PERIOD_MS) return;
    this.lastCleanup = now;
    for (const key of this.assumed) {
      const st = this.pods.get(key);
      if (!st?.assumed) {
        this.assumed.delete(key);
        continue;
      }
      if (st.bindingFinishedAt !== undefined && now - st.bindingFinishedAt > this.assumedTtlMs) this.removePod(st.pod);
    }
  }
}
