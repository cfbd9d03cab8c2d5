/**
 * The Node this kubelet registers and the status it posts (kubelet's initialNode and
 * setNodeStatus funcs): labels, pod CIDR, capacity/allocatable, addresses, daemon endpoint,
 * node info and the pressure/Ready conditions.
 */
import { createHash, randomUUID } from 'node:crypto';
import { release } from 'node:os';
import {
  ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH,
  ANNOTATION_NODE_TTL,
  LABEL_ARCH,
  LABEL_ARCH_BETA,
  LABEL_HOSTNAME,
  LABEL_OS,
  LABEL_OS_BETA,
  bytes,
  rfc3339,
  setCondition,
  type Condition,
  type Node,
  type NodeStatus,
} from '@kemu/api';

export const KUBELET_VERSION = 'v1.32.4-kemu';
export const RUNTIME_VERSION = 'kemu://0.1.0';

export interface NodeIdentity {
  nodeName: string;
  nodeIP: string;
  podCIDR: string;
  port: number;
  cpu: string;
  memory: string;
  maxPods: number;
  ephemeralStorage: string;
  /** Changes on every kubelet start. */
  bootID: string;
}

export function newBootID(): string {
  return randomUUID();
}

export function nodeLabels(nodeName: string): Record<string, string> {
  return {
    [LABEL_ARCH_BETA]: 'amd64',
    [LABEL_OS_BETA]: 'linux',
    [LABEL_ARCH]: 'amd64',
    [LABEL_HOSTNAME]: nodeName,
    [LABEL_OS]: 'linux',
  };
}

export function initialNode(id: NodeIdentity): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.nodeName,
      labels: nodeLabels(id.nodeName),
      annotations: { [ANNOTATION_NODE_TTL]: '0', [ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH]: 'true' },
    },
    spec: { podCIDR: id.podCIDR, podCIDRs: [id.podCIDR] },
  };
}

function hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Kubernetes prints memory capacity in Ki. */
function ki(q: string): string {
  return `${Math.floor(bytes(q) / 1024)}Ki`;
}

export interface ImageSummary {
  names: string[];
  sizeBytes: number;
}

/**
 * The status to post, built over the node's current status so condition transition times are
 * kept. Pure: `now` is passed in.
 */
export function nodeStatus(id: NodeIdentity, prev: NodeStatus | undefined, images: ImageSummary[], now: number): NodeStatus {
  const ts = rfc3339(now);
  const capacity = {
    cpu: id.cpu,
    'ephemeral-storage': ki(id.ephemeralStorage),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: ki(id.memory),
    pods: String(id.maxPods),
  };
  const cond = (type: string, status: 'True' | 'False', reason: string, message: string): Condition => ({
    type,
    status,
    lastHeartbeatTime: ts,
    reason,
    message,
  });
  let conditions = prev?.conditions;
  conditions = setCondition(
    conditions,
    cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    ts,
  );
  conditions = setCondition(conditions, cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'), ts);
  conditions = setCondition(
    conditions,
    cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ts,
  );
  conditions = setCondition(conditions, cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'), ts);
  const machine = hex(`kemu-machine:${id.nodeName}`);
  return {
    ...prev,
    capacity,
    allocatable: { ...capacity },
    conditions,
    addresses: [
      { type: 'InternalIP', address: id.nodeIP },
      { type: 'Hostname', address: id.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: id.port } },
    nodeInfo: {
      machineID: machine.slice(0, 32),
      systemUUID: `${machine.slice(32, 40)}-${machine.slice(40, 44)}-${machine.slice(44, 48)}-${machine.slice(48, 52)}-${machine.slice(52, 64)}`,
      bootID: id.bootID,
      kernelVersion: release(),
      osImage: 'kemu simulated node (Linux)',
      containerRuntimeVersion: RUNTIME_VERSION,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    images: images.length ? images : undefined,
  };
}
