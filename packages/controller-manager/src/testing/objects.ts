/** Object builders for controller tests. */
import type {
  Deployment,
  KubeObject,
  OwnerReference,
  Pod,
  PodPhase,
  PodTemplateSpec,
  ReplicaSet,
  ReplicationController,
  Service,
} from '@kemu/api';
import { controllerRef } from '@kemu/api';

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  owner?: KubeObject & { apiVersion?: string; kind?: string };
  ownerReferences?: OwnerReference[];
  nodeName?: string;
  phase?: PodPhase;
  ready?: boolean;
  /** When the Ready condition last turned true (RFC 3339). */
  readySince?: string;
  ip?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  restarts?: number;
}

export function pod(name: string, o: PodOptions = {}): Pod {
  const scheduled = o.nodeName !== undefined || o.ready || o.phase === 'Running';
  const phase = o.phase ?? (o.ready ? 'Running' : 'Pending');
  const nodeName = o.nodeName ?? (scheduled ? 'node-1' : undefined);
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      labels: o.labels ?? {},
      ...(o.creationTimestamp ? { creationTimestamp: o.creationTimestamp } : {}),
      ...(o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
      ...(o.owner ? { ownerReferences: [controllerRef(o.owner, o.owner.apiVersion!, o.owner.kind!)] } : {}),
      ...(o.ownerReferences ? { ownerReferences: o.ownerReferences } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx', ...(o.ports ? { ports: o.ports } : {}) }], ...(nodeName ? { nodeName } : {}) },
    status: {
      phase,
      ...(o.ip ? { podIP: o.ip, podIPs: [{ ip: o.ip }] } : {}),
      conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False', lastTransitionTime: o.readySince ?? '2025-01-01T00:00:00Z' }],
      containerStatuses: [{ name: 'c', ready: !!o.ready, restartCount: o.restarts ?? 0, image: 'nginx', imageID: '' }],
    },
  };
  return p;
}

export function template(labels: Record<string, string>, image = 'nginx:1.0'): PodTemplateSpec {
  return { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } };
}

export function replicaSet(
  name: string,
  replicas: number,
  labels: Record<string, string>,
  extra: Partial<ReplicaSet['spec']> = {},
): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: template(labels), ...extra },
  };
}

export function replicationController(name: string, replicas: number, selector: Record<string, string>): ReplicationController {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, labels: selector },
    spec: { replicas, selector, template: template(selector) },
  };
}

export function deployment(
  name: string,
  replicas: number,
  labels: Record<string, string>,
  extra: Partial<Deployment['spec']> = {},
): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: template(labels),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...extra,
    },
  };
}

export function service(
  name: string,
  selector: Record<string, string> | undefined,
  ports: Service['spec']['ports'],
  extra: Partial<Service['spec']> = {},
): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: name } },
    spec: { type: 'ClusterIP', clusterIP: '127.96.0.10', ...(selector ? { selector } : {}), ports, ...extra },
  };
}
