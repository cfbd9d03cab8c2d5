/**
 * NodeResourcesFit: Filter checks the pod's requests (cpu, memory, any other requested
 * resource, and the pod count) against allocatable minus what the node's pods (bound and
 * assumed) already request. Score is the LeastAllocated strategy over cpu and memory.
 * PreFilter works out the pod's requests once per cycle; Filter, run for every node, only
 * compares numbers with the node's running sums.
 */
import type { Pod } from '@kemu/api';
import type { CycleState } from '../../framework/cycle-state.js';
import {
  MAX_NODE_SCORE,
  type FilterPlugin,
  type PluginFactory,
  type PreFilterPlugin,
  type ScorePlugin,
} from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podNonZeroRequests, podRequests } from '../../framework/pod-requests.js';
import { unschedulable, type Status } from '../../framework/status.js';

export const name = 'NodeResourcesFit';

const STATE_KEY = 'PreFilterNodeResourcesFit';
interface PreFilterState {
  req: Record<string, number>;
  names: string[];
}

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, ScorePlugin {
  readonly name = name;

  preFilter(state: CycleState, pod: Pod): Status | undefined {
    state.write(STATE_KEY, { req: podRequests(pod), names: requestedNames(pod) } satisfies PreFilterState);
    return undefined;
  }

  filter(state: CycleState | undefined, pod: Pod, node: NodeInfo): Status | undefined {
    // Runs for every node of every cycle: allocates only when it rejects.
    let reasons: string[] | undefined;
    if (node.pods.length + 1 > (node.allocatable.pods ?? 0)) reasons = ['Too many pods'];
    const pre = state?.read<PreFilterState>(STATE_KEY);
    const req = pre?.req ?? podRequests(pod);
    for (const r of pre?.names ?? requestedNames(pod)) {
      if (req[r] > (node.allocatable[r] ?? 0) - (node.requested[r] ?? 0)) (reasons ??= []).push(`Insufficient ${r}`);
    }
    return reasons ? unschedulable(...reasons) : undefined;
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

/** The resources the pod requests a positive amount of, cpu and memory first then by name; memoized per object. */
const namesMemo = new WeakMap<Pod, string[]>();
function requestedNames(pod: Pod): string[] {
  let names = namesMemo.get(pod);
  if (!names) {
    const req = podRequests(pod);
    const others = Object.keys(req)
      .filter((k) => k !== 'cpu' && k !== 'memory')
      .sort();
    names = ['cpu', 'memory', ...others].filter((r) => (req[r] ?? 0) > 0);
    namesMemo.set(pod, names);
  }
  return names;
}

export const factory: PluginFactory = () => new NodeResourcesFit();
