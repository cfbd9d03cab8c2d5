/**
 * NamespaceLifecycle (mutating phase, as in kube-apiserver): objects may only be created in a
 * namespace that exists and is not terminating (Events are let through so controllers can still
 * report on its deletion). A DELETE of a namespace makes the lister read that namespace live for
 * a while, so creates right after it see it terminating.
 */
import { R, forbidden, notFound, type Namespace } from '@kemu/api';
import { objectKey } from '@kemu/storage';
import { isCore, type AdmissionPlugin, type Attributes } from '../interfaces.js';

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

/** Namespaces that may never be deleted. */
export function isImmortalNamespace(name: string): boolean {
  return IMMORTAL.has(name);
}

async function admitCreate({ resource: r, object, ctx }: Attributes): Promise<void> {
  const obj = object!;
  const name = obj.metadata.namespace!;
  const ns =
    ctx.namespaces?.cachedActive(name) ?? ((await ctx.store.get(objectKey(R.namespaces, undefined, name))) as Namespace | undefined);
  if (!ns) throw notFound({ group: '', resource: 'namespaces' }, name);
  if (isCore(r, 'events')) return;
  if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
    throw forbidden(
      `${r.resource}${r.group ? '.' + r.group : ''} "${obj.metadata.name ?? obj.metadata.generateName ?? ''}" is forbidden: ` +
        `unable to create new content in namespace ${name} because it is being terminated`,
    );
  }
}

export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  handles(operation, r, subresource) {
    if (subresource !== undefined) return false;
    if (operation === 'CREATE') return r.namespaced;
    return operation === 'DELETE' && isCore(r, 'namespaces');
  },
  async admit(a) {
    if (a.operation === 'CREATE') return admitCreate(a);
    if (!a.dryRun) a.ctx.namespaces?.forceLiveLookup(a.name);
  },
};
