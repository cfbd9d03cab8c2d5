/**
 * NodeReady: a node must report Ready=True, unless the pod tolerates the NoSchedule taint the
 * node-lifecycle controller puts on such a node (not-ready for False, unreachable for Unknown).
 * This covers the window before that taint is added.
 */
import { TAINT_NOT_READY, TAINT_UNREACHABLE, getCondition, tolerates, type Pod } from '@kemu/api';
import type { FilterPlugin, PluginFactory } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { unresolvable, type Status } from '../../framework/status.js';

export const name = 'NodeReady';
export const REASON_NOT_READY = 'node(s) were not ready';
export const REASON_UNKNOWN = 'node(s) had unknown conditions';

export class NodeReady implements FilterPlugin {
  readonly name = name;
  filter(_s: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    const ready = getCondition(node.node.status?.conditions, 'Ready');
    if (ready?.status === 'True') return undefined;
    const notReady = ready?.status === 'False';
    const key = notReady ? TAINT_NOT_READY : TAINT_UNREACHABLE;
    if (tolerates(pod.spec.tolerations, { key, effect: 'NoSchedule' })) return undefined;
    return unresolvable(notReady ? REASON_NOT_READY : REASON_UNKNOWN);
  }
}

export const factory: PluginFactory = () => new NodeReady();
