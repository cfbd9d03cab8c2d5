/**
 * The CRD controller of the apiserver (apiextensions-apiserver's establishing, naming and
 * finalizing controllers in one): it watches CustomResourceDefinitions in the store and keeps
 * the registry serving exactly their custom resources. A new or changed CRD is served at once
 * and marked NamesAccepted and Established; a CRD being deleted is marked Terminating, its
 * objects are deleted, then its cleanup finalizer is removed so the CRD goes; a CRD gone from
 * the store is no longer served. Every apiserver runs one; their writes converge.
 */
import type { Logger } from 'pino';
import { isObject, rfc3339, type Clock, type KubeObject } from '@kemu/api';
import { StorageError } from '@kemu/storage';
import type { Registry } from '../registry/registry.js';
import { defaultWriteOptions } from '../registry/context.js';
import { CLEANUP_FINALIZER, servedResourcesOf } from '../registry/custom-resources.js';
import { everything } from './selection.js';

type Obj = Record<string, any>;

interface Served {
  group: string;
  resource: string;
  fingerprint: string;
}

const RETRY_MS = 1000;

export class CrdController {
  private readonly served = new Map<string, Served>();
  private readonly retries = new Map<string, () => void>();
  private firstSync!: () => void;
  /** Resolves once the CRDs present at start are served. */
  readonly ready = new Promise<void>((resolve) => {
    this.firstSync = resolve;
  });

