import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { NETWORK, timingsFor } from '@kemu/api';
import { apiserverUrl, planComponents, type ClusterPlan, type StorageSpec } from '../components.js';
import { accessFromKubeconfig, nodeReadiness } from '../api.js';
import { freePort, portInUse } from '../health.js';
import { kubeconfigFor } from '../kubeconfig.js';
import { pkiFiles, writeClusterPki } from '../pki.js';
import { repoRoot } from '../root.js';
import { paths, readState, writeState, type ClusterState, type ComponentRecord } from '../state.js';
import { awaitHealthy, launch, logTail, recordFor, stateOf } from '../supervisor.js';
import type { StartedProcess } from '../processes.js';
import { waitFor } from '../wait.js';
import { stopCluster } from './down.js';

export interface UpOptions {
  nodes: number;
  profile: string;
  detach: boolean;
  schedulerReplicas: number;
  controllerManagerReplicas: number;
  /** Default: redis when `redis-server` is installed, else memory. */
  storage?: 'redis' | 'memory';
  port: number;
  /** Plain HTTP without authentication (a loopback teaching mode). Default false: HTTPS + tokens. */
  insecureHttp?: boolean;
}

export function redisServerVersion(): string | undefined {
  try {
    const out = execFileSync('redis-server', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /v=(\S+)/.exec(out)?.[1] ?? 'unknown';
  } catch {
    return undefined;
  }
}

function validate(opts: UpOptions): void {
  const intIn = (v: number, lo: number, hi: number, flag: string) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new Error(`${flag} must be an integer from ${lo} to ${hi}`);
  };
  intIn(opts.nodes, 1, 250, '--nodes');
  intIn(opts.schedulerReplicas, 1, 9, '--scheduler-replicas');
  intIn(opts.controllerManagerReplicas, 1, 9, '--controller-manager-replicas');
  intIn(opts.port, 1, 65535, '--port');
  timingsFor(opts.profile); // throws on an unknown profile
}

/** Refuses when state.json names processes that still run. */
function assertNoRunningCluster(home: string): void {
  const prev = readState(home);
  if (!prev) return;
  const live = prev.components.filter((c) => stateOf(c) !== 'dead');
  if (live.length > 0) {
    throw new Error(`a kemu cluster from ${paths.state(home)} is still running (${live.map((c) => `${c.name} pid ${c.pid}`).join(', ')}); ` +
      'run `kemu down` first (or `kemu status` to look at it)');
  }
}

