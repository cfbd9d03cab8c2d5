/** Nodes, Leases and Pods for node-lifecycle tests. */
import {
  TAINT_NOT_READY,
  TAINT_UNREACHABLE,
  rfc3339,
  type Condition,
  type Lease,
  type Node,
  type Pod,
  type Taint,
  type Toleration,
} from '@kemu/api';

export function node(name: string, ready: Condition['status'], heartbeat: number, taints?: Taint[]): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: { taints },
    status: {
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          lastHeartbeatTime: rfc3339(heartbeat),
          lastTransitionTime: rfc3339(heartbeat),
        },
        {
          type: 'Ready',
          status: ready,
          reason: 'KubeletReady',
          lastHeartbeatTime: rfc3339(heartbeat),
          lastTransitionTime: rfc3339(heartbeat),
        },
      ],
    },
  };
}

export function lease(nodeName: string, renew: number): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: nodeName, namespace: 'kube-node-lease' },
    spec: { holderIdentity: nodeName, leaseDurationSeconds: 4, renewTime: new Date(renew).toISOString().replace('Z', '000Z') },
  };
}

/** The tolerations the apiserver's DefaultTolerationSeconds admission adds. */
export function defaultTolerations(seconds: number): Toleration[] {
  return [
    { key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds },
    { key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds },
  ];
}

export function pod(name: string, nodeName: string, tolerations?: Toleration[]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName, containers: [{ name: 'c', image: 'nginx' }], tolerations },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'Ready', status: 'True' },
        { type: 'ContainersReady', status: 'True' },
      ],
    },
  };
}
