/**
 * TypeScript shapes of the Kubernetes objects the components read and write, derived from the
 * zod schemas (z.output) rather than written again: the shared building blocks' here, each
 * kind's in its descriptor file (`kinds/`), re-exported below. A kind's type keeps metadata
 * (and the spec of kinds whose defaulting creates one) required: see StoredObject.
 */
import type { z } from 'zod';
import type { PodStatus } from './kinds/core/pod.js';
import type { NodeStatus } from './kinds/core/node.js';
import type { DeploymentStatus } from './kinds/apps/deployment.js';
import type { resourceList } from './schema/common.js';
import type {
  condition,
  labelSelector,
  labelSelectorRequirement,
  listMeta,
  managedFieldsEntry,
  objectMeta,
  ownerReference,
} from './schema/meta-v1.js';
import type {
  container,
  containerPort,
  envVar,
  httpGetAction,
  objectReference,
  podSpec,
  podTemplateSpec,
  probe,
  toleration,
} from './schema/pod-spec.js';

type Out<S extends z.ZodType> = z.output<S>;

export type OwnerReference = Out<typeof ownerReference>;
export type ManagedFieldsEntry = Out<typeof managedFieldsEntry>;
export type ObjectMeta = Out<typeof objectMeta>;

/** Any object of any kind: the envelope the generic code (stores, caches, clients) handles. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type ListMeta = Out<typeof listMeta>;

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface WatchEvent<T = KubeObject> {
  type: WatchEventType;
  object: T;
}

export type LabelSelectorRequirement = Out<typeof labelSelectorRequirement>;
export type LabelSelector = Out<typeof labelSelector>;

export type IntOrString = number | string;
export type ResourceList = Out<typeof resourceList>;

type KeysOf<U> = U extends unknown ? keyof U : never;
type ValueOf<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
type PodCondition = NonNullable<PodStatus['conditions']>[number];
type NodeCondition = NonNullable<NodeStatus['conditions']>[number];
type DeploymentCondition = NonNullable<DeploymentStatus['conditions']>[number];
type AnyCondition = Out<typeof condition> | PodCondition | NodeCondition | DeploymentCondition;

/**
 * A condition of any kind: every field of metav1.Condition and of the kinds' own condition types
 * (PodCondition's lastProbeTime, NodeCondition's lastHeartbeatTime, DeploymentCondition's
 * lastUpdateTime), so one set of condition helpers serves them all.
 */
export type Condition = { type: string; status: string } & {
  [K in Exclude<KeysOf<AnyCondition>, 'type' | 'status'>]?: ValueOf<AnyCondition, K>;
};

// core/v1 Pod and its parts
export type ContainerPort = Out<typeof containerPort>;
export type EnvVar = Out<typeof envVar>;
export type HTTPGetAction = Out<typeof httpGetAction>;
export type Probe = Out<typeof probe>;
export type Container = Out<typeof container>;
export type Toleration = Out<typeof toleration>;
export type PodSpec = Out<typeof podSpec>;
export type PodTemplateSpec = Out<typeof podTemplateSpec>;

export type ObjectReference = Out<typeof objectReference>;

/** autoscaling/v1 Scale, the answer of every scale subresource (no stored kind of its own). */
export interface Scale extends KubeObject {
  spec: { replicas?: number };
  status?: { replicas: number; selector?: string };
}

// The kinds' own types, each derived in its descriptor file.
export type {
  ContainerState,
  ContainerStateWaiting,
  ContainerStateRunning,
  ContainerStateTerminated,
  ContainerStatus,
  PodPhase,
  PodStatus,
  Pod,
} from './kinds/core/pod.js';
export type { TaintEffect, Taint, Node, NodeSpec, NodeStatus, NodeAddress, NodeSystemInfo } from './kinds/core/node.js';
export type { ServicePort, Service, ServiceSpec } from './kinds/core/service.js';
export type { EndpointAddress, Endpoints, EndpointSubset, EndpointPort } from './kinds/core/endpoints.js';
export type { EndpointSlice, EndpointSliceEndpoint } from './kinds/discovery/endpoint-slice.js';
export type { Namespace } from './kinds/core/namespace.js';
export type { Event } from './kinds/core/event.js';
export type { Binding } from './kinds/core/binding.js';
export type { PodTemplate } from './kinds/core/pod-template.js';
export type { Lease } from './kinds/coordination/lease.js';
export type { Deployment, DeploymentSpec, DeploymentStatus, DeploymentStrategy, RollingUpdateDeployment } from './kinds/apps/deployment.js';
export type { ReplicaSet, ReplicaSetSpec, ReplicaSetStatus } from './kinds/apps/replica-set.js';
export type { ReplicationController, ReplicationControllerSpec } from './kinds/core/replication-controller.js';
export type { CustomResourceDefinition } from './kinds/apiextensions/custom-resource-definition.js';
export type { ControllerRevision } from './kinds/apps/controller-revision.js';
export type { DaemonSet } from './kinds/apps/daemon-set.js';
export type { StatefulSet } from './kinds/apps/stateful-set.js';
export type { HorizontalPodAutoscaler, HorizontalPodAutoscalerV1 } from './kinds/autoscaling/horizontal-pod-autoscaler.js';
export type { CronJob } from './kinds/batch/cron-job.js';
export type { Job } from './kinds/batch/job.js';
export type { ConfigMap } from './kinds/core/config-map.js';
export type { LimitRange } from './kinds/core/limit-range.js';
export type { PersistentVolumeClaim } from './kinds/core/persistent-volume-claim.js';
export type { PersistentVolume } from './kinds/core/persistent-volume.js';
export type { ResourceQuota } from './kinds/core/resource-quota.js';
export type { Secret } from './kinds/core/secret.js';
export type { ServiceAccount } from './kinds/core/service-account.js';
export type { EventV1 } from './kinds/events/event.js';
export type { IngressClass } from './kinds/networking/ingress-class.js';
export type { Ingress } from './kinds/networking/ingress.js';
export type { PodDisruptionBudget } from './kinds/policy/pod-disruption-budget.js';
export type { PriorityClass } from './kinds/scheduling/priority-class.js';
export type { StorageClass } from './kinds/storage/storage-class.js';
