/**
 * FakeClient: an in-memory Client for controller tests (client-go's fake clientset + object
 * tracker). It behaves like a small apiserver — uid/resourceVersion/creationTimestamp/
 * generateName on create, optimistic concurrency, status subresource semantics, finalizers and
 * graceful pod deletion, namespace termination (spec.finalizers, the finalize subresource),
 * discovery (`serverResources`, the `resources` option), label/field selectors, watches resumable from a resourceVersion (410
 * after `compact()`), patches by the apiserver's own engine (@kemu/api's applyPatch: JSON, merge,
 * strategic merge and apply with managedFields) — and records every call in `actions` for tests
 * to assert.
 *
 * Objects handed out are copies: mutating them never changes the tracker.
 */
import {
  RESOURCES,
  alreadyExists,
  applyPatch,
  badRequest,
  conflict,
  deepEqual,
  everyField,
  everything,
  expired,
  invalid,
  kindFor,
  notFound,
  objectFields,
  parseFieldSelector,
  parseLabelSelector,
  realClock,
  resourceFor,
  rfc3339,
  setCondition,
  apiVersionOf,
  methodNotAllowed,
  type Clock,
  type FieldSelector,
  type KubeList,
  type KubeObject,
  type Namespace,
  type Pod,
  type ResourceInfo,
  type Selector,
  type WatchEvent,
  type WatchEventType,
} from '@kemu/api';
import { randomUUID } from 'node:crypto';
import type { Client, DeleteOptions, ListOptions, PatchType, WatchOptions, WriteOptions } from '@kemu/client';

export type FakeVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

export interface FakeAction {
  verb: FakeVerb;
  /** Plural resource name, e.g. `pods`. */
  resource: string;
  group: string;
  namespace: string | undefined;
  name?: string;
  subresource?: string;
  /** The body of create/update/createSubresource. */
  object?: unknown;
  patch?: unknown;
  patchType?: PatchType;
  /** List/watch/delete options. */
  options?: unknown;
}

/**
 * Runs before the tracker. Return `{ handled: true, result }` to answer, `{ handled: true, error }`
 * to fail, or undefined to fall through.
 */
export type Reactor = (action: FakeAction) => { handled: boolean; result?: unknown; error?: unknown } | undefined | void;

export interface FakeClientOptions {
  clock?: Clock;
  /** What `serverResources()` answers; default @kemu/api's RESOURCES. */
  resources?: readonly ResourceInfo[];
}

interface HistoryEntry {
  rkey: string;
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  obj: KubeObject;
  prev?: KubeObject;
}

interface Watcher {
  rkey: string;
  namespace?: string;
  labels: Selector;
  fields: FieldSelector;
  r: ResourceInfo;
  push(ev: WatchEvent<KubeObject>): void;
  end(): void;
}

const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

export class FakeClient implements Client {
  /** Every call, in order. */
  readonly actions: FakeAction[] = [];
  private readonly clock: Clock;
  private readonly resources: readonly ResourceInfo[];
  private readonly reactors: { verb: string; resource: string; fn: Reactor }[] = [];
  /** group/resource → key → object (stored with resourceVersion). */
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();
  private rv = 1;
  private compacted = 0;

  constructor(objects: KubeObject[] = [], opts: FakeClientOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.resources = opts.resources ?? RESOURCES;
    for (const o of objects) this.add(o);
  }

  // ---- test helpers ------------------------------------------------------------------

  /** Adds (or replaces) an object without recording an action; watchers see it. */
  add(obj: KubeObject, r?: ResourceInfo): KubeObject {
    const res = r ?? this.resourceOf(obj);
    const o = structuredClone(obj);
    o.apiVersion ??= apiVersionOf(res);
    o.kind ??= res.kind;
    if (res.namespaced) o.metadata.namespace ??= 'default';
    o.metadata.uid ??= randomUUID();
    o.metadata.creationTimestamp ??= rfc3339(this.clock.now());
    const prev = this.table(res).get(this.key(res, o.metadata.namespace, o.metadata.name!));
    this.store(res, prev ? 'MODIFIED' : 'ADDED', o, prev);
    return structuredClone(o);
  }

  /** Runs `fn` before the tracker for matching calls; `'*'` matches any verb or resource. */
  prependReactor(verb: FakeVerb | '*', resource: string | '*', fn: Reactor): void {
    this.reactors.unshift({ verb, resource, fn });
  }