  constructor(
    private readonly registry: Registry,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  private get crds() {
    return this.registry.byName('apiextensions.k8s.io', 'customresourcedefinitions');
  }

  /** Lists and watches CRDs until signal aborts, starting over after any failure. */
  async run(signal: AbortSignal): Promise<void> {
    const store = this.registry.ctx.store;
    const prefix = this.crds.prefix(undefined);
    while (!signal.aborted) {
      try {
        const { items, revision } = await store.list(prefix);
        const present = new Set(items.map((o) => o.metadata.name!));
        for (const name of [...this.served.keys()]) if (!present.has(name)) await this.gone(name);
        for (const crd of items) await this.sync(crd, signal);
        this.firstSync();
        for await (const ev of store.watch({ fromRevision: revision, prefix, signal })) {
          if (ev.type === 'DELETED') await this.gone(ev.object.metadata.name!);
          else await this.sync(ev.object, signal);
        }
      } catch (err) {
        if (signal.aborted) break;
        this.log.warn({ err }, 'CRD watch failed; relisting');
        await this.clock.sleep(RETRY_MS, signal);
      }
    }
    for (const cancel of this.retries.values()) cancel();
  }

  private serve(crd: KubeObject): void {
    const name = crd.metadata.name!;
    const versions = servedResourcesOf(crd);
    const first = versions[0];
    const fingerprint = JSON.stringify(versions);
    const before = this.served.get(name);
    if (before && before.fingerprint === fingerprint) return;
    if (before) this.registry.unserveCustom(before.group, before.resource);
    if (!first) {
      this.served.delete(name);
      return;
    }
    this.registry.serveCustom(first.group, first.resource, versions);
    this.served.set(name, { group: first.group, resource: first.resource, fingerprint });
    this.log.info({ crd: name, versions: versions.map((v) => v.version) }, 'serving custom resource');
  }

  private async gone(name: string): Promise<void> {
    const s = this.served.get(name);
    if (!s) return;
    this.registry.unserveCustom(s.group, s.resource);
    this.served.delete(name);
    this.log.info({ crd: name }, 'custom resource no longer served');
  }

  private async sync(crd: KubeObject, signal: AbortSignal): Promise<void> {
    const name = crd.metadata.name!;
    this.retries.get(name)?.();
    this.retries.delete(name);
    try {
      try {
        this.serve(crd);
      } catch (err) {
        // A CRD that cannot be served can still be deleted: its finalizer is removed all the same.
        if (!crd.metadata.deletionTimestamp) throw err;
        this.log.warn({ err, crd: name }, 'CRD cannot be served; finalizing it anyway');
      }
      if (crd.metadata.deletionTimestamp) await this.finalize(crd);
      else await this.establish(crd);
    } catch (err) {
      if (signal.aborted) return;
      this.log.warn({ err, crd: name }, 'CRD sync failed; retrying');
      this.retries.set(
        name,
        this.clock.setTimeout(() => {
          this.retries.delete(name);
          void this.crds.get(undefined, name).then(
            (c) => this.sync(c, signal),
            () => undefined,
          );
        }, RETRY_MS),
      );
    }
  }

  /** NamesAccepted and Established conditions, acceptedNames = spec.names. */
  private async establish(crd: KubeObject): Promise<void> {
    const spec: Obj = isObject(crd.spec) ? crd.spec : {};
    const status: Obj = isObject(crd.status) ? crd.status : {};
    const wanted = [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ];
    const conditions: Obj[] = Array.isArray(status.conditions) ? status.conditions : [];
    const done =
      wanted.every((w) => conditions.some((c) => c.type === w.type && c.status === w.status)) &&
      JSON.stringify(status.acceptedNames) === JSON.stringify(spec.names);
    if (done) return;
    await this.updateStatus(crd.metadata.name!, (s) => {
      s.acceptedNames = spec.names;
      s.conditions = mergeConditions(s.conditions, wanted, rfc3339(this.clock.now()));
    });
  }

  /** Deletes every object of the CRD, then removes the cleanup finalizer. */
  private async finalize(crd: KubeObject): Promise<void> {
    const name = crd.metadata.name!;
    if (!(crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) return;
    const now = rfc3339(this.clock.now());
    await this.updateStatus(name, (s) => {
      s.conditions = mergeConditions(
        s.conditions,
        [
          { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' },
          { type: 'Established', status: 'False', reason: 'Terminating', message: 'the CustomResourceDefinition is being deleted' },
        ],
        now,
      );
    });
    const remaining = await this.deleteObjects(crd);
    if (remaining > 0) throw new Error(`${remaining} objects of ${name} still being deleted`);
    await this.crds.guaranteedUpdate(
      undefined,
      name,
      (cur) => {
        cur.metadata.finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
        return cur;
      },
      defaultWriteOptions(),
      true,
    );
  }

  private async deleteObjects(crd: KubeObject): Promise<number> {
    let versions: ReturnType<typeof servedResourcesOf>;
    try {
      versions = servedResourcesOf(crd);
    } catch (err) {
      this.log.warn({ err, crd: crd.metadata.name }, 'CRD resources unknown; its objects are left in storage');
      return 0;
    }
    if (versions.length === 0) return 0;
    const store = this.registry.get(versions[0]);
    const { items } = await store.list(undefined, everything());
    for (const o of items) {
      try {
        await store.delete(o.metadata.namespace, o.metadata.name!, {}, defaultWriteOptions());
      } catch (err) {
        if (!(err instanceof StorageError && err.code === 'KeyNotFound') && (err as { code?: number }).code !== 404) throw err;
      }
    }
    return (await store.list(undefined, everything())).items.length;
  }

  private async updateStatus(name: string, mutate: (status: Obj) => void): Promise<void> {
    await this.crds.guaranteedUpdate(
      undefined,
      name,
      (cur) => {
        const status: Obj = isObject(cur.status) ? cur.status : {};
        mutate(status);
        cur.status = status;
        return cur;
      },
      defaultWriteOptions(),
      true,
    );
  }
}

function mergeConditions(existing: unknown, wanted: Obj[], now: string): Obj[] {
  const out: Obj[] = Array.isArray(existing) ? existing.filter(isObject).map((c) => ({ ...c })) : [];
  for (const w of wanted) {
    const cur = out.find((c) => c.type === w.type);
    if (!cur) out.push({ ...w, lastTransitionTime: now });
    else {
      if (cur.status !== w.status) cur.lastTransitionTime = now;
      Object.assign(cur, w);
    }
  }
  return out;
}
