/**
 * The node-lifecycle controller (pkg/controller/nodelifecycle): every nodeMonitorPeriod it
 * checks each node's heartbeats (node Lease in kube-node-lease, Ready condition). A node silent
 * for longer than nodeMonitorGracePeriod gets its conditions set to Unknown ("Kubelet stopped
 * posting node status.") and its pods marked not Ready so endpoints drop them. It keeps the
 * node's taints in line with its state: not-ready (Ready=False) and unreachable (Ready=Unknown)
 * as NoSchedule and NoExecute, unschedulable for cordoned nodes, pressure conditions as
 * NoSchedule. The NoExecuteTaintManager then evicts pods from NoExecute-tainted nodes, and the
 * OrphanedPodCollector force-deletes pods bound to nodes that no longer exist.
 */
import type { Condition, Lease, Node, NodeSpec, Pod } from '@kemu/api';
import { R, clone, getCondition, isNotFound, objectKey, rfc3339 } from '@kemu/api';
import { DefaultRetry, retryOnConflict, type EventRecorder, type RateLimitingQueue, type SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { Controller, ControllerContext } from '../controller-context.js';
import { newControllerQueue, runController } from '../run-controller.js';
import { NodeHealthTracker } from './node-health.js';
import { OrphanedPodCollector } from './orphaned-pods.js';
import { NoExecuteTaintManager, PODS_BY_NODE_INDEX } from './taint-manager.js';
import { desiredManagedTaints, reconcileTaints } from './taints.js';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** The conditions besides Ready that turn Unknown with it (kube-controller-manager's list). */
const OTHER_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  readonly taintManager: NoExecuteTaintManager;
  readonly orphanedPods: OrphanedPodCollector;
  private readonly queue: RateLimitingQueue;
  private readonly nodes: SharedInformer<Node>;
  private readonly leases: SharedInformer<Lease>;
  private readonly pods: SharedInformer<Pod>;
  private readonly health = new NodeHealthTracker();
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.logger = ctx.logger.child({ controller: this.name });
    this.recorder = ctx.recorder('node-controller');
    this.queue = newControllerQueue(ctx, this.name);
    this.nodes = ctx.informers.forResource<Node>(R.nodes);
    this.leases = ctx.informers.forResource<Lease>(R.leases);
    this.pods = ctx.informers.forResource<Pod>(R.pods);
    this.taintManager = new NoExecuteTaintManager(ctx, this.nodes, this.pods);
    this.orphanedPods = new OrphanedPodCollector(ctx, this.nodes, this.pods);

    this.nodes.addEventHandler({
      onAdd: (n) => this.queue.add(objectKey(n)),
      onUpdate: (_o, n) => this.queue.add(objectKey(n)),
      onDelete: (n) => this.health.forget(n.metadata.name!),
    });
    this.leases.addEventHandler({
      onAdd: (l) => this.enqueueLease(l),
      onUpdate: (_o, l) => this.enqueueLease(l),
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const monitor = this.monitorLoop(signal);
    await Promise.all([
      runController({ informers: this.ctx.informers, queue: this.queue, workers, signal, sync: (k) => this.sync(k), logger: this.logger }),
      this.taintManager.run(workers, signal),
      this.orphanedPods.run(1, signal),
      monitor,
    ]);
  }

  /** Checks one node: its health, conditions, taints and, when unreachable, its pods' readiness. */
  async sync(name: string): Promise<void> {
    let node = this.nodes.lister.get(name);
    if (!node) return;
    const now = this.ctx.clock.now();
    const probe = this.health.observe(node, this.leases.lister.get(`${NODE_LEASE_NAMESPACE}/${name}`), now);
    if (now - probe > this.ctx.timings.nodeMonitorGracePeriodMs) node = await this.markUnknown(node, now);
    await this.updateTaints(node);
    const ready = getCondition(node.status?.conditions, 'Ready')?.status;
    const prev = this.health.swapReady(name, ready);
    if (ready === 'True' && prev !== undefined && prev !== 'True') {
      this.recorder.event(node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`);
    }
    if (ready === 'Unknown') await this.markPodsNotReady(name);
  }

  private enqueueLease(l: Lease): void {
    if (l.metadata.namespace === NODE_LEASE_NAMESPACE && this.nodes.lister.get(l.metadata.name!)) this.queue.add(l.metadata.name!);
  }

  /** Every nodeMonitorPeriod, every node goes through sync (staleness is a matter of time, not events). */
  private async monitorLoop(signal: AbortSignal): Promise<void> {
    if (!(await this.ctx.informers.waitForCacheSync(signal))) return;
    while (!signal.aborted) {
      for (const n of this.nodes.lister.list()) this.queue.add(objectKey(n));
      await this.ctx.clock.sleep(this.ctx.timings.nodeMonitorPeriodMs, signal);
    }
  }

  /** Sets Ready and the pressure conditions to Unknown (lastHeartbeatTime untouched), unless they already are. */
  private async markUnknown(cached: Node, now: number): Promise<Node> {
    const ts = rfc3339(now);
    const unknown = (prev: Condition | undefined, type: string): Condition =>
      prev
        ? {
            ...prev,
            status: 'Unknown',
            reason: 'NodeStatusUnknown',
            message: 'Kubelet stopped posting node status.',
            lastTransitionTime: ts,
          }
        : {
            type,
            status: 'Unknown',
            reason: 'NodeStatusNeverUpdated',
            message: 'Kubelet never posted node status.',
            lastHeartbeatTime: ts,
            lastTransitionTime: ts,
          };
    const needs = (n: Node) => ['Ready', ...OTHER_CONDITIONS].some((t) => getCondition(n.status?.conditions, t)?.status !== 'Unknown');
    if (!needs(cached)) return cached;
    const wasReady = getCondition(cached.status?.conditions, 'Ready')?.status === 'True';
    let node = cached;
    try {
      node = await retryOnConflict(
        DefaultRetry,
        async () => {
          const cur = node === cached ? clone(cached) : await this.ctx.client.get<Node>(R.nodes, undefined, cached.metadata.name!);
          node = cur;
          if (!needs(cur)) return cur;
          const conditions = [...(cur.status?.conditions ?? [])];
          for (const type of ['Ready', ...OTHER_CONDITIONS]) {
            const i = conditions.findIndex((c) => c.type === type);
            if (i >= 0 && conditions[i].status === 'Unknown') continue;
            if (i >= 0) conditions[i] = unknown(conditions[i], type);
            else conditions.push(unknown(undefined, type));
          }
          return this.ctx.client.updateStatus<Node>(R.nodes, { ...cur, status: { ...cur.status, conditions } });
        },
        { clock: this.ctx.clock },
      );
    } catch (err) {
      if (isNotFound(err)) return cached;
      throw err;
    }
    this.logger.info({ node: node.metadata.name }, 'node stopped posting status; conditions set to Unknown');
    if (wasReady) this.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    return node;
  }

  private async updateTaints(cached: Node): Promise<void> {
    const now = rfc3339(this.ctx.clock.now());
    if (!reconcileTaints(cached.spec?.taints, desiredManagedTaints(cached), now)) return;
    let first = true;
    try {
      await retryOnConflict(
        DefaultRetry,
        async () => {
          const cur = first ? clone(cached) : await this.ctx.client.get<Node>(R.nodes, undefined, cached.metadata.name!);
          first = false;
          const taints = reconcileTaints(cur.spec?.taints, desiredManagedTaints(cur), now);
          if (!taints) return;
          const spec: NodeSpec = { ...cur.spec, taints };
          if (taints.length === 0) delete spec.taints;
          await this.ctx.client.update<Node>(R.nodes, { ...cur, spec });
          this.logger.info({ node: cur.metadata.name, taints: taints.map((t) => `${t.key}:${t.effect}`) }, 'node taints updated');
        },
        { clock: this.ctx.clock },
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** MarkPodsNotReady: the kubelet cannot report for the pods of an unreachable node, so their Ready turns False. */
  private async markPodsNotReady(nodeName: string): Promise<void> {
    const ts = rfc3339(this.ctx.clock.now());
    for (const cached of this.pods.lister.byIndex(PODS_BY_NODE_INDEX, nodeName)) {
      const ready = getCondition(cached.status?.conditions, 'Ready');
      if (!ready || ready.status === 'False') continue;
      let first = true;
      try {
        await retryOnConflict(
          DefaultRetry,
          async () => {
            const pod = first ? clone(cached) : await this.ctx.client.get<Pod>(R.pods, cached.metadata.namespace, cached.metadata.name!);
            first = false;
            const conditions = (pod.status?.conditions ?? []).map((c) =>
              c.type === 'Ready' && c.status !== 'False'
                ? { ...c, status: 'False' as const, lastTransitionTime: ts, reason: undefined, message: undefined }
                : c,
            );
            if (!conditions.some((c) => c.type === 'Ready')) return;
            await this.ctx.client.updateStatus<Pod>(R.pods, { ...pod, status: { ...pod.status, conditions } });
          },
          { clock: this.ctx.clock },
        );
        this.recorder.event(cached, 'Warning', 'NodeNotReady', 'Node is not ready');
        this.logger.info({ pod: objectKey(cached), node: nodeName }, 'pod marked not ready');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
