/**
 * Pod subresources that write: `binding` (the scheduler's assignment to a node). The
 * PodDisruptionBudget-aware `eviction` is in eviction.ts.
 */
import {
  badRequest,
  conflict,
  rfc3339,
  setCondition,
  successStatus,
  type Binding,
  type KubeObject,
  type Pod,
  type Status,
} from '@kemu/api';
import type { RegistryContext, WriteOptions } from './context.js';
import type { ResourceStore } from './resource-store.js';

/** Binds pod `name` to binding.target.name; 409 when it is already bound or being deleted. */
export async function bindPod(
  pods: ResourceStore,
  ctx: RegistryContext,
  namespace: string,
  name: string,
  body: KubeObject,
  opts: WriteOptions,
): Promise<Status> {
  const binding = body as Binding;
  const target = binding.target;
  if (!target || typeof target !== 'object' || !target.name) throw badRequest('Binding target.name is required');
  if (binding.metadata?.name && binding.metadata.name !== name) {
    throw badRequest(`the name of the object (${binding.metadata.name}) does not match the name on the URL (${name})`);
  }
  if (target.kind && target.kind !== 'Node') throw badRequest(`Binding target.kind must be Node, got ${target.kind}`);
  await pods.guaranteedUpdate(
    namespace,
    name,
    (current) => {
      const pod = current as Pod;
      if (binding.metadata?.uid && binding.metadata.uid !== pod.metadata.uid) {
        throw conflict(
          pods.q,
          name,
          `Precondition failed: UID in precondition: ${binding.metadata.uid}, UID in object meta: ${pod.metadata.uid}`,
        );
      }
      if (pod.metadata.deletionTimestamp) throw conflict(pods.q, name, `pod ${name} is being deleted, cannot be assigned to a host`);
      if (pod.spec.nodeName) throw conflict(pods.q, name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
      pod.spec.nodeName = target.name;
      const now = rfc3339(ctx.clock.now());
      pod.status = {
        ...(pod.status ?? {}),
        conditions: setCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, now),
      };
      return pod;
    },
    opts,
    true,
  );
  return { ...successStatus(), code: 201 };
}
