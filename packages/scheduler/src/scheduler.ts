/**
 * The scheduler: one pod at a time, pop → snapshot → PreFilter/Filter → Score → pick the best
 * node (random among ties) → assume → bind asynchronously while the next pod is scheduled.
 * It schedules pods whose spec.schedulerName is its profile's (empty means default-scheduler),
 * that have no nodeName and are not being deleted.
 */
import { getCondition, objectKey, realClock, rfc3339, setCondition, R, isNotFound, type Clock, type Node, type Pod } from '@kemu/api';
import type { Client, EventRecorder, SharedInformer, SharedInformerFactory } from '@kemu/client';
import type { Logger } from 'pino';
import { SchedulerCache, Snapshot } from './cache.js';
import { fitErrorMessage } from './fit-error.js';
import { defaultProfile, DEFAULT_SCHEDULER_NAME, type Profile } from './framework/config.js';
import { Framework, type NodeToStatus } from './framework/framework.js';
import type { NodeScore } from './framework/interfaces.js';
import type { NodeInfo } from './framework/node-info.js';
import { numFeasibleNodesToFind } from './framework/nodes-to-find.js';
import type { Registry } from './framework/registry.js';
import type { Status } from './framework/status.js';
import { inTreeRegistry } from './plugins/index.js';
import { Limiter } from './limiter.js';
import { SchedulingQueue, type QueuedPodInfo } from './scheduling-queue.js';

export interface SchedulerOptions {
  client: Client;
  /** The scheduler requests the pods and nodes informers; the caller starts the factory. */
  informers: SharedInformerFactory;
  /** Reports as `default-scheduler`. */
  recorder: EventRecorder;
  logger: Logger;
  /** Default: the real clock. */
  clock?: Clock;
  /** Default: defaultProfile(). */
  profile?: Profile;
  /** Default: the in-tree plugins. */
  registry?: Registry;
  /** Tie-break source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Pod backoff, default 1 s doubling to 10 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Bindings in flight at once (default DEFAULT_MAX_IN_FLIGHT_BINDINGS); more assumed pods wait their turn. */
  maxInFlightBindings?: number;
}

/**
 * kube-scheduler binds each pod in a goroutine of its own, bounded only by its client's QPS.
 * A binding waits one apiserver round trip, so in-flight bindings ÷ latency caps throughput: 16
 * held the scheduler benchmark (1 000 nodes, 10 000 pods) at ≈ 550–650 pods/s, 64 reached
 * ≈ 1 000 (bench/RESULTS.md); more did not help.
 */
export const DEFAULT_MAX_IN_FLIGHT_BINDINGS = 64;

/** What one scheduling attempt decided, for logs and tests. */
export type ScheduleResult =
  | { pod: string; outcome: 'assumed'; node: string }
  | { pod: string; outcome: 'unschedulable' | 'error'; message: string }
  | { pod: string; outcome: 'skipped' };

export class Scheduler {
  readonly queue: SchedulingQueue;
  readonly cache: SchedulerCache;
  private readonly framework: Framework;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly pods: SharedInformer<Pod>;
  private readonly nodes: SharedInformer<Node>;
  private readonly informers: SharedInformerFactory;
  private readonly bindings = new Set<Promise<void>>();
  private readonly bindLimiter: Limiter;
  /** This scheduler's view for the current cycle, refreshed incrementally from the cache. */
  private readonly snapshot = new Snapshot();
  /** Where the next cycle starts filtering (nodes are sampled round-robin, see nodes-to-find.ts). */
  private nextStartNodeIndex = 0;

  constructor(opts: SchedulerOptions) {
    this.client = opts.client;
    this.recorder = opts.recorder;
    this.logger = opts.logger;
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.informers = opts.informers;
    this.bindLimiter = new Limiter(opts.maxInFlightBindings ?? DEFAULT_MAX_IN_FLIGHT_BINDINGS);
    const profile = opts.profile ?? defaultProfile();
    this.framework = new Framework(profile, opts.registry ?? inTreeRegistry(), {
      client: this.client,
      clock: this.clock,
      logger: this.logger,
    });
    this.cache = new SchedulerCache(this.clock);
    this.queue = new SchedulingQueue({ clock: this.clock, initialBackoffMs: opts.initialBackoffMs, maxBackoffMs: opts.maxBackoffMs });
    this.pods = opts.informers.forResource<Pod>(R.pods);
    this.nodes = opts.informers.forResource<Node>(R.nodes);
    this.pods.addEventHandler({
      onAdd: (p) => this.onPodAdd(p),
      onUpdate: (o, n) => this.onPodUpdate(o, n),
      onDelete: (p) => this.onPodDelete(p),
    });
    this.nodes.addEventHandler({
      onAdd: (n) => {
        this.cache.addNode(n);
        this.queue.moveAllToActiveOrBackoff();
      },
      onUpdate: (o, n) => {
        this.cache.updateNode(n);
        if (schedulingPropertiesChanged(o, n)) this.queue.moveAllToActiveOrBackoff();
      },
      onDelete: (n) => this.cache.removeNode(n),
    });
  }