  clearActions(): void {
    this.actions.length = 0;
  }

  /** Actions other than get/list/watch (what a controller changed). */
  writes(): FakeAction[] {
    return this.actions.filter((a) => a.verb !== 'get' && a.verb !== 'list' && a.verb !== 'watch');
  }

  /** The stored object, or undefined; no action recorded. */
  tracked<T extends KubeObject>(r: ResourceInfo, namespace: string | undefined, name: string): T | undefined {
    const o = this.table(r).get(this.key(r, namespace, name));
    return o ? (structuredClone(o) as T) : undefined;
  }

  /** Every stored object of r; no action recorded. */
  trackedList<T extends KubeObject>(r: ResourceInfo): T[] {
    return [...this.table(r).values()].map((o) => structuredClone(o) as T);
  }

  /** The current resourceVersion. */
  currentResourceVersion(): string {
    return String(this.rv);
  }

  /** Forgets history: watches from an older resourceVersion get a 410 ERROR event. */
  compact(): void {
    this.compacted = this.rv;
    this.history.length = 0;
  }

  /** Ends every open watch (as an apiserver restart or watch timeout would). */
  closeWatches(): void {
    for (const w of [...this.watchers]) w.end();
  }

  /** Sends a 410 Expired ERROR event on every open watch, then ends them; compacts history. */
  expireWatches(): void {
    this.compact();
    for (const w of [...this.watchers]) {
      w.push({ type: 'ERROR', object: expired('too old resource version').status as unknown as KubeObject });
      w.end();
    }
  }

  /** Number of open watches (for tests that wait for an informer to be watching). */
  watchCount(): number {
    return this.watchers.size;
  }

  // ---- Client ------------------------------------------------------------------------

  async get<T extends KubeObject>(r: ResourceInfo, namespace: string | undefined, name: string): Promise<T> {
    return this.act<T>({ verb: 'get', ...this.ids(r, namespace, name) }, () => {
      const o = this.table(r).get(this.key(r, namespace, name));
      if (!o) throw notFound(r, name);
      return structuredClone(o) as T;
    });
  }

  async list<T extends KubeObject>(r: ResourceInfo, opts: ListOptions = {}): Promise<KubeList<T>> {
    return this.act<KubeList<T>>({ verb: 'list', ...this.ids(r, opts.namespace), options: opts }, () => {
      const { labels, fields } = selectors(opts);
      const items = [...this.table(r).values()]
        .filter((o) => matches(r, o, opts.namespace, labels, fields))
        .map((o) => structuredClone(o) as T);
      return { apiVersion: apiVersionOf(r), kind: r.listKind, metadata: { resourceVersion: String(this.rv) }, items };
    });
  }

