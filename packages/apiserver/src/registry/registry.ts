/**
 * The served resources and one ResourceStore per served group/version/resource: the static
 * RESOURCES registry plus the custom resources the CRD controller serves while their
 * CustomResourceDefinition exists. Resources stored in another version or group get a
 * converting view of the store (see conversions.ts).
 */
import { RESOURCES, type ResourceInfo } from '@kemu/api';
import type { RegistryContext } from './context.js';
import { ConvertingStore } from './converting-store.js';
import { conversionFor } from './conversions.js';
import { ResourceStore } from './resource-store.js';
import type { Store } from '@kemu/storage';

const gvr = (group: string, version: string, resource: string) => `${group}/${version}/${resource}`;
/** Aggregated APIs are listed after every other group, custom ones included (kubectl resolves names in order). */
const AGGREGATED_GROUPS = new Set(['metrics.k8s.io']);

export class Registry {
  /** By group/version/resource. */
  private readonly stores = new Map<string, ResourceStore>();
  /** By group/resource: the preferred (first registered) version. */
  private readonly preferred = new Map<string, ResourceStore>();
  /** The converting store views, by group/version/resource. */
  private readonly views = new Map<string, Store>();
  private custom: ResourceInfo[] = [];
  private served: readonly ResourceInfo[] = [];
  private changes = 0;

  constructor(readonly ctx: RegistryContext) {
    for (const r of RESOURCES) this.add(r);
    this.recompute();
  }

  private add(r: ResourceInfo): void {
    const conv = conversionFor(r);
    const view = conv ? new ConvertingStore(this.ctx.store, conv) : undefined;
    const store = new ResourceStore(r, view ? { ...this.ctx, store: view } : this.ctx);
    this.stores.set(gvr(r.group, r.version, r.resource), store);
    if (view) this.views.set(gvr(r.group, r.version, r.resource), view);
    else this.views.delete(gvr(r.group, r.version, r.resource));
    if (!this.preferred.has(`${r.group}/${r.resource}`)) this.preferred.set(`${r.group}/${r.resource}`, store);
  }

  private recompute(): void {
    const builtin = RESOURCES.filter((r) => !AGGREGATED_GROUPS.has(r.group));
    const aggregated = RESOURCES.filter((r) => AGGREGATED_GROUPS.has(r.group));
    this.served = [...builtin, ...this.custom, ...aggregated];
    this.changes++;
  }

  /** Every served resource in discovery order: built-in groups, custom resources, aggregated APIs. */
  resources(): readonly ResourceInfo[] {
    return this.served;
  }

  /** Bumped whenever the set of served resources changes (discovery and OpenAPI caches key on it). */
  get generation(): number {
    return this.changes;
  }

  /** The served resource of a group version, or undefined. */
  resourceFor(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.stores.get(gvr(group, version, resource))?.r;
  }

  /** The converting view of the store a resource is read through, or undefined when it is read as stored. */
  convertedStore(r: Pick<ResourceInfo, 'group' | 'version' | 'resource'>): Store | undefined {
    return this.views.get(gvr(r.group, r.version, r.resource));
  }

  get(r: Pick<ResourceInfo, 'group' | 'resource'> & { version?: string }): ResourceStore {
    if (r.version !== undefined) {
      const s = this.stores.get(gvr(r.group, r.version, r.resource));
      if (s) return s;
    }
    return this.byName(r.group, r.resource);
  }

  byName(group: string, resource: string): ResourceStore {
    const s = this.preferred.get(`${group}/${resource}`);
    if (!s) throw new Error(`no storage for ${group}/${resource}`);
    return s;
  }

  /**
   * Serves the versions of one custom resource (group/resource), replacing whatever was served
   * for it before. The first of `versions` is the preferred one.
   */
  serveCustom(group: string, resource: string, versions: ResourceInfo[]): void {
    this.dropCustom(group, resource);
    for (const r of versions) this.add(r);
    this.custom = [...this.custom, ...versions];
    this.recompute();
  }

  /** Stops serving a custom resource; its stored objects are the caller's to remove. */
  unserveCustom(group: string, resource: string): void {
    if (!this.custom.some((r) => r.group === group && r.resource === resource)) return;
    this.dropCustom(group, resource);
    this.recompute();
  }

  private dropCustom(group: string, resource: string): void {
    for (const r of this.custom) {
      if (r.group !== group || r.resource !== resource) continue;
      this.stores.delete(gvr(r.group, r.version, r.resource));
      this.views.delete(gvr(r.group, r.version, r.resource));
    }
    this.preferred.delete(`${group}/${resource}`);
    this.custom = this.custom.filter((r) => !(r.group === group && r.resource === resource));
  }
}