  /** Schedules until signal aborts. Waits for the informers' caches first. */
  async run(signal: AbortSignal): Promise<void> {
    if (!(await this.informers.waitForCacheSync(signal))) return;
    this.logger.info({ pending: this.queue.stats().active }, 'scheduler started');
    const close = () => this.queue.close();
    signal.addEventListener('abort', close, { once: true });
    while (!signal.aborted) {
      await this.scheduleOne(signal);
      // Let informer events and binding responses in between cycles.
      await new Promise((r) => setImmediate(r));
    }
    await this.waitForBindings();
    this.logger.info('scheduler stopped');
  }

  /** Resolves once every binding started so far has finished (tests). */
  async waitForBindings(): Promise<void> {
    while (this.bindings.size) await Promise.all([...this.bindings]);
  }

  /** Pops one pod and runs one scheduling cycle for it. */
  async scheduleOne(signal?: AbortSignal): Promise<ScheduleResult | undefined> {
    const info = await this.queue.pop(signal);
    if (!info) return undefined;
    const pod = this.pods.lister.get(info.key) ?? info.pod;
    info.pod = pod;
    if (!this.responsibleFor(pod) || this.cache.has(info.key) || this.pods.lister.get(info.key) === undefined) {
      this.queue.done(info.key);
      return { pod: info.key, outcome: 'skipped' };
    }
    const state = this.framework.newCycleState();
    this.cache.updateSnapshot(this.snapshot);
    const nodes = this.snapshot.list;
    if (nodes.length === 0) return this.fail(info, true, fitErrorMessage(0, new Map()), []);

    const pre = this.framework.runPreFilter(state, pod, nodes);
    if (pre) {
      if (pre.code === 'Error') return this.fail(info, false, pre.reasons.join('; '), []);
      return this.fail(info, true, fitErrorMessage(nodes.length, new Map(), pre), [pre.plugin ?? '']);
    }

    // Filter from where the last cycle stopped until enough nodes are feasible (all of them
    // when none is, so a failure's message counts every node).
    const want = numFeasibleNodesToFind(this.framework.percentageOfNodesToScore, nodes.length);
    const feasible: NodeInfo[] = [];
    const rejected: NodeToStatus = new Map();
    const start = this.nextStartNodeIndex % nodes.length;
    let processed = 0;
    for (; processed < nodes.length && feasible.length < want; processed++) {
      const n = nodes[(start + processed) % nodes.length];
      const s = this.framework.runFilter(state, pod, n);
      if (!s) feasible.push(n);
      else if (s.code === 'Error') return this.fail(info, false, `running "${s.plugin}" filter plugin: ${s.reasons.join('; ')}`, []);
      else rejected.set(n.name, s);
    }
    this.nextStartNodeIndex = (start + processed) % nodes.length;
    if (feasible.length === 0) {
      return this.fail(info, true, fitErrorMessage(nodes.length, rejected), pluginsOf(rejected));
    }

    let host = feasible[0].name;
    if (feasible.length > 1) {
      const scores = this.framework.runScore(state, pod, feasible);
      if (!Array.isArray(scores))
        return this.fail(info, false, `running "${scores.plugin}" score plugin: ${scores.reasons.join('; ')}`, []);
      host = this.selectHost(scores);
      if (this.logger.isLevelEnabled('debug')) this.logger.debug({ pod: info.key, scores }, 'scored nodes');
    }

    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName: host } };
    this.cache.assumePod(assumed);
    if (this.logger.isLevelEnabled('debug'))
      this.logger.debug({ pod: info.key, node: host, feasible: feasible.length, nodes: nodes.length }, 'pod assumed');
    const p = this.bindLimiter.run(() => this.bindingCycle(info, pod, assumed, host, state)).finally(() => this.bindings.delete(p));
    this.bindings.add(p);
    return { pod: info.key, outcome: 'assumed', node: host };
  }

  private async bindingCycle(
    info: QueuedPodInfo,
    pod: Pod,
    assumed: Pod,
    host: string,
    state: ReturnType<Framework['newCycleState']>,
  ): Promise<void> {
    const status = await this.framework.runBind(state, pod, host);
    if (!status) {
      this.cache.finishBinding(assumed);
      this.queue.done(info.key);
      // Per pod, so debug (kube-scheduler logs it at V(2)); the Scheduled event is the record.
      this.logger.debug({ pod: info.key, node: host }, 'pod bound');
      this.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${info.key} to ${host}`);
      return;
    }
    this.cache.forgetPod(assumed);
    const err = status.err;
    if (err && isNotFound(err)) {
      this.queue.delete(pod);
      return;
    }
    this.logger.warn({ pod: info.key, node: host, err }, 'binding failed');
    this.recorder.event(pod, 'Warning', 'FailedScheduling', `Binding rejected: ${status.reasons.join('; ')}`);
    this.queue.requeue(info, false);
  }

  private async fail(info: QueuedPodInfo, unschedulable: boolean, message: string, plugins: string[]): Promise<ScheduleResult> {
    const pod = info.pod;
    this.logger.info({ pod: info.key, reason: message, attempts: info.attempts }, unschedulable ? 'pod unschedulable' : 'scheduling error');
    this.recorder.event(pod, 'Warning', 'FailedScheduling', message);
    this.queue.requeue(info, unschedulable, plugins);
    await this.setPodScheduledFalse(pod, unschedulable ? 'Unschedulable' : 'SchedulerError', message);
    return { pod: info.key, outcome: unschedulable ? 'unschedulable' : 'error', message };
  }

  /** Records the failure on the pod's PodScheduled condition, as kube-scheduler does, unless it already says so. */
  private async setPodScheduledFalse(pod: Pod, reason: string, message: string): Promise<void> {
    const prev = getCondition(pod.status?.conditions, 'PodScheduled');
    if (prev?.status === 'False' && prev.reason === reason && prev.message === message) return;
    const conditions = setCondition(
      pod.status?.conditions,
      { type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null },
      rfc3339(this.clock.now()),
    );
    try {
      await this.client.patch(
        R.pods,
        pod.metadata.namespace,
        pod.metadata.name!,
        'merge',
        { status: { conditions } },
        { subresource: 'status' },
      );
    } catch (err) {
      if (!isNotFound(err)) this.logger.warn({ pod: objectKey(pod), err }, 'updating PodScheduled condition failed');
    }
  }

  /** The highest total; ties broken uniformly at random (reservoir sampling). */
  private selectHost(scores: NodeScore[]): string {
    let best = -Infinity;
    let chosen = scores[0].name;
    let ties = 0;
    for (const s of scores) {
      if (s.score > best) {
        best = s.score;
        chosen = s.name;
        ties = 1;
      } else if (s.score === best) {
        ties++;
        if (this.random() * ties < 1) chosen = s.name;
      }
    }
    return chosen;
  }

  private responsibleFor(pod: Pod): boolean {
    return (
      !pod.spec.nodeName &&
      !pod.metadata.deletionTimestamp &&
      (pod.spec.schedulerName || DEFAULT_SCHEDULER_NAME) === this.framework.schedulerName
    );
  }

  private onPodAdd(pod: Pod): void {
    if (pod.spec.nodeName) {
      if (!isTerminal(pod)) this.cache.addPod(pod);
      this.queue.delete(pod);
    } else if (this.responsibleFor(pod) && !this.cache.isAssumed(objectKey(pod))) {
      this.queue.add(pod);
    }
  }

  private onPodUpdate(oldPod: Pod, pod: Pod): void {
    if (pod.spec.nodeName) {
      this.queue.delete(pod);
      if (isTerminal(pod)) {
        if (!isTerminal(oldPod)) {
          this.cache.removePod(pod);
          this.queue.moveAllToActiveOrBackoff();
        }
      } else {
        this.cache.updatePod(pod);
      }
      return;
    }
    const key = objectKey(pod);
    if (!this.responsibleFor(pod)) this.queue.delete(pod);
    else if (!this.cache.isAssumed(key)) this.queue.update(oldPod, pod);
  }

  private onPodDelete(pod: Pod): void {
    this.queue.delete(pod);
    if (this.cache.has(objectKey(pod))) {
      this.cache.removePod(pod);
      this.queue.moveAllToActiveOrBackoff();
    }
  }
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function pluginsOf(m: NodeToStatus): string[] {
  return [...new Set([...m.values()].map((s: Status) => s.plugin ?? ''))];
}

/** Ignores heartbeats: only changes that can make a pod fit count. */
function schedulingPropertiesChanged(a: Node, b: Node): boolean {
  const view = (n: Node) =>
    JSON.stringify([
      n.spec?.unschedulable,
      n.spec?.taints,
      n.metadata.labels,
      n.status?.allocatable,
      (n.status?.conditions ?? []).map((c) => [c.type, c.status]),
    ]);
  return view(a) !== view(b);
}
