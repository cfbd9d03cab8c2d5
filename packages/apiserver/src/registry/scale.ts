/**
 * The `scale` subresource (autoscaling/v1 Scale) of Deployments, ReplicaSets and
 * ReplicationControllers: a view of spec.replicas, status.replicas and the selector.
 */
import { applyPatch, badRequest, conflict, formatLabelSelector, type KubeObject, type LabelSelector, type Scale } from '@kemu/api';
import type { WriteOptions } from './context.js';
import type { PatchType } from '@kemu/api';
import type { ResourceStore } from './resource-store.js';

function selectorString(obj: KubeObject): string {
  const sel = (obj.spec as { selector?: unknown } | undefined)?.selector;
  if (!sel || typeof sel !== 'object') return '';
  const ls: LabelSelector =
    'matchLabels' in sel || 'matchExpressions' in sel ? (sel as LabelSelector) : { matchLabels: sel as Record<string, string> };
  const s = formatLabelSelector(ls);
  return s === '<none>' ? '' : s;
}

export function scaleOf(obj: KubeObject): Scale {
  const spec = (obj.spec ?? {}) as { replicas?: number };
  const status = (obj.status ?? {}) as { replicas?: number };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: status.replicas ?? 0, selector: selectorString(obj) },
  };
}

function replicasOf(scale: unknown): number {
  const replicas = (scale as Scale | undefined)?.spec?.replicas;
  if (replicas === undefined || replicas === null) return 0;
  if (!Number.isInteger(replicas) || replicas < 0)
    throw badRequest(`spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
  return replicas;
}

async function setReplicas(
  store: ResourceStore,
  namespace: string | undefined,
  name: string,
  opts: WriteOptions,
  desired: (current: KubeObject) => { replicas: number; resourceVersion?: string },
): Promise<Scale> {
  const updated = await store.guaranteedUpdate(
    namespace,
    name,
    (current) => {
      const want = desired(current);
      if (want.resourceVersion && want.resourceVersion !== current.metadata.resourceVersion) throw conflict(store.q, name);
      current.spec = { ...((current.spec as object) ?? {}), replicas: want.replicas };
      return current;
    },
    opts,
  );
  return scaleOf(updated);
}

export async function updateScale(
  store: ResourceStore,
  namespace: string | undefined,
  name: string,
  body: KubeObject,
  opts: WriteOptions,
): Promise<Scale> {
  if (body.metadata?.name && body.metadata.name !== name) {
    throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
  }
  const replicas = replicasOf(body);
  return setReplicas(store, namespace, name, opts, () => ({ replicas, resourceVersion: body.metadata?.resourceVersion }));
}

export async function patchScale(
  store: ResourceStore,
  namespace: string | undefined,
  name: string,
  type: PatchType,
  patch: unknown,
  opts: WriteOptions,
): Promise<Scale> {
  return setReplicas(store, namespace, name, opts, (current) => {
    const scale = scaleOf(current);
    const next = applyPatch(type, scale, patch, store.r) as Scale;
    const rv = next.metadata?.resourceVersion;
    return { replicas: replicasOf(next), resourceVersion: rv !== scale.metadata.resourceVersion ? rv : undefined };
  });
}
