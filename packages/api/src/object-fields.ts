/**
 * The fields each kind can be selected on with `?fieldSelector=`, as kube-apiserver's
 * per-resource `GetAttrs` functions define them: metadata.name and metadata.namespace for every
 * resource, plus the getters of its kind descriptor.
 */
import { kindDescriptorOf } from './kinds/index.js';
import type { KubeObject } from './types.js';

/** The selectable fields of an object of `group/resource`. */
export function objectFields(group: string, resource: string, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '', 'metadata.namespace': obj.metadata?.namespace ?? '' };
  const getters = kindDescriptorOf(group, resource)?.fields;
  if (getters) for (const [name, get] of Object.entries(getters)) fields[name] = get(obj);
  return fields;
}

/** The field names a resource supports, for 400 on an unsupported field selector. */
export function supportedFields(group: string, resource: string): string[] {
  return ['metadata.name', 'metadata.namespace', ...Object.keys(kindDescriptorOf(group, resource)?.fields ?? {})];
}