  async create<T extends KubeObject>(r: ResourceInfo, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T> {
    return this.act<T>(
      {
        verb: 'create',
        ...this.ids(r, namespace ?? obj.metadata?.namespace, obj.metadata?.name),
        object: structuredClone(obj),
        options: opts,
      },
      () => {
        const o = structuredClone(obj) as KubeObject;
        o.metadata ??= {};
        if (r.namespaced) {
          const ns = namespace ?? o.metadata.namespace ?? 'default';
          if (o.metadata.namespace && o.metadata.namespace !== ns)
            throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
          o.metadata.namespace = ns;
        } else {
          delete o.metadata.namespace;
        }
        if (!o.metadata.name) {
          if (!o.metadata.generateName)
            throw invalid(r.kind, r.group, '', [
              { field: 'metadata.name', message: 'name or generateName is required', reason: 'FieldValueRequired' },
            ]);
          o.metadata.name =
            o.metadata.generateName +
            Array.from({ length: 5 }, () => GENERATE_CHARS[Math.floor(Math.random() * GENERATE_CHARS.length)]).join('');
        }
        if (this.table(r).has(this.key(r, o.metadata.namespace, o.metadata.name))) throw alreadyExists(r, o.metadata.name);
        this.prepareForCreate(r, o);
        if (opts?.dryRun) return o as T;
        return structuredClone(this.store(r, 'ADDED', o)) as T;
      },
    );
  }

  async update<T extends KubeObject>(r: ResourceInfo, obj: T, opts?: WriteOptions): Promise<T> {
    const { namespace, name } = obj.metadata;
    return this.act<T>(
      { verb: 'update', ...this.ids(r, namespace, name), object: structuredClone(obj), options: opts },
      () =>
        this.write(
          r,
          namespace,
          name!,
          obj.metadata.resourceVersion,
          (cur) => {
            const next = structuredClone(obj) as KubeObject;
            if (hasStatus(r) && 'status' in cur) next.status = structuredClone(cur.status);
            else if (hasStatus(r)) delete next.status;
            return next;
          },
          opts?.dryRun,
        ) as T,
    );
  }

  async updateStatus<T extends KubeObject>(r: ResourceInfo, obj: T): Promise<T> {
    const { namespace, name } = obj.metadata;
    return this.act<T>(
      { verb: 'update', ...this.ids(r, namespace, name), subresource: 'status', object: structuredClone(obj) },
      () =>
        this.write(r, namespace, name!, obj.metadata.resourceVersion, (cur) => ({
          ...structuredClone(cur),
          status: structuredClone(obj.status),
        })) as T,
    );
  }

  async updateSubresource<T extends KubeObject>(r: ResourceInfo, obj: T, subresource: string): Promise<T> {
    if (subresource === 'status') return this.updateStatus(r, obj);
    const { namespace, name } = obj.metadata;
    return this.act<T>({ verb: 'update', ...this.ids(r, namespace, name), subresource, object: structuredClone(obj) }, () => {
      if (!isNamespaces(r) || subresource !== 'finalize') throw methodNotAllowed();
      return this.write(r, namespace, name!, obj.metadata.resourceVersion, (cur) => ({
        ...structuredClone(cur),
        spec: { ...(cur as Namespace).spec, finalizers: [...((obj as Namespace).spec?.finalizers ?? [])] },
      })) as T;
    });
  }

  /** Recorded as a `get` of resource `discovery`, so reactors can fail it. */
  async serverResources(): Promise<ResourceInfo[]> {
    return this.act<ResourceInfo[]>({ verb: 'get', resource: 'discovery', group: '', namespace: undefined }, () =>
      structuredClone([...this.resources]),
    );
  }

  async patch<T extends KubeObject>(
    r: ResourceInfo,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    opts?: WriteOptions & { subresource?: string },
  ): Promise<T> {
    return this.act<T>(
      {
        verb: 'patch',
        ...this.ids(r, namespace, name),
        subresource: opts?.subresource,
        patch: structuredClone(patch),
        patchType: type,
        options: opts,
      },
      () => {
        const existing = this.table(r).get(this.key(r, namespace, name));
        const applyOptions = opts?.fieldManager ? { fieldManager: opts.fieldManager, force: opts.force } : undefined;
        if (!existing) {
          if (type !== 'apply' || opts?.subresource) throw notFound(r, name);
          const o = applyPatch('apply', { metadata: {} }, patch, r, applyOptions);
          if (o.metadata.name && o.metadata.name !== name)
            throw badRequest(`the name of the object (${o.metadata.name}) does not match the name on the URL (${name})`);
          o.metadata = { ...o.metadata, name, namespace: r.namespaced ? namespace : undefined };
          return this.createNow(r, o) as T;
        }
        return this.write(
          r,
          namespace,
          name,
          undefined,
          (cur) => {
            const next = applyPatch(type, cur, patch, r, applyOptions);
            const precondition = next.metadata.resourceVersion;
            if (precondition && precondition !== cur.metadata.resourceVersion) throw conflict(r, name);
            if (opts?.subresource === 'status') return { ...structuredClone(cur), status: next.status };
            if (hasStatus(r)) {
              if ('status' in cur) next.status = structuredClone(cur.status);
              else delete next.status;
            }
            return next;
          },
          opts?.dryRun,
        ) as T;
      },
    );
  }

  async delete(r: ResourceInfo, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<void> {
    await this.act<void>({ verb: 'delete', ...this.ids(r, namespace, name), options: opts }, () => {
      this.deleteNow(r, namespace, name, opts);
    });
  }

  async createSubresource<T = unknown>(
    r: ResourceInfo,
    namespace: string | undefined,
    name: string,
    subresource: string,
    body: unknown,
  ): Promise<T> {
    return this.act<T>({ verb: 'create', ...this.ids(r, namespace, name), subresource, object: structuredClone(body) }, () => {
      if (r.resource === 'pods' && r.group === '' && subresource === 'binding') return this.bind(namespace, name, body) as T;
      if (r.resource === 'pods' && r.group === '' && subresource === 'eviction') {
        this.deleteNow(r, namespace, name, (body as { deleteOptions?: DeleteOptions } | undefined)?.deleteOptions);
        return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as T;
      }
      if (!this.table(r).has(this.key(r, namespace, name))) throw notFound(r, name);
      return structuredClone(body) as T;
    });
  }

  watch<T extends KubeObject>(r: ResourceInfo, opts: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent<T>> {
    const action: FakeAction = { verb: 'watch', ...this.ids(r, opts.namespace), options: opts };
    this.actions.push(action);
    const reacted = this.react(action);
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        if (reacted?.handled) {
          if (reacted.error) throw reacted.error;
          for (const ev of (reacted.result ?? []) as WatchEvent<T>[]) yield ev;
          return;
        }
        yield* self.openWatch<T>(r, opts, signal);
      },
    };
  }

  // ---- tracker -----------------------------------------------------------------------

  private async *openWatch<T extends KubeObject>(r: ResourceInfo, opts: WatchOptions, signal: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    if (signal.aborted) return;
    const { labels, fields } = selectors(opts);
    const rkey = rkeyOf(r);
    const buf: WatchEvent<KubeObject>[] = [];
    let ended = false;
    let wake: (() => void) | undefined;
    const watcher: Watcher = {
      rkey,
      namespace: opts.namespace,
      labels,
      fields,
      r,
      push: (ev) => {
        if (!ended) {
          buf.push(ev);
          wake?.();
        }
      },
      end: () => {
        ended = true;
        this.watchers.delete(watcher);
        wake?.();
      },
    };
    const from = opts.resourceVersion ?? '';
    if (from === '' || from === '0') {
      for (const o of this.table(r).values())
        if (matches(r, o, opts.namespace, labels, fields)) buf.push({ type: 'ADDED', object: structuredClone(o) });
    } else if (Number(from) < this.compacted || !Number.isFinite(Number(from))) {
      buf.push({ type: 'ERROR', object: expired(`too old resource version: ${from} (${this.compacted})`).status as unknown as KubeObject });
      ended = true;
    } else {
      for (const h of this.history)
        if (h.rkey === rkey && h.rv > Number(from)) {
          const ev = this.eventFor(watcher, h);
          if (ev) buf.push(ev);
        }
    }
    if (!ended) this.watchers.add(watcher);
    const onAbort = () => watcher.end();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        while (buf.length) {
          if (signal.aborted) return;
          yield buf.shift() as WatchEvent<T>;
        }
        if (ended || signal.aborted) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      watcher.end();
    }
  }

