/** Which schema validates which kind, and the group/version/kind each top-level schema publishes. */
import { z } from 'zod';
import { apiVersionOf, type ResourceInfo } from '../resources.js';
import type { GroupVersionKind } from './common.js';
import * as core from './core-v1.js';
import * as apps from './apps-v1.js';
import * as coordination from './coordination-v1.js';
import * as discovery from './discovery-v1.js';
import * as storage from './core-v1-storage.js';
import * as batch from './batch-v1.js';
import * as autoscaling from './autoscaling.js';
import * as pn from './policy-networking-v1.js';
import * as ea from './events-apiextensions-v1.js';

export interface KindSchema {
  gvk: GroupVersionKind;
  /** The OpenAPI component name, `io.k8s.api.apps.v1.Deployment`. */
  id: string;
  schema: z.ZodType;
}

function entry(group: string, version: string, kind: string, pkg: string, schema: z.ZodType, id = `io.k8s.api.${pkg}.${version}.${kind}`): KindSchema {
  return { gvk: { group, version, kind }, id, schema };
}

/** Top-level kinds, in the order of the resource registry. */
export const KIND_SCHEMAS: readonly KindSchema[] = [
  entry('', 'v1', 'Namespace', 'core', core.namespace),
  entry('', 'v1', 'Node', 'core', core.node),
  entry('', 'v1', 'Pod', 'core', core.pod),
  entry('', 'v1', 'Binding', 'core', core.binding),
  entry('', 'v1', 'Service', 'core', core.service),
  entry('', 'v1', 'Endpoints', 'core', core.endpoints),
  entry('', 'v1', 'Event', 'core', core.event),
  entry('', 'v1', 'ReplicationController', 'core', core.replicationController),
  entry('', 'v1', 'ConfigMap', 'core', core.configMap),
  entry('', 'v1', 'Secret', 'core', core.secret),
  entry('', 'v1', 'ServiceAccount', 'core', core.serviceAccount),
  entry('', 'v1', 'PersistentVolume', 'core', storage.persistentVolume),
  entry('', 'v1', 'PersistentVolumeClaim', 'core', storage.persistentVolumeClaim),
  entry('', 'v1', 'ResourceQuota', 'core', storage.resourceQuota),
  entry('', 'v1', 'LimitRange', 'core', storage.limitRange),
  entry('apps', 'v1', 'Deployment', 'apps', apps.deployment),
  entry('apps', 'v1', 'ReplicaSet', 'apps', apps.replicaSet),
  entry('apps', 'v1', 'StatefulSet', 'apps', apps.statefulSet),
  entry('apps', 'v1', 'DaemonSet', 'apps', apps.daemonSet),
  entry('apps', 'v1', 'ControllerRevision', 'apps', apps.controllerRevision),
  entry('events.k8s.io', 'v1', 'Event', 'events', ea.eventV1),
  entry('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'autoscaling', autoscaling.horizontalPodAutoscalerV2),
  entry('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'autoscaling', autoscaling.horizontalPodAutoscalerV1),
  entry('batch', 'v1', 'Job', 'batch', batch.job),
  entry('batch', 'v1', 'CronJob', 'batch', batch.cronJob),
  entry('networking.k8s.io', 'v1', 'IngressClass', 'networking', pn.ingressClass),
  entry('networking.k8s.io', 'v1', 'Ingress', 'networking', pn.ingress),
  entry('policy', 'v1', 'PodDisruptionBudget', 'policy', pn.podDisruptionBudget),
  entry('storage.k8s.io', 'v1', 'StorageClass', 'storage', pn.storageClass),
  entry('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'apiextensions', ea.customResourceDefinition,
    'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition'),
  entry('scheduling.k8s.io', 'v1', 'PriorityClass', 'scheduling', pn.priorityClass),
  entry('coordination.k8s.io', 'v1', 'Lease', 'coordination', coordination.lease),
  entry('discovery.k8s.io', 'v1', 'EndpointSlice', 'discovery', discovery.endpointSlice),
];

const byGvk = new Map(KIND_SCHEMAS.map((k) => [`${k.gvk.group}/${k.gvk.version}/${k.gvk.kind}`, k]));

/** The schema of a resource's kind, or undefined for kinds kemu does not describe. */
export function kindSchemaFor(r: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): KindSchema | undefined {
  return byGvk.get(`${r.group}/${r.version}/${r.kind}`);
}

export function kindSchemasOf(group: string, version: string): KindSchema[] {
  return KIND_SCHEMAS.filter((k) => k.gvk.group === group && k.gvk.version === version);
}

export { apiVersionOf };

/**
 * The OpenAPI 3.0 flavoured JSON schema of a kind: `{ $ref, definitions }` with one definition per
 * named schema it reaches, keyed by Kubernetes' component names.
 */
export function openapiSchemaOf(k: KindSchema): { definitions: Record<string, Record<string, unknown>> } {
  const generated = z.toJSONSchema(k.schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any', reused: 'inline' }) as { definitions?: Record<string, Record<string, unknown>> };
  return { definitions: generated.definitions ?? {} };
}
