/** NodeUnschedulable: cordoned nodes (spec.unschedulable) take only pods tolerating the unschedulable taint. */
import { TAINT_UNSCHEDULABLE, tolerates, type Pod } from '@kemu/api';
import type { FilterPlugin, PluginFactory } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { unresolvable, type Status } from '../../framework/status.js';

export const name = 'NodeUnschedulable';
export const REASON = 'node(s) were unschedulable';

export class NodeUnschedulable implements FilterPlugin {
  readonly name = name;
  filter(_s: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    if (!node.node.spec?.unschedulable) return undefined;
    if (tolerates(pod.spec.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) return undefined;
    return unresolvable(REASON);
  }
}

export const factory: PluginFactory = () => new NodeUnschedulable();