export async function up(home: string, opts: UpOptions, print: (s: string) => void): Promise<ClusterState> {
  validate(opts);
  assertNoRunningCluster(home);
  const root = repoRoot();

  const redisVersion = redisServerVersion();
  const storageKind = opts.storage ?? (redisVersion ? 'redis' : 'memory');
  if (storageKind === 'redis' && !redisVersion) throw new Error('--storage redis: redis-server is not installed (apt-get install -y redis-server)');

  if (await portInUse('127.0.0.1', opts.port)) throw new Error(`port ${opts.port} on 127.0.0.1 is in use; pick another with --port`);
  for (let i = 1; i <= opts.nodes; i++) {
    if (await portInUse(NETWORK.nodeIP(i), NETWORK.kubeletPort)) {
      throw new Error(`${NETWORK.nodeIP(i)}:${NETWORK.kubeletPort} is in use — is another kemu cluster running? (kemu down there first)`);
    }
  }

  mkdirSync(paths.logs(home), { recursive: true });
  const storage: StorageSpec = storageKind === 'redis'
    ? { kind: 'redis', port: await freePort(), dir: paths.redisDir(home) }
    : { kind: 'memory' };
  if (storage.kind === 'redis') mkdirSync(storage.dir, { recursive: true });

  const healthzPorts = new Map<string, number>();
  const plan: ClusterPlan = {
    nodes: opts.nodes, profile: opts.profile, apiserverPort: opts.port, bindAddress: '127.0.0.1', storage,
    schedulerReplicas: opts.schedulerReplicas, controllerManagerReplicas: opts.controllerManagerReplicas,
    kubeletPort: NETWORK.kubeletPort,
    healthzPort: (name) => healthzPorts.get(name)!,
    pki: opts.insecureHttp ? undefined : paths.pki(home),
  };
  for (const name of [
    ...range(opts.schedulerReplicas).map((i) => `scheduler-${i}`),
    ...range(opts.controllerManagerReplicas).map((i) => `controller-manager-${i}`),
    ...range(opts.nodes).map((i) => `proxy-${i}`),
  ]) healthzPorts.set(name, await freePortExcept(healthzPorts, opts.port, storage));

  const server = apiserverUrl(plan);
  if (plan.pki) await writeClusterPki(plan.pki, { nodes: opts.nodes, server });
  const state: ClusterState = {
    version: 1, home, createdAt: new Date().toISOString(), profile: opts.profile, storage: storage.kind,
    apiserver: server, nodes: opts.nodes, kubeconfig: paths.kubeconfig(home),
    components: planComponents(plan).map((s) => recordFor(s, home, root)),
  };
  writeState(state);

  const started = new Map<string, StartedProcess>();
  const start = (rec: ComponentRecord) => { started.set(rec.name, launch(rec)); writeState(state); };
  const byKind = (k: ComponentRecord['kind']) => state.components.filter((c) => c.kind === k);

  try {
    if (storage.kind === 'redis') {
      const redis = byKind('redis')[0];
      start(redis);
      await awaitHealthy(redis, started.get('redis'), 15_000);
      print(`Storage: redis-server ${redisVersion} on 127.0.0.1:${storage.port} (append-only data in ${storage.dir})`);
    } else {
      print('Storage: the embedded in-memory store inside the apiserver (redis-server is ' +
        (redisVersion ? 'installed but --storage memory was asked for' : 'not installed') + '); objects are lost when the apiserver stops');
    }

    const apiserver = byKind('apiserver')[0];
    start(apiserver);
    await awaitHealthy(apiserver, started.get('apiserver'), 30_000);
    print(`apiserver ready at ${server}${plan.pki ? ' (TLS, bearer tokens)' : ' (plain HTTP, no authentication: --insecure-http)'}`);
    if (plan.pki) copyFileSync(pkiFiles.kubeconfig(plan.pki, 'admin'), state.kubeconfig);
    else writeFileSync(state.kubeconfig, kubeconfigFor(server));
    const access = accessFromKubeconfig(state.kubeconfig, server);

    const rest = state.components.filter((c) => c.kind !== 'redis' && c.kind !== 'apiserver');
    for (const rec of rest) start(rec);
    await Promise.all(rest.map((rec) => awaitHealthy(rec, started.get(rec.name), 30_000)));
    print(`controller-manager ×${opts.controllerManagerReplicas}, scheduler ×${opts.schedulerReplicas}, ` +
      `${opts.nodes} kubelet${opts.nodes > 1 ? 's' : ''} and proxies running`);

    const timings = timingsFor(opts.profile);
    const nodeNames = range(opts.nodes).map((i) => `node-${i}`);
    await waitFor(async () => {
      const ready = await nodeReadiness(access);
      return nodeNames.every((n) => ready.get(n) === 'True');
    }, { timeoutMs: timings.nodeMonitorGracePeriodMs > 10_000 ? 120_000 : 60_000, intervalMs: 300,
      what: `nodes ${nodeNames.join(', ')} to be Ready` });
  } catch (err) {
    print(`kemu up failed: ${(err as Error).message}`);
    if (!(err as Error).message.includes('--- last lines of')) {
      for (const c of state.components.filter((c) => c.pid && (c.name === 'kubelet-1' || c.name === 'apiserver'))) {
        print(`--- last lines of ${c.log} ---\n${logTail(c.log, 10)}`);
      }
    }
    print('Stopping what was started…');
    await stopCluster(state, 3000, print);
    throw new Error('the cluster did not come up (logs are in ' + paths.logs(home) + ')');
  }

  print(`\nkemu cluster is up: ${opts.nodes} node${opts.nodes > 1 ? 's' : ''} Ready, profile ${opts.profile}.`);
  print(`Point kubectl at it:\n\n  export KUBECONFIG=${state.kubeconfig}\n  kubectl get nodes\n`);
  print('Inspect and break it: kemu status | kemu logs <component> | kemu kill|restart|pause|resume <component> | kemu down');
  return state;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

async function freePortExcept(taken: Map<string, number>, apiserverPort: number, storage: StorageSpec): Promise<number> {
  const used = new Set([...taken.values(), apiserverPort, storage.kind === 'redis' ? storage.port : -1]);
  for (;;) {
    const p = await freePort();
    if (!used.has(p)) return p;
  }
}
