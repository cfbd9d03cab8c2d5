/**
 * The replica engine (pkg/controller/replicaset): keeps `spec.replicas` active pods matching an
 * owner's selector and controlled by it, adopting matching orphans and releasing pods that no
 * longer match. Runs over ReplicaSets and, through ReplicaKind, ReplicationControllers.
 */
import type { Condition, KubeObject, Pod, ReplicaSetStatus } from '@kemu/api';
import { R, clone, controllerOf, controllerRef, deepEqual, isNotFound, objectKey, rfc3339, selectorFromSet, splitKey } from '@kemu/api';
import { DefaultRetry, retryOnConflict, type EventRecorder, type RateLimitingQueue, type SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { Controller, ControllerContext } from '../controller-context.js';
import { claimObjects, recheckOwner } from '../controller-ref-manager.js';
import { ControllerExpectations } from '../expectations.js';
import { isPodActive, isPodAvailable, isPodReady } from '../pod-util.js';
import { generateNamePrefix } from '../names.js';
import { newControllerQueue, runController } from '../run-controller.js';
import { podsToDelete } from './pod-ranking.js';
import type { ReplicaKind, ReplicaOwner } from './replica-kind.js';
import { replicaSetKind } from './replica-kind.js';

/** At most this many pods are created or deleted in one sync (Kubernetes' burstReplicas). */
export const BURST_REPLICAS = 500;

export class ReplicaSetController implements Controller {
  readonly name: string;
  readonly expectations: ControllerExpectations;
  private readonly queue: RateLimitingQueue;
  private readonly owners: SharedInformer<ReplicaOwner>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly kind: ReplicaKind = replicaSetKind,
  ) {
    this.name = kind.controllerName;
    this.logger = ctx.logger.child({ controller: kind.controllerName });
    this.recorder = ctx.recorder(kind.component);
    this.expectations = new ControllerExpectations(ctx.clock);
    this.queue = newControllerQueue(ctx, kind.controllerName);
    this.owners = ctx.informers.forResource<ReplicaOwner>(kind.resource);
    this.pods = ctx.informers.forResource<Pod>(R.pods);

    this.owners.addEventHandler({
      onAdd: (o) => this.enqueue(o),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (o) => {
        this.expectations.delete(objectKey(o));
        this.enqueue(o);
      },
    });
    this.pods.addEventHandler({
      onAdd: (p) => this.addPod(p),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (p) => this.deletePod(p),
    });
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

  // ---- pod event handlers: only find the owners to enqueue -------------------------------

  /** The owner controlling the pod, if it is one of ours and still the same object. */
  private resolveControllerRef(pod: Pod): ReplicaOwner | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== this.kind.kind || ref.apiVersion.split('/')[0] !== this.kind.apiVersion.split('/')[0]) return undefined;
    const owner = this.owners.lister.get(`${pod.metadata.namespace}/${ref.name}`);
    return owner && owner.metadata.uid === ref.uid ? owner : undefined;
  }

  /** Owners in the pod's namespace whose selector matches it (for orphans). */
  private ownersSelecting(pod: Pod): ReplicaOwner[] {
    return this.owners.lister.listNamespace(pod.metadata.namespace ?? '').filter((o) => this.kind.selector(o).matches(pod.metadata.labels));
  }

  private addPod(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) return this.deletePod(pod);
    if (controllerOf(pod)) {
      const owner = this.resolveControllerRef(pod);
      if (!owner) return;
      this.expectations.creationObserved(objectKey(owner));
      this.enqueue(owner);
      return;
    }
    for (const o of this.ownersSelecting(pod)) this.enqueue(o);
  }

  private updatePod(old: Pod, cur: Pod): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelChanged = !deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp) {
      this.deletePod(cur);
      if (labelChanged) this.deletePod(old);
      return;
    }
    const oldRef = controllerOf(old),
      curRef = controllerOf(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef) {
      const o = this.resolveControllerRef(old);
      if (o) this.enqueue(o);
    }
    if (curRef) {
      const owner = this.resolveControllerRef(cur);
      if (!owner) return;
      this.enqueue(owner);
      // A pod that just turned ready becomes available after minReadySeconds: look again then.
      const minReady = this.kind.minReadySeconds(owner);
      if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.queue.addAfter(objectKey(owner), minReady * 1000 + 1);
      return;
    }
    if (labelChanged || refChanged) for (const o of this.ownersSelecting(cur)) this.enqueue(o);
  }

  private deletePod(pod: Pod): void {
    const owner = this.resolveControllerRef(pod);
    if (!owner) return;
    const key = objectKey(owner);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.enqueue(owner);
  }

  // ---- sync -------------------------------------------------------------------------------

  async sync(key: string): Promise<void> {
    const { namespace } = splitKey(key);
    const owner = this.owners.lister.get(key);
    if (!owner) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    const selector = this.kind.selector(owner);
    const active = this.pods.lister.listNamespace(namespace).filter(isPodActive);
    const pods = await claimObjects<Pod>({
      client: this.ctx.client,
      owner,
      ownerRef: controllerRef(owner, this.kind.apiVersion, this.kind.kind),
      selector,
      resource: R.pods,
      objects: active,
      canAdopt: recheckOwner(this.ctx.client, this.kind.resource, owner),
    });

    let manageErr: unknown;
    if (needsSync && !owner.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(pods, owner, key);
      } catch (err) {
        manageErr = err;
      }
    }
    const status = this.calculateStatus(owner, pods, manageErr);
    const updated = await this.updateStatus(owner, status);
    const minReady = this.kind.minReadySeconds(owner);
    if (
      !manageErr &&
      minReady > 0 &&
      updated.status?.readyReplicas === this.kind.replicas(updated) &&
      updated.status?.availableReplicas !== this.kind.replicas(updated)
    ) {
      this.queue.addAfter(key, minReady * 1000);
    }
    if (manageErr) throw manageErr;
  }

  private async manageReplicas(pods: Pod[], owner: ReplicaOwner, key: string): Promise<void> {
    const diff = pods.length - this.kind.replicas(owner);
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      this.expectations.expectCreations(key, n);
      const { succeeded, error } = await slowStartBatch(n, () => this.createPod(owner));
      // Creations that never happened will never be observed.
      for (let i = succeeded; i < n; i++) this.expectations.creationObserved(key);
      if (error) throw error;
    } else if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      const victims = podsToDelete(pods, n, this.ctx.clock.now());
      this.expectations.expectDeletions(key, victims.map(objectKey));
      const results = await Promise.allSettled(victims.map((p) => this.deletePodOf(owner, p, key)));
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
      if (failed) throw failed.reason;
    }
  }

  private async createPod(owner: ReplicaOwner): Promise<void> {
    const template = this.kind.template(owner);
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: generateNamePrefix(owner.metadata.name!),
        namespace: owner.metadata.namespace,
        labels: { ...(template?.metadata?.labels ?? {}) },
        ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ...(template?.metadata?.finalizers ? { finalizers: [...template.metadata.finalizers] } : {}),
        ownerReferences: [controllerRef(owner, this.kind.apiVersion, this.kind.kind)],
      },
      spec: clone(template?.spec ?? { containers: [] }),
    };
    try {
      const created = await this.ctx.client.create<Pod>(R.pods, owner.metadata.namespace, pod);
      this.logger.debug({ owner: objectKey(owner), pod: created.metadata.name }, 'Created pod');
      this.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      this.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  private async deletePodOf(owner: ReplicaOwner, pod: Pod, key: string): Promise<void> {
    try {
      await this.ctx.client.delete(R.pods, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
      this.logger.debug({ owner: key, pod: pod.metadata.name }, 'Deleted pod');
      this.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      // The deletion will not be observed (gone already, or it failed): stop expecting it.
      this.expectations.deletionObserved(key, objectKey(pod));
      if (isNotFound(err)) return;
      this.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
      throw err;
    }
  }

  private calculateStatus(owner: ReplicaOwner, pods: Pod[], manageErr: unknown): ReplicaSetStatus {
    const now = this.ctx.clock.now();
    const minReady = this.kind.minReadySeconds(owner);
    const templateLabels = this.kind.template(owner)?.metadata?.labels ?? {};
    const templateSelector = selectorFromSet(templateLabels);
    const prev = owner.status ?? { replicas: 0 };
    const status: ReplicaSetStatus = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.filter((p) => templateSelector.matches(p.metadata.labels)).length,
      readyReplicas: pods.filter(isPodReady).length,
      availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
      observedGeneration: prev.observedGeneration,
    };
    let conditions = (prev.conditions ?? []).filter((c) => c.type !== 'ReplicaFailure');
    const failure = prev.conditions?.find((c) => c.type === 'ReplicaFailure');
    if (manageErr && pods.length < this.kind.replicas(owner)) {
      const cond: Condition = {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: (manageErr as Error).message ?? String(manageErr),
        lastTransitionTime: failure?.status === 'True' ? failure.lastTransitionTime : rfc3339(now),
      };
      conditions = [...conditions, cond];
    } else if (manageErr && failure) {
      conditions = [...conditions, failure];
    }
    if (conditions.length) status.conditions = conditions;
    return status;
  }

  /** Writes the status when it changed or the generation is unobserved; re-reads and retries on conflict (DefaultRetry). */
  private async updateStatus(owner: ReplicaOwner, status: ReplicaSetStatus): Promise<ReplicaOwner> {
    const generation = owner.metadata.generation ?? 0;
    const prev = owner.status;
    if (prev && prev.observedGeneration === generation && statusEqual(prev, status)) {
      return owner;
    }
    let first = true;
    return retryOnConflict(
      DefaultRetry,
      async () => {
        const cur = first
          ? clone(owner)
          : await this.ctx.client.get<ReplicaOwner>(this.kind.resource, owner.metadata.namespace, owner.metadata.name!);
        first = false;
        const target: ReplicaOwner = { ...cur, status: { ...status, observedGeneration: cur.metadata.generation ?? generation } };
        return this.ctx.client.updateStatus<ReplicaOwner>(this.kind.resource, target);
      },
      { clock: this.ctx.clock },
    );
  }
}

/**
 * Calls fn `count` times in batches of 1, 2, 4, … so a systematic failure (quota, a bad
 * template) costs one request, not hundreds. Stops after the first batch with a failure.
 */
export async function slowStartBatch(count: number, fn: () => Promise<void>): Promise<{ succeeded: number; error?: unknown }> {
  let remaining = count,
    batch = 1,
    succeeded = 0;
  while (remaining > 0) {
    const size = Math.min(batch, remaining);
    const results = await Promise.allSettled(Array.from({ length: size }, fn));
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    succeeded += results.filter((r) => r.status === 'fulfilled').length;
    if (failed) return { succeeded, error: failed.reason };
    remaining -= size;
    batch *= 2;
  }
  return { succeeded };
}

/** Status equality where an absent count equals 0 (servers may omit zero values). */
function statusEqual(a: ReplicaSetStatus, b: ReplicaSetStatus): boolean {
  const n = (s: ReplicaSetStatus) => [s.replicas ?? 0, s.fullyLabeledReplicas ?? 0, s.readyReplicas ?? 0, s.availableReplicas ?? 0];
  return deepEqual(n(a), n(b)) && deepEqual(a.conditions ?? [], b.conditions ?? []);
}