  /** What a watcher sees of a change, applying selector transitions as the apiserver does. */
  private eventFor(w: Watcher, h: HistoryEntry): WatchEvent<KubeObject> | undefined {
    const now = matches(w.r, h.obj, w.namespace, w.labels, w.fields);
    const before = h.prev ? matches(w.r, h.prev, w.namespace, w.labels, w.fields) : false;
    let type: WatchEventType | undefined;
    if (h.type === 'DELETED') type = now ? 'DELETED' : undefined;
    else if (now && before) type = 'MODIFIED';
    else if (now) type = 'ADDED';
    else if (before) type = 'DELETED';
    return type ? { type, object: structuredClone(h.obj) } : undefined;
  }

  /** Stores obj with a new resourceVersion and notifies watchers. */
  private store(r: ResourceInfo, type: HistoryEntry['type'], obj: KubeObject, prev?: KubeObject): KubeObject {
    const rv = ++this.rv;
    obj.metadata.resourceVersion = String(rv);
    const table = this.table(r);
    const key = this.key(r, obj.metadata.namespace, obj.metadata.name!);
    if (type === 'DELETED') table.delete(key);
    else table.set(key, obj);
    const h: HistoryEntry = { rkey: rkeyOf(r), rv, type, obj, prev };
    this.history.push(h);
    if (this.history.length > 10_000) this.history.splice(0, this.history.length - 10_000);
    for (const w of this.watchers) {
      if (w.rkey !== h.rkey) continue;
      const ev = this.eventFor(w, h);
      if (ev) w.push(ev);
    }
    return obj;
  }

