/** NodeName: a pod that names its node fits only there. */
import type { Pod } from '@kemu/api';
import type { FilterPlugin, PluginFactory } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { unresolvable, type Status } from '../../framework/status.js';

export const name = 'NodeName';
export const REASON = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin {
  readonly name = name;
  filter(_s: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    const want = pod.spec.nodeName;
    return !want || want === node.name ? undefined : unresolvable(REASON);
  }
}

export const factory: PluginFactory = () => new NodeName();
