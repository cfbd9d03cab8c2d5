import { accessFromKubeconfig, leaseHolder } from '../api.js';
import { checkHealth } from '../health.js';
import { readState, type ClusterState, type ComponentRecord } from '../state.js';
import { stateOf, supervisorState } from '../supervisor.js';
import { renderTable } from '../table.js';

export interface ComponentStatus {
  name: string;
  pid: number | undefined;
  address: string;
  /** running + answering = yes; paused; no (running but not answering); down (no process). */
  healthy: 'yes' | 'no' | 'paused' | 'down';
  /** For leader-elected components: yes/no ("?" when the API cannot be asked); "-" otherwise. */
  leader: 'yes' | 'no' | '?' | '-';
  /** Times the supervisor started it again after it exited on its own. */
  restarts: number;
  /** Why its last process ended (`-` when none has): exit code, signal, OOM, lost leadership, kemu kill… */
  lastExit: string;
  /** Left down by `kemu kill`/`kemu stop` until `kemu start`/`kemu restart`. */
  stopped: boolean;
}

const LEASES: Partial<Record<ComponentRecord['kind'], string>> = {
  scheduler: 'kube-scheduler',
  'controller-manager': 'kube-controller-manager',
  // Which apiserver runs compaction and the TTL reaper (apiserver/src/storage-maintenance).
  apiserver: 'kemu-storage-maintenance',
};

/** The holder of a Lease, asking each apiserver in turn until one answers. */
async function holderFrom(state: ClusterState, lease: string): Promise<string | undefined> {
  let last: unknown;
  for (const server of state.apiservers ?? [state.apiserver]) {
    try {
      return await leaseHolder(accessFromKubeconfig(state.kubeconfig, server), lease);
    } catch (err) {
      last = err;
    }
  }
  throw last;
}

export async function clusterStatus(state: ClusterState): Promise<ComponentStatus[]> {
  const holders = new Map<string, string | undefined | Error>();
  await Promise.all(
    Object.values(LEASES).map(async (lease) => {
      try {
        holders.set(lease, await holderFrom(state, lease));
      } catch (err) {
        holders.set(lease, err as Error);
      }
    }),
  );
  return Promise.all(
    state.components.map(async (c): Promise<ComponentStatus> => {
      const ps = stateOf(c);
      const healthy = ps === 'dead' ? 'down' : ps === 'paused' ? 'paused' : (await checkHealth(c.health, 1000)) ? 'yes' : 'no';
      // A lone apiserver has no one to share the maintenance Lease with: no LEADER for it.
      const lease = c.name === 'apiserver' ? undefined : LEASES[c.kind];
      let leader: ComponentStatus['leader'] = '-';
      if (lease) {
        const h = holders.get(lease);
        leader = h instanceof Error ? '?' : h === c.name ? 'yes' : 'no';
      }
      return {
        name: c.name,
        pid: ps === 'dead' ? undefined : c.pid,
        address: c.address,
        healthy,
        leader,
        restarts: c.restarts ?? 0,
        lastExit: c.lastExit ?? '-',
        stopped: c.stopped ?? false,
      };
    }),
  );
}

/** Prints the status table; returns false when there is no cluster. */
export async function status(home: string, print: (s: string) => void, printErr: (s: string) => void): Promise<boolean> {
  const state = readState(home);
  if (!state) {
    printErr(`No kemu cluster in ${home} (start one with \`kemu up\`).`);
    return false;
  }
  const rows = await clusterStatus(state);
  print(
    `Cluster ${state.apiserver}  profile ${state.profile}  storage ${state.storage === 'redis' ? 'redis' : 'embedded in-memory'}  kubeconfig ${state.kubeconfig}`,
  );
  print(
    supervisorState(state) === 'dead'
      ? 'supervisor: not running — components that exit are not started again (kemu down, then kemu up)'
      : `supervisor: pid ${state.supervisorPid} — starts again what exits on its own; kemu kill/stop leave a component stopped until kemu start`,
  );
  print(
    renderTable(
      ['COMPONENT', 'PID', 'ADDRESS', 'HEALTHY', 'LEADER', 'RESTARTS', 'LAST EXIT'],
      rows.map((r) => [
        r.name,
        r.pid === undefined ? '-' : String(r.pid),
        r.address,
        r.healthy === 'down' && r.stopped ? 'stopped' : r.healthy,
        r.leader,
        String(r.restarts),
        r.lastExit,
      ]),
    ),
  );
  return true;
}