  /** The server-set fields of a new object (create, and apply creating); mutates o. */
  private prepareForCreate(r: ResourceInfo, o: KubeObject): void {
    o.apiVersion = apiVersionOf(r);
    o.kind = r.kind;
    o.metadata.uid = randomUUID();
    o.metadata.creationTimestamp = rfc3339(this.clock.now());
    o.metadata.generation = 1;
    delete o.metadata.resourceVersion;
    delete o.metadata.deletionTimestamp;
    if (isNamespaces(r)) {
      const ns = o as Namespace;
      const fins = ns.spec?.finalizers ?? [];
      ns.spec = { ...ns.spec, finalizers: fins.includes('kubernetes') ? fins : [...fins, 'kubernetes'] };
      ns.status = { phase: 'Active' };
    }
  }

  private createNow(r: ResourceInfo, o: KubeObject): KubeObject {
    this.prepareForCreate(r, o);
    return structuredClone(this.store(r, 'ADDED', o));
  }

  /**
   * Read-modify-write with the apiserver's rules: resourceVersion precondition, identity fields
   * kept, generation bumped on spec changes, no-op writes skipped, and an object being deleted
   * that loses its last finalizer goes away.
   */
  private write(
    r: ResourceInfo,
    namespace: string | undefined,
    name: string,
    precondition: string | undefined,
    mutate: (cur: KubeObject) => KubeObject,
    dryRun?: boolean,
  ): KubeObject {
    const cur = this.table(r).get(this.key(r, namespace, name));
    if (!cur) throw notFound(r, name);
    if (precondition && precondition !== cur.metadata.resourceVersion) throw conflict(r, name);
    const next = mutate(structuredClone(cur));
    next.apiVersion = cur.apiVersion;
    next.kind = cur.kind;
    next.metadata = {
      ...next.metadata,
      name: cur.metadata.name,
      namespace: cur.metadata.namespace,
      uid: cur.metadata.uid,
      creationTimestamp: cur.metadata.creationTimestamp,
      resourceVersion: cur.metadata.resourceVersion,
      generation: cur.metadata.generation,
      deletionTimestamp: cur.metadata.deletionTimestamp,
      deletionGracePeriodSeconds: cur.metadata.deletionGracePeriodSeconds,
    };
    if (!r.namespaced) delete next.metadata.namespace;
    for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const)
      if (next.metadata[k] === undefined) delete next.metadata[k];
    // Only objects that track a generation (all created here do; seeded ones may not, as the apiserver's ConfigMaps).
    if (cur.metadata.generation !== undefined && !deepEqual(specOf(cur), specOf(next)))
      next.metadata.generation = cur.metadata.generation + 1;
    if (deepEqual(cur, next)) return structuredClone(cur);
    if (dryRun) return next;
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length && !pendingNamespaceFinalizers(r, next)) {
      return structuredClone(this.store(r, 'DELETED', next, cur));
    }
    return structuredClone(this.store(r, 'MODIFIED', next, cur));
  }

  private deleteNow(r: ResourceInfo, namespace: string | undefined, name: string, opts?: DeleteOptions): void {
    const cur = this.table(r).get(this.key(r, namespace, name));
    if (!cur) throw notFound(r, name);
    const pre = opts?.preconditions;
    if (pre?.uid && pre.uid !== cur.metadata.uid)
      throw conflict(r, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion)
      throw conflict(
        r,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`,
      );
    const now = this.clock.now();
    let grace = 0;
    if (r.group === '' && r.resource === 'pods') {
      const pod = cur as Pod;
      const terminal = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
      if (pod.spec?.nodeName && !terminal)
        grace = opts?.gracePeriodSeconds ?? pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
      if (pod.metadata.deletionGracePeriodSeconds !== undefined && opts?.gracePeriodSeconds === undefined)
        grace = Math.min(grace, pod.metadata.deletionGracePeriodSeconds);
    }
    const finalizers = (cur.metadata.finalizers?.length ?? 0) + pendingNamespaceFinalizers(r, cur);
    if (finalizers > 0 || grace > 0) {
      if (cur.metadata.deletionTimestamp && (cur.metadata.deletionGracePeriodSeconds ?? 0) <= grace) return;
      const next = structuredClone(cur);
      next.metadata.deletionTimestamp = rfc3339(now + grace * 1000);
      next.metadata.deletionGracePeriodSeconds = grace;
      if (isNamespaces(r)) (next as Namespace).status = { ...(next as Namespace).status, phase: 'Terminating' };
      this.store(r, 'MODIFIED', next, cur);
      return;
    }
    this.store(r, 'DELETED', structuredClone(cur), cur);
  }

  private bind(namespace: string | undefined, name: string, body: unknown): unknown {
    const pods = resourceFor('', 'pods')!;
    const target = (body as { target?: { name?: string } } | undefined)?.target?.name;
    if (!target) throw badRequest('binding target name is required');
    const cur = this.table(pods).get(this.key(pods, namespace, name)) as Pod | undefined;
    if (!cur) throw notFound(pods, name);
    if (cur.metadata.deletionTimestamp) throw conflict(pods, name, 'pod is being deleted, cannot be assigned to a host');
    if (cur.spec?.nodeName) throw conflict(pods, name, `pod ${name} is already assigned to node "${cur.spec.nodeName}"`);
    const next = structuredClone(cur);
    next.spec.nodeName = target;
    next.status = {
      ...next.status,
      conditions: setCondition(next.status?.conditions, { type: 'PodScheduled', status: 'True' }, rfc3339(this.clock.now())),
    };
    this.store(pods, 'MODIFIED', next, cur);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
  }

  // ---- plumbing ----------------------------------------------------------------------

  private act<T>(action: FakeAction, run: () => T): Promise<T> {
    this.actions.push(action);
    const reacted = this.react(action);
    if (reacted?.handled) {
      return reacted.error !== undefined ? Promise.reject(reacted.error) : Promise.resolve(reacted.result as T);
    }
    try {
      return Promise.resolve(run());
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private react(action: FakeAction) {
    for (const r of this.reactors) {
      if (
        (r.verb === '*' || r.verb === action.verb) &&
        (r.resource === '*' || r.resource === action.resource || r.resource === `${action.resource}/${action.subresource}`)
      ) {
        const out = r.fn(action);
        if (out?.handled) return out;
      }
    }
    return undefined;
  }

  private ids(r: ResourceInfo, namespace: string | undefined, name?: string) {
    return {
      resource: r.resource,
      group: r.group,
      namespace: r.namespaced ? namespace : undefined,
      ...(name !== undefined ? { name } : {}),
    };
  }

  private table(r: ResourceInfo): Map<string, KubeObject> {
    const k = rkeyOf(r);
    let t = this.objects.get(k);
    if (!t) this.objects.set(k, (t = new Map()));
    return t;
  }

  private key(r: ResourceInfo, namespace: string | undefined, name: string): string {
    return r.namespaced ? `${namespace ?? ''}/${name}` : name;
  }

  private resourceOf(obj: KubeObject): ResourceInfo {
    const r = obj.apiVersion && obj.kind ? kindFor(obj.apiVersion, obj.kind) : undefined;
    if (!r) throw new Error(`FakeClient: cannot tell the resource of ${obj.apiVersion}/${obj.kind}; pass it explicitly`);
    return r;
  }
}

function rkeyOf(r: ResourceInfo): string {
  return `${r.group}/${r.resource}`;
}

function isNamespaces(r: ResourceInfo): boolean {
  return r.group === '' && r.resource === 'namespaces';
}

/** A namespace stays (Terminating) until its spec.finalizers are gone. */
function pendingNamespaceFinalizers(r: ResourceInfo, o: KubeObject): number {
  return isNamespaces(r) ? ((o as Namespace).spec?.finalizers?.length ?? 0) : 0;
}

function hasStatus(r: ResourceInfo): boolean {
  return r.subresources.some((s) => s.name === 'status');
}

/** Everything but metadata and status: what bumps metadata.generation. */
function specOf(o: KubeObject): unknown {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
}

function selectors(opts: ListOptions): { labels: Selector; fields: FieldSelector } {
  try {
    return {
      labels: opts.labelSelector ? parseLabelSelector(opts.labelSelector) : everything,
      fields: opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : everyField,
    };
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

function matches(r: ResourceInfo, o: KubeObject, namespace: string | undefined, labels: Selector, fields: FieldSelector): boolean {
  if (r.namespaced && namespace && o.metadata.namespace !== namespace) return false;
  if (!labels.matches(o.metadata.labels)) return false;
  return fields.empty() || fields.matches(objectFields(r.group, r.resource, o));
}
