/** Work-queue keys naming an object of any monitored resource: `replicasets.apps|default/web-5d8f`. */
import type { KubeObject, ResourceInfo } from '@kemu/api';
import { objectKey } from '@kemu/api';

export function resourceId(r: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function itemKey(r: ResourceInfo, obj: KubeObject): string {
  return `${resourceId(r)}|${objectKey(obj)}`;
}

/** Splits an itemKey into the resource id and the informer key. */
export function parseItemKey(key: string): { resource: string; objectKey: string } {
  const i = key.indexOf('|');
  return i < 0 ? { resource: '', objectKey: key } : { resource: key.slice(0, i), objectKey: key.slice(i + 1) };
}
