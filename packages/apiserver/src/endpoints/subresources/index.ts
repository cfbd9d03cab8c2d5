/**
 * Handlers registered by kind (kube-apiserver's per-kind REST storage): each kind's subresources,
 * and resources that are not served by the generic store (the legacy `bindings`). The route table
 * looks a path up by (group, resource, subresource): a kind's own registration first, then what
 * every custom resource declaring the subresource gets, then what every resource declaring it gets.
 * A new subresource is one file here and one registration line.
 */
import type { ResourceInfo } from '@kemu/api';
import type { VerbHandlers } from '../scope.js';
import { bindingHandlers, legacyBindingsHandlers } from './binding.js';
import { evictionHandlers } from './eviction.js';
import { finalizeHandlers } from './finalize.js';
import { logHandlers } from './log.js';
import { scaleHandlers } from './scale.js';
import { statusHandlers } from './status.js';

/** Collection handlers a kind registers in place of the generic ones, by `<group>/<resource>`. */
const COLLECTIONS = new Map<string, VerbHandlers>([['/bindings', legacyBindingsHandlers]]);

/** A kind's subresources, by `<group>/<resource>/<subresource>`. */
const BY_KIND = new Map<string, VerbHandlers>([
  ['/pods/binding', bindingHandlers],
  ['/pods/eviction', evictionHandlers],
  ['/pods/log', logHandlers],
  ['/namespaces/finalize', finalizeHandlers],
  ['/replicationcontrollers/scale', scaleHandlers],
  ['apps/deployments/scale', scaleHandlers],
  ['apps/replicasets/scale', scaleHandlers],
  ['apps/statefulsets/scale', scaleHandlers],
]);

/** Subresources every custom resource that declares them gets. */
const CUSTOM_RESOURCE = new Map<string, VerbHandlers>([['scale', scaleHandlers]]);

/** Subresources every resource that declares them gets. */
const ANY_RESOURCE = new Map<string, VerbHandlers>([['status', statusHandlers]]);

/** The handlers a kind registered for its collection path (replacing the generic ones), if any. */
export function collectionHandlers(r: ResourceInfo): VerbHandlers | undefined {
  return COLLECTIONS.get(`${r.group}/${r.resource}`);
}

/** The handlers of subresource `sub` of `r`, if anyone registered them. */
export function subresourceHandlers(r: ResourceInfo, sub: string): VerbHandlers | undefined {
  return BY_KIND.get(`${r.group}/${r.resource}/${sub}`) ?? (r.custom ? CUSTOM_RESOURCE.get(sub) : undefined) ?? ANY_RESOURCE.get(sub);
}
