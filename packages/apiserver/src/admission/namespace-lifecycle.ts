/**
 * NamespaceLifecycle: objects may only be created in a namespace that exists and is not
 * terminating (Events are let through so controllers can still report on its deletion).
 */
import { R, forbidden, notFound, type KubeObject, type Namespace, type ResourceInfo } from '@kemu/api';
import { objectKey } from '@kemu/storage';
import type { RegistryContext } from '../registry/context.js';

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

export async function admitNamespaceLifecycle(r: ResourceInfo, obj: KubeObject, ctx: RegistryContext): Promise<void> {
  if (!r.namespaced) return;
  const name = obj.metadata.namespace!;
  const ns = ctx.namespaces?.cachedActive(name) ?? await ctx.store.get(objectKey(R.namespaces, undefined, name)) as Namespace | undefined;
  if (!ns) {
    throw notFound({ group: '', resource: 'namespaces' }, name);
  }
  if (r.group === '' && r.resource === 'events') return;
  if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
    throw forbidden(`${r.resource}${r.group ? '.' + r.group : ''} "${obj.metadata.name ?? obj.metadata.generateName ?? ''}" is forbidden: unable to create new content in namespace ${name} because it is being terminated`);
  }
}

/** Namespaces that may never be deleted. */
export function isImmortalNamespace(name: string): boolean {
  return IMMORTAL.has(name);
}
