/**
 * The generic REST storage of one resource (kube-apiserver's registry/generic/registry.Store):
 * get, list, create, update, patch, delete and deletecollection over the Store, running the
 * create/update pipeline (system fields, strategy, admission, defaults, validation) and the
 * graceful-deletion and finalizer rules. Every error leaves as an ApiError.
 */
import { randomInt } from 'node:crypto';
import {
  ApiError,
  apiVersionOf,
  badRequest,
  clone,
  conflict,
  deepEqual,
  invalid,
  methodNotAllowed,
  newUid,
  notFound,
  objectFields,
  rfc3339,
  type FieldSelector,
  type KubeObject,
  type Qualified,
  type ResourceInfo,
  type Selector,
} from '@kemu/api';
import { StorageError, collectionPrefix, objectKey } from '@kemu/storage';
import { toApiError } from '../errors.js';
import type { Attributes, Operation } from '../admission/index.js';
import { applyPatch, type PatchType } from '@kemu/api';
import type { RegistryContext, WriteOptions } from './context.js';
import { gcFinalizers, type DeleteOptionsBody } from './delete-options.js';
import { applyDefaults, checkPatchedDecodes, validate } from './schema.js';
import { strategyFor } from './strategies.js';
import type { Strategy } from './strategy.js';
import { WriteTxn } from './write-txn.js';

/** A subresource written as part of the object: `status`, or one the strategy builds (a Namespace's `finalize`). */
type WritableSubresource = string;

export interface Selection {
  label: Selector;
  field: FieldSelector;
}

export interface WriteResult {
  object: KubeObject;
  created: boolean;
}

export interface DeleteResult {
  /** The object as stored after the request (graceful), or its last state (gone). */
  object: KubeObject;
  /** The object is no longer in the store. */
  gone: boolean;
}

const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const GENERATE_ATTEMPTS = 5;

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += NAME_SUFFIX_ALPHABET[randomInt(NAME_SUFFIX_ALPHABET.length)];
  return s;
}

export class ResourceStore {
  readonly strategy: Strategy;
  readonly q: Qualified;

  constructor(
    readonly r: ResourceInfo,
    private readonly ctx: RegistryContext,
  ) {
    this.strategy = strategyFor(r);
    this.q = { group: r.group, resource: r.resource };
  }

  key(namespace: string | undefined, name: string): string {
    return objectKey(this.r, namespace, name);
  }

  prefix(namespace: string | undefined): string {
    return collectionPrefix(this.r, namespace);
  }

  /** The TTL every create and update of this resource attaches (Events), if any. */
  private ttl(): { ttlSeconds: number } | undefined {
    const t = this.strategy.ttlSeconds;
    const seconds = typeof t === 'function' ? t(this.ctx) : t;
    return seconds ? { ttlSeconds: seconds } : undefined;
  }

  /** Admission attributes of a write to this resource. */
  private attributes(operation: Operation, name: string, dryRun: boolean, rest: Partial<Attributes>): Attributes {
    return { operation, resource: this.r, name, dryRun, ctx: this.ctx, ...rest };
  }

  private fail(err: unknown, name?: string): ApiError {
    return toApiError(err, { ...this.q, name });
  }

  matches(obj: KubeObject, sel: Selection): boolean {
    return sel.label.matches(obj.metadata.labels) && sel.field.matches(objectFields(this.r.group, this.r.resource, obj));
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    let obj: KubeObject | undefined;
    try {
      obj = await this.ctx.store.get(this.key(namespace, name));
    } catch (err) {
      throw this.fail(err, name);
    }
    if (!obj) throw notFound(this.q, name);
    return obj;
  }

  async list(namespace: string | undefined, sel: Selection): Promise<{ items: KubeObject[]; revision: number }> {
    try {
      const res = await this.ctx.store.list(this.prefix(namespace));
      return { items: res.items.filter((o) => this.matches(o, sel)), revision: res.revision };
    } catch (err) {
      throw this.fail(err);
    }
  }

