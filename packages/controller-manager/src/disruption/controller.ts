/**
 * The disruption controller (pkg/controller/disruption): keeps every PodDisruptionBudget's
 * status — expectedPods, currentHealthy, desiredHealthy, disruptionsAllowed, disruptedPods and
 * the DisruptionAllowed condition — in step with the pods it selects. The eviction subresource
 * of the apiserver reads that status to allow an eviction (and decrements it) or answer 429.
 *
 * The expected count for percentages and maxUnavailable is the sum of the scales of the pods'
 * controllers (ReplicaSet, ReplicationController, StatefulSet `spec.replicas`; a Deployment's
 * ReplicaSets count through their own scale), or the pod count for pods without one. A budget
 * whose status cannot be computed — a pod names a controller not known (yet), a value is
 * invalid — allows no disruption until it can (failSafe).
 * Entries of disruptedPods leave after 2 minutes, or once the pod is gone or terminating.
 */
import type { KubeObject, Pod, ResourceInfo } from '@kemu/api';
import { R, isConflict, isNotFound, objectKey, rfc3339, selectorFromLabelSelector, splitKey } from '@kemu/api';
import type { RateLimitingQueue, SharedInformer } from '@kemu/client';
import { newRateLimitingQueue } from '@kemu/client';
import type { Logger } from 'pino';
import type { Controller, ControllerContext } from '../controller-context.js';
import { runController } from '../run-controller.js';
import { semanticEqual } from '../semantic-equal.js';
import { countHealthy, desiredHealthy, measuredAgainstScale, type BudgetSpec } from './budget.js';

