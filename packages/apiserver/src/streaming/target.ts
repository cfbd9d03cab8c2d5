/**
 * Where a pod's streaming subresource goes: the pod (must exist, be bound and not finished), its
 * container (defaulted as kube-apiserver does) and the kubelet of its node.
 */
import { ApiError, badRequest, type Node, type Pod } from '@kemu/api';
import { kubeletAddress, logContainer } from '../kubelet-proxy.js';
import type { Registry } from '../registry/registry.js';

export interface KubeletTarget {
  pod: Pod;
  host: string;
  port: number;
}

export async function podKubelet(registry: Registry, namespace: string, name: string, verb: string): Promise<KubeletTarget> {
  const pod = (await registry.byName('', 'pods').get(namespace, name)) as Pod;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw badRequest(`cannot ${verb} a container in a completed pod; current phase is ${phase}`);
  }
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  return { pod, ...(await nodeKubelet(registry, nodeName, name)) };
}

export async function nodeKubelet(registry: Registry, nodeName: string, podName?: string): Promise<{ host: string; port: number }> {
  let node: Node;
  try {
    node = (await registry.byName('', 'nodes').get(undefined, nodeName)) as Node;
  } catch (err) {
    if (podName && err instanceof ApiError && err.code === 404) throw badRequest(`node ${nodeName} not found for pod ${podName}`);
    throw err;
  }
  const addr = kubeletAddress(node);
  if (!addr) throw badRequest(`node ${nodeName} has no kubelet endpoint`);
  return addr;
}

/** The container an exec/attach is for: the `container` parameter, or the only one. */
export function execContainer(pod: Pod, requested: string | null): string {
  return logContainer(pod, requested);
}