  /** Checks apiVersion/kind and the namespace of a body against the URL; fills them in. */
  normalizeIncoming(input: KubeObject, namespace: string | undefined): KubeObject {
    const obj = input;
    const expected = apiVersionOf(this.r);
    if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== expected) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected})`);
    }
    if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== this.r.kind) {
      throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${this.r.kind})`);
    }
    obj.apiVersion = expected;
    obj.kind = this.r.kind;
    if (this.r.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
      if (!obj.metadata.namespace) throw badRequest('the namespace of the object is required');
    } else {
      delete obj.metadata.namespace;
    }
    return obj;
  }

  // ---- create ------------------------------------------------------------------

  async create(namespace: string | undefined, input: KubeObject, opts: WriteOptions): Promise<KubeObject> {
    const base = this.normalizeIncoming(input, namespace);
    if (base.metadata.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    const generated = !base.metadata.name && !!base.metadata.generateName;
    if (!base.metadata.name && !generated) {
      throw invalid(this.r.kind, this.r.group, '', [
        { reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' },
      ]);
    }
    for (let attempt = 1; ; attempt++) {
      const obj = clone(base);
      if (generated) obj.metadata.name = `${obj.metadata.generateName}${randomSuffix()}`;
      try {
        return await this.createOnce(obj, opts);
      } catch (err) {
        const exists = err instanceof StorageError && err.code === 'KeyExists';
        if (exists && generated && attempt < GENERATE_ATTEMPTS) continue;
        throw this.fail(err, obj.metadata.name);
      }
    }
  }

  private async createOnce(input: KubeObject, opts: WriteOptions): Promise<KubeObject> {
    const meta = input.metadata;
    meta.uid = newUid();
    meta.creationTimestamp = rfc3339(this.ctx.clock.now());
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (this.strategy.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    this.strategy.prepareForCreate(input, this.ctx);
    const admission = this.attributes('CREATE', meta.name!, opts.dryRun, { namespace: meta.namespace, object: input });
    await this.ctx.admission.admit(admission);
    const obj = applyDefaults(this.r, input);
    this.strategy.canonicalize?.(obj);
    validate(this.r, obj, opts, undefined, this.strategy.validate?.(obj, undefined));
    await this.ctx.admission.validate({ ...admission, object: obj });
    const txn = new WriteTxn(opts.dryRun);
    try {
      await this.strategy.beginCreate?.(obj, txn, this.ctx);
      if (opts.dryRun) {
        await txn.commit(obj);
        return obj;
      }
      const key = this.key(obj.metadata.namespace, obj.metadata.name!);
      const stored = await this.ctx.store.create(key, obj, this.ttl());
      await txn.commit(stored);
      return stored;
    } catch (err) {
      await txn.abort();
      throw err;
    }
  }

  // ---- update ------------------------------------------------------------------

  /**
   * Builds the object an update stores from the current one and the client's desired state.
   * `requireRV`: a PUT without metadata.resourceVersion is refused where the strategy says so.
   */
  private async prepareUpdate(
    current: KubeObject,
    next: KubeObject,
    opts: WriteOptions,
    subresource: WritableSubresource | 'whole' | undefined,
    txn: WriteTxn,
    requireRV: boolean,
  ): Promise<KubeObject> {
    const name = current.metadata.name!;
    const rv = next.metadata?.resourceVersion;
    if (rv && rv !== current.metadata.resourceVersion) throw conflict(this.q, name);
    if (!rv && requireRV && !this.strategy.allowUnconditionalUpdate) {
      throw invalid(this.r.kind, this.r.group, name, [
        { reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' },
      ]);
    }
    let obj: KubeObject;
    if (subresource === 'status') {
      obj = clone(current);
      if (next.status === undefined) delete obj.status;
      else obj.status = clone(next.status);
    } else if (subresource !== undefined && subresource !== 'whole') {
      const built = this.strategy.prepareForSubresourceUpdate?.(subresource, clone(next), clone(current));
      if (!built) throw methodNotAllowed();
      obj = built;
    } else {
      obj = clone(next);
      if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
      if (subresource !== 'whole') this.strategy.prepareForUpdate(obj, current, this.ctx);
    }
    obj.apiVersion = apiVersionOf(this.r);
    obj.kind = this.r.kind;
    const m = obj.metadata;
    const c = current.metadata;
    m.name = c.name;
    if (this.r.namespaced) m.namespace = c.namespace;
    else delete m.namespace;
    m.uid = c.uid;
    m.creationTimestamp = c.creationTimestamp;
    m.resourceVersion = c.resourceVersion;
    if (c.deletionTimestamp) m.deletionTimestamp = c.deletionTimestamp;
    else delete m.deletionTimestamp;
    if (c.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = c.deletionGracePeriodSeconds;
    else delete m.deletionGracePeriodSeconds;
    // A whole-object write (binding) is the server's own change: admission and the update rules for clients do not apply.
    const admission =
      subresource === 'whole'
        ? undefined
        : this.attributes('UPDATE', name, opts.dryRun, { namespace: c.namespace, subresource, object: obj, oldObject: current });
    if (admission) await this.ctx.admission.admit(admission);
    const result = applyDefaults(this.r, obj);
    this.strategy.canonicalize?.(result);
    if (this.strategy.tracksGeneration) {
      const changed = !deepEqual(result.spec, current.spec);
      result.metadata.generation = (c.generation ?? 1) + (changed ? 1 : 0);
    } else if (c.generation !== undefined) {
      result.metadata.generation = c.generation;
    } else {
      delete result.metadata.generation;
    }
    const old = subresource === 'whole' ? undefined : current;
    validate(this.r, result, opts, old, this.strategy.validate?.(result, old));
    if (admission) await this.ctx.admission.validate({ ...admission, object: result });
    await this.strategy.beginUpdate?.(result, current, txn, this.ctx);
    return result;
  }

  /** PUT of the object or of its status/finalize subresource. */
  async update(
    namespace: string | undefined,
    name: string,
    input: KubeObject,
    opts: WriteOptions,
    subresource?: WritableSubresource,
  ): Promise<WriteResult> {
    const body = this.normalizeIncoming(input, namespace ?? input.metadata.namespace);
    if (body.metadata.name && body.metadata.name !== name) {
      throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    }
    body.metadata.name = name;
    const key = this.key(namespace, name);
    const createInstead = async (): Promise<WriteResult> => {
      const obj = clone(body);
      delete obj.metadata.resourceVersion;
      return { object: await this.create(namespace, obj, opts), created: true };
    };
    return this.runUpdate(
      key,
      name,
      opts,
      (current, txn) => {
        // The body's uid is a precondition (kube's DefaultUpdatedObjectInfo.Preconditions).
        const uid = body.metadata.uid;
        if (uid && uid !== current.metadata.uid) {
          throw conflict(
            this.q,
            name,
            `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid ?? ''}`,
          );
        }
        return this.prepareUpdate(current, body, opts, subresource, txn, true);
      },
      this.strategy.allowCreateOnUpdate && !subresource ? createInstead : undefined,
    );
  }

  /** PATCH of the object or a subresource. apply-patch on a missing object creates it. */
  async patch(
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts: WriteOptions,
    subresource?: WritableSubresource,
  ): Promise<WriteResult> {
    const key = this.key(namespace, name);
    const build = (current: KubeObject, txn: WriteTxn) => {
      const next = applyPatch(type, clone(current), patch, this.r, this.applyOptions(opts));
      if (next === null || typeof next !== 'object' || Array.isArray(next)) throw badRequest('the patch did not produce an object');
      if (!next.metadata || typeof next.metadata !== 'object') next.metadata = {};
      const rv = next.metadata.resourceVersion;
      if (rv && rv !== current.metadata.resourceVersion) throw conflict(this.q, name);
      checkPatchedIdentity(this.r, current, next, name);
      checkPatchedDecodes(this.r, next);
      next.metadata.resourceVersion = current.metadata.resourceVersion;
      return this.prepareUpdate(current, next, opts, subresource, txn, false);
    };
    const createInstead = async (): Promise<WriteResult> => {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
        throw badRequest('the apply configuration must be an object');
      const obj = applyPatch('apply', { metadata: {} }, patch, this.r, this.applyOptions(opts));
      if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {};
      if (obj.metadata.name && obj.metadata.name !== name) {
        throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
      }
      obj.metadata.name = name;
      return { object: await this.create(namespace, obj, opts), created: true };
    };
    return this.runUpdate(key, name, opts, build, type === 'apply' && !subresource ? createInstead : undefined);
  }

  private applyOptions(opts: WriteOptions) {
    return opts.fieldManager ? { fieldManager: opts.fieldManager, force: opts.force } : undefined;
  }

  /**
   * Runs a GuaranteedUpdate (or its dry-run twin), commits or rolls back side effects, and
   * removes an object whose last finalizer the update took away.
   */
  private async runUpdate(
    key: string,
    name: string,
    opts: WriteOptions,
    build: (current: KubeObject, txn: WriteTxn) => Promise<KubeObject>,
    createInstead?: () => Promise<WriteResult>,
  ): Promise<WriteResult> {
    const txn = new WriteTxn(opts.dryRun);
    try {
      if (opts.dryRun) {
        const current = await this.ctx.store.get(key);
        if (!current) {
          if (createInstead) return await createInstead();
          throw notFound(this.q, name);
        }
        const obj = await build(current, txn);
        await txn.commit(obj);
        return { object: obj, created: false };
      }
      const stored = await this.ctx.store.guaranteedUpdate(key, (current) => build(current, txn), this.ttl());
      await txn.commit(stored);
      return { object: await this.deleteIfFinalized(key, stored), created: false };
    } catch (err) {
      await txn.abort();
      if (createInstead && err instanceof StorageError && err.code === 'KeyNotFound') return createInstead();
      throw this.fail(err, name);
    }
  }

  /**
   * Read-modify-write for subresources (binding, scale): `mutate` returns the next object.
   * `wholeObject`: spec and status changes are both kept (binding sets nodeName and a condition).
   */
  async guaranteedUpdate(
    namespace: string | undefined,
    name: string,
    mutate: (current: KubeObject) => KubeObject,
    opts: WriteOptions,
    wholeObject = false,
  ): Promise<KubeObject> {
    const key = this.key(namespace, name);
    const build = async (current: KubeObject, txn: WriteTxn) => {
      const next = mutate(clone(current));
      next.metadata.resourceVersion = current.metadata.resourceVersion;
      return this.prepareUpdate(current, next, opts, wholeObject ? 'whole' : undefined, txn, false);
    };
    return (await this.runUpdate(key, name, opts, build)).object;
  }

  private shouldDeleteNow(obj: KubeObject): boolean {
    const m = obj.metadata;
    if (!m.deletionTimestamp || (m.finalizers?.length ?? 0) > 0 || (m.deletionGracePeriodSeconds ?? 0) !== 0) return false;
    return (this.strategy.pendingFinalizers?.(obj) ?? 0) === 0;
  }

  private async deleteIfFinalized(key: string, stored: KubeObject): Promise<KubeObject> {
    if (!this.shouldDeleteNow(stored)) return stored;
    try {
      const gone = await this.ctx.store.delete(key, {
        preconditions: { uid: stored.metadata.uid, resourceVersion: stored.metadata.resourceVersion },
      });
      await this.strategy.afterDelete?.(gone, this.ctx);
      return gone;
    } catch (err) {
      if (err instanceof StorageError && (err.code === 'KeyNotFound' || err.code === 'Conflict')) return stored;
      throw err;
    }
  }

  // ---- delete ------------------------------------------------------------------

  async delete(namespace: string | undefined, name: string, options: DeleteOptionsBody, opts: WriteOptions): Promise<DeleteResult> {
    const key = this.key(namespace, name);
    for (let attempt = 1; ; attempt++)
      try {
        const current = await this.ctx.store.get(key);
        if (!current) throw notFound(this.q, name);
        this.checkPreconditions(current, options);
        await this.ctx.admission.admit(this.attributes('DELETE', name, opts.dryRun, { namespace, oldObject: current }));
        const grace = this.strategy.gracePeriodSeconds(current, options);
        const addFinalizers = gcFinalizers(options).filter((f) => !(current.metadata.finalizers ?? []).includes(f));
        const pending =
          (current.metadata.finalizers?.length ?? 0) + addFinalizers.length + (this.strategy.pendingFinalizers?.(current) ?? 0);
        if (grace === 0 && pending === 0) {
          if (opts.dryRun) return { object: current, gone: true };
          let gone: KubeObject;
          try {
            // Pinned to the state just judged: a concurrent write (a new finalizer) re-runs the decision.
            gone = await this.ctx.store.delete(key, {
              preconditions: { uid: current.metadata.uid, resourceVersion: current.metadata.resourceVersion },
            });
          } catch (err) {
            if (err instanceof StorageError && err.code === 'Conflict' && attempt < 5) continue;
            throw err;
          }
          await this.strategy.afterDelete?.(gone, this.ctx);
          return { object: gone, gone: true };
        }
        const mark = (obj: KubeObject): KubeObject => {
          const m = obj.metadata;
          const nowMs = this.ctx.clock.now();
          const already = !!m.deletionTimestamp;
          const shorter = already && grace < (m.deletionGracePeriodSeconds ?? 0);
          if (!already || shorter) {
            m.deletionTimestamp = rfc3339(nowMs + grace * 1000);
            m.deletionGracePeriodSeconds = grace;
            if (this.strategy.tracksGeneration && !already) m.generation = (m.generation ?? 0) + 1;
          }
          if (addFinalizers.length) m.finalizers = [...(m.finalizers ?? []), ...addFinalizers];
          this.strategy.prepareForDelete?.(obj);
          return obj;
        };
        if (opts.dryRun) return { object: mark(clone(current)), gone: false };
        const stored = await this.ctx.store.guaranteedUpdate(key, (cur) => {
          this.checkPreconditions(cur, options);
          return mark(clone(cur));
        });
        const after = await this.deleteIfFinalized(key, stored);
        return { object: after, gone: after !== stored };
      } catch (err) {
        throw this.fail(err, name);
      }
  }

  private checkPreconditions(current: KubeObject, options: DeleteOptionsBody): void {
    const p = options.preconditions;
    const name = current.metadata.name!;
    if (p?.uid && p.uid !== current.metadata.uid) {
      throw conflict(this.q, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid ?? ''}`);
    }
    if (p?.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(
        this.q,
        name,
        `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
  }

  /** Deletes every selected object; answers the list of them as they were left. */
  async deleteCollection(
    namespace: string | undefined,
    sel: Selection,
    options: DeleteOptionsBody,
    opts: WriteOptions,
  ): Promise<{ items: KubeObject[]; revision: number }> {
    const { items } = await this.list(namespace, sel);
    const out: KubeObject[] = [];
    for (const item of items) {
      try {
        out.push((await this.delete(item.metadata.namespace, item.metadata.name!, { ...options, preconditions: undefined }, opts)).object);
      } catch (err) {
        if (err instanceof ApiError && err.code === 404) continue;
        throw err;
      }
    }
    let revision = 0;
    try {
      revision = await this.ctx.store.currentRevision();
    } catch (err) {
      throw this.fail(err);
    }
    return { items: out, revision };
  }
}

/**
 * A patch may not move an object (kube's patcher checks the name and namespace against the URL: 400)
 * nor change its uid (ValidateObjectMetaUpdate: 422 "field is immutable").
 */
function checkPatchedIdentity(r: ResourceInfo, current: KubeObject, next: KubeObject, name: string): void {
  const m = next.metadata;
  if (m.name !== name) throw badRequest(`the name of the object (${m.name ?? ''}) does not match the name on the URL (${name})`);
  const ns = current.metadata.namespace;
  if (r.namespaced && m.namespace !== undefined && m.namespace !== ns) {
    throw badRequest(`the namespace of the object (${m.namespace}) does not match the namespace on the URL (${ns ?? ''})`);
  }
  if (m.uid !== undefined && m.uid !== current.metadata.uid) {
    throw invalid(r.kind, r.group, name, [
      { reason: 'FieldValueInvalid', field: 'metadata.uid', message: `Invalid value: ${JSON.stringify(m.uid)}: field is immutable` },
    ]);
  }
}
