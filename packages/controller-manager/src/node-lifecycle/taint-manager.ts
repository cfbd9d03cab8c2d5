/**
 * Taint-based eviction (NoExecuteTaintManager / taint-eviction-controller): a pod on a node
 * with a NoExecute taint it does not tolerate is deleted at once; a pod tolerating every such
 * taint only for tolerationSeconds is deleted when the shortest of those runs out (counted
 * from the taint's timeAdded); a pod tolerating them without a limit stays. When the taints go
 * away before the deadline, the pending deletion is cancelled.
 */
import type { Node, Pod, Taint, Toleration } from '@kemu/api';
import { R, TAINT_UNREACHABLE, getCondition, isConflict, isNotFound, objectKey, splitKey, toleratesTaint } from '@kemu/api';
import type { EventRecorder, RateLimitingQueue, SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { ControllerContext } from '../controller-context.js';
import { newControllerQueue, runController } from '../run-controller.js';

/** Pods by spec.nodeName, on the shared pods informer. */
export const PODS_BY_NODE_INDEX = 'node-lifecycle:spec.nodeName';

/**
 * When the pod must go: 'now', a time (ms) or undefined (never). For each NoExecute taint the
 * longest toleration that matches counts (none = now, one without tolerationSeconds = never);
 * the earliest taint deadline wins.
 */
export function evictionDeadline(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  firstSeen: (t: Taint) => number,
): number | 'now' | undefined {
  let deadline: number | undefined;
  for (const taint of taints ?? []) {
    if (taint.effect !== 'NoExecute') continue;
    const matching = (tolerations ?? []).filter((t) => toleratesTaint(t, taint));
    if (matching.length === 0) return 'now';
    if (matching.some((t) => t.tolerationSeconds === undefined || t.tolerationSeconds === null)) continue;
    const seconds = Math.max(...matching.map((t) => Math.max(0, t.tolerationSeconds!)));
    const at = firstSeen(taint) + seconds * 1000;
    deadline = deadline === undefined ? at : Math.min(deadline, at);
  }
  return deadline;
}

export class NoExecuteTaintManager {
  readonly name = 'taint-eviction-controller';
  private readonly queue: RateLimitingQueue;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  /** Pending evictions: pod key → deadline and its timer. */
  private readonly scheduled = new Map<string, { at: number; cancel: () => void }>();
  /** When a taint without timeAdded was first seen, by `node|key|effect`. */
  private readonly firstSeen = new Map<string, number>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly nodes: SharedInformer<Node>,
    private readonly pods: SharedInformer<Pod>,
  ) {
    this.logger = ctx.logger.child({ controller: this.name });
    this.recorder = ctx.recorder('taint-eviction-controller');
    this.queue = newControllerQueue(ctx, this.name);
    pods.addIndexer(PODS_BY_NODE_INDEX, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
    pods.addEventHandler({
      onAdd: (p) => {
        if (p.spec.nodeName) this.queue.add(objectKey(p));
      },
      onUpdate: (o, p) => {
        if (
          p.spec.nodeName &&
          (o.spec.nodeName !== p.spec.nodeName ||
            JSON.stringify(o.spec.tolerations) !== JSON.stringify(p.spec.tolerations) ||
            Boolean(o.metadata.deletionTimestamp) !== Boolean(p.metadata.deletionTimestamp))
        )
          this.queue.add(objectKey(p));
      },
      onDelete: (p) => this.cancel(objectKey(p)),
    });
    nodes.addEventHandler({
      onAdd: (n) => this.enqueueNodePods(n),
      onUpdate: (o, n) => {
        if (noExecuteView(o) !== noExecuteView(n)) this.enqueueNodePods(n);
      },
      onDelete: (n) => this.enqueueNodePods(n),
    });
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    signal.addEventListener(
      'abort',
      () => {
        for (const k of [...this.scheduled.keys()]) this.cancel(k);
      },
      { once: true },
    );
    return runController({
      informers: this.ctx.informers,
      queue: this.queue,
      workers,
      signal,
      sync: (k) => this.sync(k),
      logger: this.logger,
    });
  }

  /** Pending eviction deadline of a pod (tests, logs). */
  scheduledEviction(podKey: string): number | undefined {
    return this.scheduled.get(podKey)?.at;
  }

  async sync(key: string): Promise<void> {
    const pod = this.pods.lister.get(key);
    const node = pod?.spec.nodeName ? this.nodes.lister.get(pod.spec.nodeName) : undefined;
    if (!pod || !node || pod.metadata.deletionTimestamp) {
      this.cancel(key);
      return;
    }
    const now = this.ctx.clock.now();
    const deadline = evictionDeadline(node.spec?.taints, pod.spec.tolerations, (t) => this.taintSeen(node, t, now));
    if (deadline === undefined) {
      if (this.scheduled.has(key)) {
        this.cancel(key);
        this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
      }
      return;
    }
    if (deadline === 'now' || deadline <= now) {
      this.cancel(key);
      await this.evict(pod, node);
      return;
    }
    const prev = this.scheduled.get(key);
    if (prev?.at === deadline) return;
    prev?.cancel();
    const cancel = this.ctx.clock.setTimeout(() => {
      this.scheduled.delete(key);
      this.queue.add(key);
    }, deadline - now);
    this.scheduled.set(key, { at: deadline, cancel });
    this.logger.debug({ pod: key, node: node.metadata.name, inMs: deadline - now }, 'eviction scheduled');
  }

  private async evict(pod: Pod, node: Node): Promise<void> {
    const key = objectKey(pod);
    this.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    // A pod on an unreachable node cannot be stopped gracefully: no kubelet is there to run the
    // grace period and confirm, so a graceful delete would leave it Terminating until the node
    // returns. Deleting it at once frees its name and lets controllers replace it; should the
    // kubelet come back, it finds the pod gone and kills the container. On a node that is only
    // not-ready the kubelet still runs, so the pod gets its normal grace period.
    const unreachable =
      getCondition(node.status?.conditions, 'Ready')?.status !== 'False' &&
      (node.spec?.taints ?? []).some((t) => t.key === TAINT_UNREACHABLE);
    try {
      const { namespace, name } = splitKey(key);
      await this.ctx.client.delete(R.pods, namespace, name, {
        preconditions: { uid: pod.metadata.uid },
        ...(unreachable ? { gracePeriodSeconds: 0 } : {}),
      });
      this.logger.info({ pod: key, node: node.metadata.name, force: unreachable }, 'pod evicted');
    } catch (err) {
      // Gone already, or replaced by a new pod of the same name (uid precondition): nothing to do.
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  private taintSeen(node: Node, t: Taint, now: number): number {
    if (t.timeAdded) {
      const ms = Date.parse(t.timeAdded);
      if (!Number.isNaN(ms)) return ms;
    }
    const k = `${node.metadata.name}|${t.key}|${t.effect}`;
    let seen = this.firstSeen.get(k);
    if (seen === undefined) {
      seen = now;
      this.firstSeen.set(k, seen);
    }
    return seen;
  }

  private enqueueNodePods(n: Node): void {
    for (const p of this.pods.lister.byIndex(PODS_BY_NODE_INDEX, n.metadata.name!)) this.queue.add(objectKey(p));
  }

  private cancel(key: string): void {
    this.scheduled.get(key)?.cancel();
    this.scheduled.delete(key);
  }
}

function noExecuteView(n: Node): string {
  return JSON.stringify((n.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute'));
}
