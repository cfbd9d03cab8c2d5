import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { paths, readState, removeState, type ClusterState, type ComponentRecord } from '../state.js';
import { stopSupervisor, terminate } from '../supervisor.js';

export interface DownOptions {
  purge?: boolean;
  graceMs?: number;
}

/** Stop order: nodes and control plane, then the apiserver, then the store. */
function tiers(state: ClusterState): ComponentRecord[][] {
  const by = (pred: (c: ComponentRecord) => boolean) => state.components.filter(pred);
  return [by((c) => c.kind !== 'apiserver' && c.kind !== 'redis'), by((c) => c.kind === 'apiserver'), by((c) => c.kind === 'redis')];
}

export async function stopCluster(state: ClusterState, graceMs: number, print: (s: string) => void): Promise<void> {
  await stopSupervisor(state);
  for (const tier of tiers(state)) {
    if (tier.length === 0) continue;
    const killed = await terminate(tier, graceMs);
    for (const name of killed) print(`${name} did not stop within ${graceMs} ms: killed`);
  }
}

export async function down(home: string, opts: DownOptions, print: (s: string) => void): Promise<void> {
  const state = readState(home);
  if (!state) {
    print(`No kemu cluster recorded in ${home}.`);
  } else {
    print(`Stopping ${state.components.length} components…`);
    await stopCluster(state, opts.graceMs ?? 5000, print);
    removeState(home);
    print('Cluster stopped.' + (opts.purge ? '' : ` Data and logs kept in ${home} (kemu down --purge removes them).`));
  }
  if (opts.purge) {
    for (const p of [paths.logs(home), paths.redisDir(home), paths.kubeconfig(home)]) rmSync(p, { recursive: true, force: true });
    if (existsSync(home) && readdirSync(home).length === 0) rmdirSync(home);
    print(`Removed ${home}.`);
  }
}
