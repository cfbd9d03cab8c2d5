/**
 * Hollow nodes: many kubelets in one process (kubemark-style), each a full startKubelet on its
 * own loopback address from the NETWORK plan: node `<prefix>-<i>` on NETWORK.nodeIP(i) with pod
 * CIDR NETWORK.podCIDR(i), for i = first … first + count − 1. They share one API client.
 */
import { NETWORK } from '@kemu/api';
import { startKubelet, type Kubelet, type KubeletOptions } from './kubelet.js';

export interface HollowNodesOptions extends Omit<KubeletOptions, 'nodeName' | 'nodeIP' | 'podCIDR'> {
  count: number;
  /** Index of the first node. Default 1. */
  first?: number;
  /** Node name prefix. Default `node`. */
  prefix?: string;
}

export interface HollowNodes { readonly kubelets: Kubelet[]; close(): Promise<void> }

export async function startHollowNodes(opts: HollowNodesOptions): Promise<HollowNodes> {
  const { count, first = 1, prefix = 'node', ...common } = opts;
  if (!Number.isInteger(count) || count < 1) throw new Error(`hollow node count must be a positive integer (got ${count})`);
  if (first < 1 || first + count - 1 > 255) throw new Error('hollow node indexes must lie in 1…255 (one pod /24 each)');
  const kubelets: Kubelet[] = [];
  try {
    for (let i = first; i < first + count; i++) {
      kubelets.push(await startKubelet({ ...common, nodeName: `${prefix}-${i}`, nodeIP: NETWORK.nodeIP(i), podCIDR: NETWORK.podCIDR(i) }));
    }
  } catch (err) {
    await Promise.all(kubelets.map((k) => k.close()));
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    kubelets,
    close() {
      closing ??= Promise.all(kubelets.map((k) => k.close())).then(() => undefined);
      return closing;
    },
  };
}
