/** Builders of Nodes and Pods for tests. */
import { LABEL_HOSTNAME, type Condition, type Node, type Pod, type PodSpec, type Taint } from '@kemu/api';

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  ready?: Condition['status'] | 'none';
}

export function makeNode(name: string, o: NodeOpts = {}): Node {
  const alloc = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { [LABEL_HOSTNAME]: name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: {
      capacity: alloc,
      allocatable: alloc,
      conditions: o.ready === 'none' ? [] : [{ type: 'Ready', status: o.ready ?? 'True', reason: 'KubeletReady' }],
    },
  };
}

export interface PodOpts {
  cpu?: string;
  memory?: string;
  nodeName?: string;
  labels?: Record<string, string>;
  owner?: string;
  spec?: Partial<PodSpec>;
  namespace?: string;
}

export function makePod(name: string, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: `uid-${name}`,
      labels: o.labels,
      ownerReferences: o.owner
        ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.owner, uid: `uid-${o.owner}`, controller: true }]
        : undefined,
    },
    spec: {
      containers: [{ name: 'c', image: 'nginx', resources: Object.keys(requests).length ? { requests } : undefined }],
      schedulerName: 'default-scheduler',
      nodeName: o.nodeName,
      ...o.spec,
    },
    status: { phase: 'Pending' },
  };
}
