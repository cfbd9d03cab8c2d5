/**
 * Strategic merge patch metadata of the built-in kinds: for each struct, which fields are
 * structs (and of which type) and how lists merge — the `patchStrategy`/`patchMergeKey`
 * tags of k8s.io/api v0.32. Lists absent from this table have no strategy: they are replaced.
 */

export interface FieldMeta {
  /** Struct type of the value (or of the list elements). */
  type?: string;
  /** 'merge' merges lists (by mergeKey, or as a set of primitives); 'retainKeys' honours $retainKeys. */
  strategy?: 'merge' | 'retainKeys' | 'merge,retainKeys';
  mergeKey?: string;
}

type StructMeta = Record<string, FieldMeta>;

const meta: StructMeta = { metadata: { type: 'ObjectMeta' } };
const conditions: FieldMeta = { strategy: 'merge', mergeKey: 'type' };

export const STRUCTS: Record<string, StructMeta> = {
  ObjectMeta: {
    ownerReferences: { strategy: 'merge', mergeKey: 'uid' },
    finalizers: { strategy: 'merge' },
  },
  PodTemplateSpec: { ...meta, spec: { type: 'PodSpec' } },
  PodSpec: {
    volumes: { type: 'Volume', strategy: 'merge,retainKeys', mergeKey: 'name' },
    initContainers: { type: 'Container', strategy: 'merge', mergeKey: 'name' },
    containers: { type: 'Container', strategy: 'merge', mergeKey: 'name' },
    ephemeralContainers: { type: 'Container', strategy: 'merge', mergeKey: 'name' },
    imagePullSecrets: { strategy: 'merge', mergeKey: 'name' },
    hostAliases: { strategy: 'merge', mergeKey: 'ip' },
    topologySpreadConstraints: { strategy: 'merge', mergeKey: 'topologyKey' },
    schedulingGates: { strategy: 'merge', mergeKey: 'name' },
    resourceClaims: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  },
  Container: {
    ports: { strategy: 'merge', mergeKey: 'containerPort' },
    env: { strategy: 'merge', mergeKey: 'name' },
    volumeMounts: { strategy: 'merge', mergeKey: 'mountPath' },
    volumeDevices: { strategy: 'merge', mergeKey: 'devicePath' },
  },
  Volume: {},
  PodStatus: {
    conditions,
    podIPs: { strategy: 'merge', mergeKey: 'ip' },
    hostIPs: { strategy: 'merge', mergeKey: 'ip' },
  },
  Pod: { ...meta, spec: { type: 'PodSpec' }, status: { type: 'PodStatus' } },
  NodeSpec: { podCIDRs: { strategy: 'merge' } },
  NodeStatus: { conditions, addresses: { strategy: 'merge', mergeKey: 'type' } },
  Node: { ...meta, spec: { type: 'NodeSpec' }, status: { type: 'NodeStatus' } },
  ServiceSpec: { ports: { strategy: 'merge', mergeKey: 'port' } },
  ServiceStatus: { conditions: { strategy: 'merge', mergeKey: 'type' } },
  Service: { ...meta, spec: { type: 'ServiceSpec' }, status: { type: 'ServiceStatus' } },
  Namespace: { ...meta, status: { type: 'ConditionsStatus' } },
  ConditionsStatus: { conditions },
  ServiceAccount: { ...meta, secrets: { strategy: 'merge', mergeKey: 'name' } },
  WorkloadSpec: { template: { type: 'PodTemplateSpec' } },
  DeploymentSpec: { template: { type: 'PodTemplateSpec' }, strategy: { strategy: 'retainKeys' } },
  Deployment: { ...meta, spec: { type: 'DeploymentSpec' }, status: { type: 'ConditionsStatus' } },
  ReplicaSet: { ...meta, spec: { type: 'WorkloadSpec' }, status: { type: 'ConditionsStatus' } },
  ReplicationController: { ...meta, spec: { type: 'WorkloadSpec' }, status: { type: 'ConditionsStatus' } },
  Generic: { ...meta },
};

/** The root struct type of a kind; kinds without list strategies only know their metadata. */
export function rootTypeOf(kind: string): string {
  return kind in STRUCTS ? kind : 'Generic';
}

export function fieldMeta(structType: string | undefined, field: string): FieldMeta {
  if (!structType) return {};
  return STRUCTS[structType]?.[field] ?? {};
}