/** How long an eviction keeps a pod out of currentHealthy while it has not started terminating. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

interface PdbCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}
export interface PodDisruptionBudget extends KubeObject {
  spec?: BudgetSpec & {
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | null;
    unhealthyPodEvictionPolicy?: string;
  };
  status?: {
    observedGeneration?: number;
    disruptedPods?: Record<string, string>;
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
    conditions?: PdbCondition[];
  };
}

interface Scalable extends KubeObject {
  spec?: { replicas?: number };
}

const SCALABLE: Record<string, () => ResourceInfo> = {
  ReplicaSet: () => R.replicasets,
  ReplicationController: () => R.replicationcontrollers,
  StatefulSet: () => R.statefulsets,
};

export class DisruptionController implements Controller {
  readonly name = 'disruption';
  private readonly queue: RateLimitingQueue;
  private readonly pdbs: SharedInformer<PodDisruptionBudget>;
  private readonly pods: SharedInformer<Pod>;
  private readonly scalables: Map<string, SharedInformer<Scalable>>;
  private readonly logger: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.logger = ctx.logger.child({ controller: this.name });
    this.queue = newRateLimitingQueue({
      clock: ctx.clock,
      baseDelayMs: ctx.timings.queueBaseDelayMs,
      maxDelayMs: ctx.timings.queueMaxDelayMs,
      name: this.name,
    });
    this.pdbs = ctx.informers.forResource<PodDisruptionBudget>(R.poddisruptionbudgets);
    this.pods = ctx.informers.forResource<Pod>(R.pods);
    this.scalables = new Map(Object.entries(SCALABLE).map(([kind, r]) => [kind, ctx.informers.forResource<Scalable>(r())]));
    this.pdbs.addEventHandler({ onAdd: (p) => this.enqueue(p), onUpdate: (_o, p) => this.enqueue(p), onDelete: () => undefined });
    const podChanged = (p: Pod) => {
      for (const pdb of this.budgetsFor(p)) this.enqueue(pdb);
    };
    this.pods.addEventHandler({
      onAdd: podChanged,
      onUpdate: (o, p) => {
        podChanged(o);
        podChanged(p);
      },
      onDelete: podChanged,
    });
    for (const inf of this.scalables.values()) {
      const changed = (s: Scalable) => {
        for (const p of this.pods.lister.listNamespace(s.metadata.namespace!)) {
          if (p.metadata.ownerReferences?.some((o) => o.uid === s.metadata.uid)) {
            podChanged(p);
            return;
          }
        }
      };
      inf.addEventHandler({ onAdd: changed, onUpdate: (_o, s) => changed(s), onDelete: changed });
    }
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    return runController({
      informers: this.ctx.informers,
      queue: this.queue,
      workers,
      signal,
      sync: (k) => this.sync(k),
      logger: this.logger,
    });
  }

  private enqueue(o: KubeObject): void {
    this.queue.add(objectKey(o));
  }

  private budgetsFor(pod: Pod): PodDisruptionBudget[] {
    return this.pdbs.lister.listNamespace(pod.metadata.namespace!).filter((pdb) => {
      if (!pdb.spec?.selector) return false;
      try {
        return selectorFromLabelSelector(pdb.spec.selector as never).matches(pod.metadata.labels);
      } catch {
        return false;
      }
    });
  }

  /**
   * Sum of the scales of the pods' controllers; undefined when some pod has no controller (the
   * pod count then stands in). Throws when a pod names a controller that is not known (yet): the
   * scale the budget is measured against is unknown, so nothing may be disrupted.
   */
  private expectedScale(pods: Pod[]): number | undefined {
    const seen = new Map<string, number>();
    for (const p of pods) {
      const ref = p.metadata.ownerReferences?.find((o) => o.controller);
      if (!ref) return undefined;
      const owner = this.scalables.get(ref.kind)?.lister.get(`${p.metadata.namespace}/${ref.name}`);
      if (!owner || owner.metadata.uid !== ref.uid) throw new Error(`found no controllers for pod "${p.metadata.name}"`);
      seen.set(ref.uid, owner.spec?.replicas ?? 1);
    }
    return [...seen.values()].reduce((a, b) => a + b, 0);
  }

  /**
   * A budget whose status cannot be computed allows no disruption (failSafe): disruptionsAllowed
   * 0 and DisruptionAllowed False with reason SyncFailed; observedGeneration stays where it was.
   */
  private async failSafe(key: string, pdb: PodDisruptionBudget, err: unknown): Promise<void> {
    this.logger.warn({ pdb: key, err }, 'Budget status cannot be computed; no disruption allowed');
    const status = pdb.status ?? {};
    const prev = status.conditions?.find((c) => c.type === 'DisruptionAllowed');
    const cond: PdbCondition = {
      type: 'DisruptionAllowed',
      status: 'False',
      reason: 'SyncFailed',
      message: err instanceof Error ? err.message : String(err),
      observedGeneration: status.observedGeneration,
      lastTransitionTime: prev?.status === 'False' ? prev.lastTransitionTime : rfc3339(this.ctx.clock.now()),
    };
    const next = { ...status, disruptionsAllowed: 0, conditions: [...(status.conditions ?? []).filter((c) => c !== prev), cond] };
    this.queue.addRateLimited(key);
    if (semanticEqual(status, next)) return;
    try {
      await this.ctx.client.updateStatus<PodDisruptionBudget>(R.poddisruptionbudgets, { ...pdb, status: next });
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
  }

  async sync(key: string): Promise<void> {
    const pdb = this.pdbs.lister.get(key);
    if (!pdb) return;
    const { namespace } = splitKey(key);
    const now = this.ctx.clock.now();
    let pods: Pod[] = [];
    if (pdb.spec?.selector) {
      try {
        pods = this.pods.lister.listNamespace(namespace, selectorFromLabelSelector(pdb.spec.selector as never));
      } catch {
        pods = [];
      }
    }
    const byName = new Map(pods.map((p) => [p.metadata.name!, p]));
    // Recently evicted pods that are not yet terminating stay out of currentHealthy for a while.
    const disrupted: Record<string, string> = {};
    let recheckInMs: number | undefined;
    for (const [name, at] of Object.entries(pdb.status?.disruptedPods ?? {})) {
      const p = byName.get(name);
      const expires = Date.parse(at) + DELETION_TIMEOUT_MS;
      if (!p || p.metadata.deletionTimestamp || !Number.isFinite(expires) || expires <= now) continue;
      disrupted[name] = at;
      recheckInMs = Math.min(recheckInMs ?? Infinity, expires - now);
    }
    let desired: number;
    let expected: number;
    try {
      const spec = pdb.spec ?? {};
      ({ desired, expected } = desiredHealthy(spec, pods.length, measuredAgainstScale(spec) ? this.expectedScale(pods) : undefined));
    } catch (err) {
      return this.failSafe(key, pdb, err);
    }
    const healthy = countHealthy(pods, disrupted);
    const allowed = Math.max(0, healthy - desired);
    const prev = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed');
    const cond: PdbCondition =
      allowed > 0
        ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '' }
        : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' };
    const status: NonNullable<PodDisruptionBudget['status']> = {
      observedGeneration: pdb.metadata.generation ?? 1,
      disruptionsAllowed: allowed,
      currentHealthy: healthy,
      desiredHealthy: desired,
      expectedPods: expected,
      conditions: [
        {
          ...cond,
          observedGeneration: pdb.metadata.generation ?? 1,
          lastTransitionTime: prev && prev.status === cond.status ? prev.lastTransitionTime : rfc3339(now),
        },
      ],
      ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
    };
    if (recheckInMs !== undefined) this.queue.addAfter(key, recheckInMs + 100);
    if (semanticEqual(pdb.status ?? {}, status)) return;
    try {
      await this.ctx.client.updateStatus<PodDisruptionBudget>(R.poddisruptionbudgets, { ...pdb, status });
      this.logger.debug({ pdb: key, allowed, healthy, desired, expected }, 'Updated budget status');
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) {
        this.queue.addRateLimited(key);
        return;
      }
      throw err;
    }
  }
}
