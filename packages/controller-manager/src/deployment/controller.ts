/**
 * The deployment controller (pkg/controller/deployment): a Deployment owns one ReplicaSet per
 * pod template (named `<deployment>-<pod-template-hash>`) and moves replicas from old to new
 * ReplicaSets by its strategy, recording revisions and the status `kubectl rollout` reads.
 */
import type { Deployment, KubeObject, Pod, ReplicaSet } from '@kemu/api';
import { R, clone, controllerOf, controllerRef, objectKey, selectorFromLabelSelector, splitKey } from '@kemu/api';
import type { EventRecorder, RateLimitingQueue, SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { Controller, ControllerContext } from '../controller-context.js';
import { claimObjects, recheckOwner } from '../controller-ref-manager.js';
import { newControllerQueue, runController } from '../run-controller.js';
import type { PodMap } from './recreate.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import type { SyncDeps } from './sync.js';
import { checkPausedConditions, isScalingEvent, sync, syncStatusOnly, writeDeployment } from './sync.js';
import { isRecreate } from './util.js';

export class DeploymentController implements Controller {
  readonly name = 'deployment';
  private readonly queue: RateLimitingQueue;
  private readonly deployments: SharedInformer<Deployment>;
  private readonly replicaSets: SharedInformer<ReplicaSet>;
  private readonly pods: SharedInformer<Pod>;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly deps: SyncDeps;

  constructor(private readonly ctx: ControllerContext) {
    this.logger = ctx.logger.child({ controller: this.name });
    this.recorder = ctx.recorder('deployment-controller');
    this.queue = newControllerQueue(ctx, this.name);
    this.deployments = ctx.informers.forResource<Deployment>(R.deployments);
    this.replicaSets = ctx.informers.forResource<ReplicaSet>(R.replicasets);
    this.pods = ctx.informers.forResource<Pod>(R.pods);
    this.deps = {
      client: ctx.client,
      recorder: this.recorder,
      rsLister: this.replicaSets.lister,
      now: () => ctx.clock.now(),
      logger: this.logger,
      enqueueAfter: (d, ms) => this.queue.addAfter(objectKey(d), ms),
      enqueueRateLimited: (d) => this.queue.addRateLimited(objectKey(d)),
    };

    this.deployments.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (d) => this.enqueue(d),
    });
    this.replicaSets.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, cur) => this.updateReplicaSet(old, cur),
      onDelete: (rs) => this.deleteReplicaSet(rs),
    });
    this.pods.addEventHandler({ onDelete: (p) => this.deletePod(p) });
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

  // ---- event handlers ------------------------------------------------------------------------

  private resolveControllerRef(namespace: string | undefined, obj: KubeObject): Deployment | undefined {
    const ref = controllerOf(obj);
    if (!ref || ref.kind !== 'Deployment' || !ref.apiVersion.startsWith('apps/')) return undefined;
    const d = this.deployments.lister.get(`${namespace}/${ref.name}`);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** Deployments whose selector matches an orphan ReplicaSet. */
  private deploymentsSelecting(rs: ReplicaSet): Deployment[] {
    return this.deployments.lister.listNamespace(rs.metadata.namespace ?? '').filter((d) => {
      const sel = selectorFromLabelSelector(d.spec.selector);
      return !sel.empty() && sel.matches(rs.metadata.labels);
    });
  }

  private addReplicaSet(rs: ReplicaSet): void {
    if (rs.metadata.deletionTimestamp) return this.deleteReplicaSet(rs);
    if (controllerOf(rs)) {
      const d = this.resolveControllerRef(rs.metadata.namespace, rs);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsSelecting(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSet, cur: ReplicaSet): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const oldRef = controllerOf(old),
      curRef = controllerOf(cur);
    if (oldRef && oldRef.uid !== curRef?.uid) {
      const d = this.resolveControllerRef(old.metadata.namespace, old);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(cur.metadata.namespace, cur);
      if (d) this.enqueue(d);
      return;
    }
    const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
    if (labelsChanged || oldRef) for (const d of this.deploymentsSelecting(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: ReplicaSet): void {
    const d = this.resolveControllerRef(rs.metadata.namespace, rs);
    if (d) this.enqueue(d);
  }

  /** Recreate waits for old pods to go away: look again when the last one is deleted. */
  private deletePod(pod: Pod): void {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.lister.get(`${pod.metadata.namespace}/${ref.name}`);
    if (!rs || rs.metadata.uid !== ref.uid) return;
    const d = this.resolveControllerRef(rs.metadata.namespace, rs);
    if (!d || !isRecreate(d)) return;
    const sel = selectorFromLabelSelector(d.spec.selector);
    if (this.pods.lister.listNamespace(d.metadata.namespace ?? '', sel).length === 0) this.enqueue(d);
  }

  // ---- sync -------------------------------------------------------------------------------------

  async sync(key: string): Promise<void> {
    const cached = this.deployments.lister.get(key);
    if (!cached) return;
    const d = clone(cached);
    const { namespace } = splitKey(key);

    const selector = selectorFromLabelSelector(d.spec.selector);
    if (selector.empty()) {
      this.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
        await writeDeployment(this.deps, d);
      }
      return;
    }

    const rsList = (
      await claimObjects<ReplicaSet>({
        client: this.ctx.client,
        owner: d,
        ownerRef: controllerRef(d, 'apps/v1', 'Deployment'),
        selector,
        resource: R.replicasets,
        objects: this.replicaSets.lister.listNamespace(namespace),
        canAdopt: recheckOwner(this.ctx.client, R.deployments, d),
      })
    ).map((rs) => clone(rs));

    if (d.metadata.deletionTimestamp) return syncStatusOnly(this.deps, d, rsList);

    await checkPausedConditions(this.deps, d);
    if (d.spec.paused) return sync(this.deps, d, rsList);

    if (await isScalingEvent(this.deps, d, rsList)) return sync(this.deps, d, rsList);

    if (isRecreate(d)) return rolloutRecreate(this.deps, d, rsList, this.podMap(d, rsList));
    return rolloutRolling(this.deps, d, rsList);
  }

  /** The deployment's pods grouped by the uid of the ReplicaSet controlling them. */
  private podMap(d: Deployment, rsList: ReplicaSet[]): PodMap {
    const sel = selectorFromLabelSelector(d.spec.selector);
    const map: PodMap = new Map(rsList.map((rs) => [rs.metadata.uid!, []]));
    for (const p of this.pods.lister.listNamespace(d.metadata.namespace ?? '', sel)) {
      const ref = controllerOf(p);
      if (ref && map.has(ref.uid)) map.get(ref.uid)!.push(p);
    }
    return map;
  }
}
