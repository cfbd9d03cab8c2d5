/**
 * NodeResourcesFit: Filter checks the pod's requests (cpu, memory, any other requested
 * resource, and the pod count) against allocatable minus what the node's pods (bound and
 * assumed) already request. Score is the LeastAllocated strategy over cpu and memory.
 */
import type { Pod } from '@kemu/api';
import { MAX_NODE_SCORE, type FilterPlugin, type PluginFactory, type ScorePlugin } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podNonZeroRequests, podRequests } from '../../framework/pod-requests.js';
import { unschedulable, type Status } from '../../framework/status.js';

export const name = 'NodeResourcesFit';

export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = name;

  filter(_s: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    const reasons: string[] = [];
    if (node.pods.length + 1 > (node.allocatable.pods ?? 0)) reasons.push('Too many pods');
    const req = podRequests(pod);
    for (const r of ['cpu', 'memory', ...Object.keys(req).filter((k) => k !== 'cpu' && k !== 'memory').sort()]) {
      const want = req[r] ?? 0;
      if (want > 0 && want > (node.allocatable[r] ?? 0) - (node.requested[r] ?? 0)) reasons.push(`Insufficient ${r}`);
    }
    return reasons.length ? unschedulable(...reasons) : undefined;
  }

  /** LeastAllocated: the mean over cpu and memory of the free fraction left after placing the pod. */
  score(_s: unknown, pod: Pod, node: NodeInfo): number {
    const nz = podNonZeroRequests(pod);
    const part = (capacity: number, requested: number) =>
      capacity <= 0 || requested > capacity ? 0 : ((capacity - requested) * MAX_NODE_SCORE) / capacity;
    const cpu = part(node.allocatable.cpu ?? 0, node.nonZeroRequested.milliCPU + nz.milliCPU);
    const mem = part(node.allocatable.memory ?? 0, node.nonZeroRequested.memory + nz.memory);
    return Math.floor((cpu + mem) / 2);
  }
}

export const factory: PluginFactory = () => new NodeResourcesFit();
