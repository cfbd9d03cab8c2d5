/**
 * NodeReady: a node must report Ready=True, unless the pod tolerates the NoSchedule taint the
 * node-lifecycle controller puts on such a node (not-ready for False, unreachable for Unknown).
 * This covers the window before that taint is added.
 */
import { TAINT_NOT_READY, TAINT_UNREACHABLE, getCondition, tolerates, type Node, type Pod } from '@kemu/api';
import type { FilterPlugin, PluginFactory } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { unresolvable, type Status } from '../../framework/status.js';

export const name = 'NodeReady';
export const REASON_NOT_READY = 'node(s) were not ready';
export const REASON_UNKNOWN = 'node(s) had unknown conditions';

export class NodeReady implements FilterPlugin {
  readonly name = name;
  filter(_s: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    const status = readyStatus(node.node);
    if (status === 'True') return undefined;
    const notReady = status === 'False';
    const key = notReady ? TAINT_NOT_READY : TAINT_UNREACHABLE;
    if (tolerates(pod.spec.tolerations, { key, effect: 'NoSchedule' })) return undefined;
    return unresolvable(notReady ? REASON_NOT_READY : REASON_UNKNOWN);
  }
}

/** The Ready condition's status, memoized per Node object (this runs for every node of every cycle). */
const readyMemo = new WeakMap<Node, string>();
function readyStatus(node: Node): string {
  let s = readyMemo.get(node);
  if (s === undefined) {
    s = getCondition(node.status?.conditions, 'Ready')?.status ?? '';
    readyMemo.set(node, s);
  }
  return s;
}

export const factory: PluginFactory = () => new NodeReady();
