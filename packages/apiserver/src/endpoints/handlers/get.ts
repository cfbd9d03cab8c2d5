/**
 * GET of one object (and of a subresource that is a view of it, `status`): without
 * resourceVersion a linearizable read of the store (as kube-apiserver reads etcd); with one, from
 * the watch cache ("0" any, N not older than N, resourceVersionMatch=Exact at exactly N). A
 * resource served through a conversion is read through its converting view.
 */
import type { KubeObject } from '@kemu/api';
import { parseGetOptions } from '../../cache/read-options.js';
import { respondObject } from '../responses.js';
import type { RequestScope, ResourceHandler } from '../scope.js';

async function readStoredObject(s: RequestScope): Promise<KubeObject> {
  const { store, info } = s;
  if (s.converted) return store.get(info.namespace, info.name!);
  const o = parseGetOptions(s.query);
  if (o.resourceVersion === '') return store.get(info.namespace, info.name!);
  return s.deps.cacher.get(store.r, info.namespace, info.name!, o);
}

export const getHandler: ResourceHandler = async (s) => respondObject(s, 200, await readStoredObject(s));
