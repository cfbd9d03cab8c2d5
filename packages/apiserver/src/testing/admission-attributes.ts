/** Test helper: admission Attributes of a pod write, with a context that has only timings. */
import { R, timingsFor, type Pod } from '@kemu/api';
import type { RegistryContext } from '../registry/context.js';
import type { Attributes, Operation } from '../admission/interfaces.js';

export function podAttributes(
  operation: Operation,
  spec: Record<string, unknown>,
  oldSpec?: Record<string, unknown>,
  defaultTolerationSeconds = 300,
): Attributes {
  const meta = { name: 'p', namespace: 'default' };
  return {
    operation,
    resource: R.pods,
    name: 'p',
    namespace: 'default',
    dryRun: false,
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta }, spec } as unknown as Pod,
    oldObject: oldSpec ? ({ apiVersion: 'v1', kind: 'Pod', metadata: { ...meta }, spec: oldSpec } as unknown as Pod) : undefined,
    ctx: { timings: { ...timingsFor('realistic'), defaultTolerationSeconds } } as unknown as RegistryContext,
  };
}

export const specOf = (a: Attributes) => (a.object as Pod).spec as unknown as Record<string, unknown>;
