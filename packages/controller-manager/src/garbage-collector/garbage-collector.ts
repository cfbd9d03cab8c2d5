/**
 * The garbage collector (pkg/controller/garbagecollector), over the resources that own or are
 * owned in kemu: deployments → replicasets → pods, replicationcontrollers → pods,
 * services → endpointslices.
 *
 * - An object whose every ownerReference points at an owner that no longer exists (looked up
 *   by uid; same name with another uid counts as gone) is deleted — Background cascading
 *   deletion, one level at a time. Absence is confirmed with a GET against the apiserver, never
 *   taken from the cache alone, and the object itself is re-read before it is deleted.
 * - References to gone owners (or owners being deleted in the foreground) are removed from an
 *   object that still has a live owner.
 * - `foregroundDeletion`: the owner stays until its dependents with blockOwnerDeletion are
 *   gone (the GC deletes them), then the GC removes the finalizer.
 * - `orphan`: the GC removes the owner's references from its dependents, then the finalizer.
 */
import type { KubeObject, OwnerReference, ResourceInfo } from '@kemu/api';
import { R, isNotFound, kindFor } from '@kemu/api';
import { DefaultRetry, retryOnConflict, type Client, type DeleteOptions, type RateLimitingQueue, type SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { Controller, ControllerContext } from '../controller-context.js';
import { newControllerQueue, runController } from '../run-controller.js';
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN, hasFinalizer } from './finalizers.js';
import { itemKey, parseItemKey, resourceId } from './item-key.js';

/** The resources the GC watches. */
export const GC_RESOURCES: readonly ResourceInfo[] = [
  R.deployments,
  R.replicasets,
  R.replicationcontrollers,
  R.pods,
  R.services,
  R.endpointslices,
];

const UID_INDEX = 'gc:uid';
const OWNER_UID_INDEX = 'gc:owner-uid';
/** Owner uids confirmed absent (uids are never reused, so this never goes stale). */
const ABSENT_CACHE_SIZE = 2048;

type OwnerState = 'solid' | 'dangling' | 'waiting';

interface Monitor {
  r: ResourceInfo;
  informer: SharedInformer<KubeObject>;
}

export class GarbageCollector implements Controller {
  readonly name = 'garbage-collector-controller';
  private readonly queue: RateLimitingQueue;
  private readonly monitors = new Map<string, Monitor>();
  private readonly absentOwners = new Set<string>();
  private readonly client: Client;
  private readonly logger: Logger;

