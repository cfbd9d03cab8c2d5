/** One ResourceStore per resource of the RESOURCES registry. */
import { RESOURCES, type ResourceInfo } from '@kemu/api';
import type { RegistryContext } from './context.js';
import { ResourceStore } from './resource-store.js';

export class Registry {
  private readonly stores = new Map<string, ResourceStore>();

  constructor(readonly ctx: RegistryContext) {
    for (const r of RESOURCES) this.stores.set(`${r.group}/${r.resource}`, new ResourceStore(r, ctx));
  }

  get(r: Pick<ResourceInfo, 'group' | 'resource'>): ResourceStore {
    return this.byName(r.group, r.resource);
  }

  byName(group: string, resource: string): ResourceStore {
    const s = this.stores.get(`${group}/${resource}`);
    if (!s) throw new Error(`no storage for ${group}/${resource}`);
    return s;
  }
}
