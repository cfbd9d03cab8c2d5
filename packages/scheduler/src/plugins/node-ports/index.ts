/** NodePorts: a pod's hostPorts must be free on the node (same port, protocol and overlapping hostIP). */
import type { Pod } from '@kemu/api';
import type { FilterPlugin, PluginFactory } from '../../framework/interfaces.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { unschedulable, type Status } from '../../framework/status.js';

export const name = 'NodePorts';
export const REASON = "node(s) didn't have free ports for the requested pod ports";

interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

function hostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return out;
}

function conflicts(a: HostPort, b: HostPort): boolean {
  return a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0');
}

export class NodePorts implements FilterPlugin {
  readonly name = name;
  filter(_s: unknown, pod: Pod, node: NodeInfo): Status | undefined {
    const wanted = hostPorts(pod);
    if (wanted.length === 0) return undefined;
    const used = node.pods.flatMap(hostPorts);
    return wanted.some((w) => used.some((u) => conflicts(w, u))) ? unschedulable(REASON) : undefined;
  }
}

export const factory: PluginFactory = () => new NodePorts();