  constructor(
    private readonly ctx: ControllerContext,
    resources: readonly ResourceInfo[] = GC_RESOURCES,
  ) {
    this.client = ctx.client;
    this.logger = ctx.logger.child({ controller: this.name });
    this.queue = newControllerQueue(ctx, this.name);
    for (const r of resources) {
      const informer = ctx.informers.forResource<KubeObject>(r);
      informer.addIndexer(UID_INDEX, (o) => (o.metadata.uid ? [o.metadata.uid] : []));
      informer.addIndexer(OWNER_UID_INDEX, (o) => (o.metadata.ownerReferences ?? []).map((ref) => ref.uid));
      this.monitors.set(resourceId(r), { r, informer });
      informer.addEventHandler({
        onAdd: (o) => {
          if (interesting(o)) this.queue.add(itemKey(r, o));
        },
        onUpdate: (old, o) => {
          if (changed(old, o)) this.queue.add(itemKey(r, o));
        },
        onDelete: (o) => this.onDelete(o),
      });
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

  async sync(key: string): Promise<void> {
    const { resource, objectKey: ok } = parseItemKey(key);
    const m = this.monitors.get(resource);
    const cached = m?.informer.lister.get(ok);
    if (!m || !cached) return;
    if (cached.metadata.deletionTimestamp) {
      if (hasFinalizer(cached, FINALIZER_ORPHAN)) await this.orphanDependents(m.r, cached);
      else if (hasFinalizer(cached, FINALIZER_DELETE_DEPENDENTS)) await this.processDeletingDependents(m.r, cached);
      return;
    }
    if (!cached.metadata.ownerReferences?.length) return;
    // Decide on the cached object; act only after re-reading it from the apiserver.
    if ((await this.classify(cached)).action === 'none') return;
    let latest: KubeObject;
    try {
      latest = await this.client.get(m.r, cached.metadata.namespace, cached.metadata.name!);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (latest.metadata.uid !== cached.metadata.uid || latest.metadata.deletionTimestamp) return;
    const decision = await this.classify(latest);
    const log = this.logger.child({ object: key });
    switch (decision.action) {
      case 'none':
        return;
      case 'removeRefs':
        log.info({ owners: decision.refs.map((r) => `${r.kind}/${r.name}`) }, 'removing references to gone owners');
        await this.removeOwnerRefs(
          m.r,
          latest,
          decision.refs.map((r) => r.uid),
        );
        return;
      case 'delete':
        log.info({ propagationPolicy: decision.policy }, 'deleting object whose owners are gone');
        await this.deleteObject(m.r, latest, decision.policy);
    }
  }

  /** kube's attemptToDeleteItem decision table. */
  private async classify(
    obj: KubeObject,
  ): Promise<
    | { action: 'none' }
    | { action: 'removeRefs'; refs: OwnerReference[] }
    | { action: 'delete'; policy: NonNullable<DeleteOptions['propagationPolicy']> }
  > {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const state = await this.ownerState(ref, obj.metadata.namespace);
      (state === 'solid' ? solid : state === 'dangling' ? dangling : waiting).push(ref);
    }
    if (solid.length > 0) {
      return dangling.length + waiting.length === 0 ? { action: 'none' } : { action: 'removeRefs', refs: [...dangling, ...waiting] };
    }
    // No live owner left: the object goes. Its own dependents follow according to the owner
    // waiting for it (foreground) or its own finalizers.
    if (waiting.length > 0 && this.dependentsOf(obj).length > 0) return { action: 'delete', policy: 'Foreground' };
    if (hasFinalizer(obj, FINALIZER_ORPHAN)) return { action: 'delete', policy: 'Orphan' };
    if (hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS)) return { action: 'delete', policy: 'Foreground' };
    return { action: 'delete', policy: 'Background' };
  }

  /**
   * solid: exists and is not being deleted in the foreground; waiting: exists, being deleted
   * in the foreground; dangling: absent or replaced (different uid), confirmed by a GET.
   * An owner of a kind kemu does not know cannot be checked and counts as solid.
   */
  private async ownerState(ref: OwnerReference, namespace: string | undefined): Promise<OwnerState> {
    if (this.absentOwners.has(ref.uid)) return 'dangling';
    const r = kindFor(ref.apiVersion, ref.kind);
    if (!r) return 'solid';
    let owner = this.monitors.get(resourceId(r))?.informer.lister.byIndex(UID_INDEX, ref.uid)[0];
    if (!owner) {
      try {
        owner = await this.client.get(r, r.namespaced ? namespace : undefined, ref.name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.rememberAbsent(ref.uid);
        return 'dangling';
      }
      if (owner.metadata.uid !== ref.uid) {
        this.rememberAbsent(ref.uid);
        return 'dangling';
      }
    }
    return owner.metadata.deletionTimestamp && hasFinalizer(owner, FINALIZER_DELETE_DEPENDENTS) ? 'waiting' : 'solid';
  }

  /** Foreground deletion of `owner`: delete its blocking dependents; once none is left, drop the finalizer. */
  private async processDeletingDependents(r: ResourceInfo, owner: KubeObject): Promise<void> {
    const blocking = this.dependentsOf(owner).filter(({ obj }) =>
      obj.metadata.ownerReferences?.some((ref) => ref.uid === owner.metadata.uid && ref.blockOwnerDeletion),
    );
    if (blocking.length === 0) {
      this.logger.info({ object: itemKey(r, owner) }, 'dependents gone; removing foregroundDeletion finalizer');
      await this.removeFinalizer(r, owner, FINALIZER_DELETE_DEPENDENTS);
      return;
    }
    for (const d of blocking) {
      if (!d.obj.metadata.deletionTimestamp) this.queue.add(itemKey(d.r, d.obj));
    }
  }

  /** Orphan deletion of `owner`: its dependents lose their references to it, then the finalizer goes. */
  private async orphanDependents(r: ResourceInfo, owner: KubeObject): Promise<void> {
    for (const d of this.dependentsOf(owner)) await this.removeOwnerRefs(d.r, d.obj, [owner.metadata.uid!]);
    this.logger.info({ object: itemKey(r, owner) }, 'dependents orphaned; removing orphan finalizer');
    await this.removeFinalizer(r, owner, FINALIZER_ORPHAN);
  }

  private dependentsOf(owner: KubeObject): { r: ResourceInfo; obj: KubeObject }[] {
    const out: { r: ResourceInfo; obj: KubeObject }[] = [];
    if (!owner.metadata.uid) return out;
    for (const m of this.monitors.values()) {
      for (const obj of m.informer.lister.byIndex(OWNER_UID_INDEX, owner.metadata.uid)) out.push({ r: m.r, obj });
    }
    return out;
  }

  private onDelete(obj: KubeObject): void {
    // Its dependents may now be garbage.
    for (const d of this.dependentsOf(obj)) this.queue.add(itemKey(d.r, d.obj));
    // An owner deleting in the foreground may have been waiting for it.
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const r = kindFor(ref.apiVersion, ref.kind);
      const owner = r && this.monitors.get(resourceId(r))?.informer.lister.byIndex(UID_INDEX, ref.uid)[0];
      if (r && owner?.metadata.deletionTimestamp) this.queue.add(itemKey(r, owner));
    }
  }

  private async deleteObject(r: ResourceInfo, obj: KubeObject, policy: NonNullable<DeleteOptions['propagationPolicy']>): Promise<void> {
    try {
      await this.client.delete(r, obj.metadata.namespace, obj.metadata.name!, {
        propagationPolicy: policy,
        preconditions: { uid: obj.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Merge patch guarded by resourceVersion, re-read and retried on conflict (DefaultRetry). */
  private async patchMetadata(
    r: ResourceInfo,
    obj: KubeObject,
    edit: (cur: KubeObject) => Record<string, unknown> | undefined,
  ): Promise<void> {
    let cur: KubeObject | undefined;
    try {
      await retryOnConflict(
        DefaultRetry,
        async () => {
          cur = cur ? await this.client.get(r, obj.metadata.namespace, obj.metadata.name!) : obj;
          if (cur.metadata.uid !== obj.metadata.uid) return;
          const meta = edit(cur);
          if (!meta) return;
          await this.client.patch(r, cur.metadata.namespace, cur.metadata.name!, 'merge', {
            metadata: { ...meta, uid: cur.metadata.uid, resourceVersion: cur.metadata.resourceVersion },
          });
        },
        { clock: this.ctx.clock },
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private removeOwnerRefs(r: ResourceInfo, obj: KubeObject, uids: string[]): Promise<void> {
    return this.patchMetadata(r, obj, (cur) => {
      const refs = cur.metadata.ownerReferences ?? [];
      const kept = refs.filter((ref) => !uids.includes(ref.uid));
      return kept.length === refs.length ? undefined : { ownerReferences: kept.length ? kept : null };
    });
  }

  private removeFinalizer(r: ResourceInfo, obj: KubeObject, finalizer: string): Promise<void> {
    return this.patchMetadata(r, obj, (cur) => {
      const fins = cur.metadata.finalizers ?? [];
      if (!fins.includes(finalizer)) return undefined;
      const kept = fins.filter((f) => f !== finalizer);
      return { finalizers: kept.length ? kept : null };
    });
  }

  private rememberAbsent(uid: string): void {
    if (this.absentOwners.size >= ABSENT_CACHE_SIZE) this.absentOwners.delete(this.absentOwners.values().next().value!);
    this.absentOwners.add(uid);
  }
}

/** Worth a look on first sight: it has owners, or it is being deleted with a GC finalizer. */
function interesting(o: KubeObject): boolean {
  return (
    Boolean(o.metadata.ownerReferences?.length) ||
    (Boolean(o.metadata.deletionTimestamp) && (hasFinalizer(o, FINALIZER_ORPHAN) || hasFinalizer(o, FINALIZER_DELETE_DEPENDENTS)))
  );
}

/** Worth a look after an update: owners, deletion state or finalizers changed. */
function changed(a: KubeObject, b: KubeObject): boolean {
  return (
    JSON.stringify([a.metadata.ownerReferences, a.metadata.deletionTimestamp, a.metadata.finalizers]) !==
    JSON.stringify([b.metadata.ownerReferences, b.metadata.deletionTimestamp, b.metadata.finalizers])
  );
}
