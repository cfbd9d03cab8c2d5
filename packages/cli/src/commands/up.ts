import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { NETWORK, pollUntil, timingsFor } from '@kemu/api';
import { apiserverUrl, apiserverUrls, durabilityNote, planComponents, type ClusterPlan, type StorageSpec } from '../components.js';
import { accessFromKubeconfig, httpGet, nodeReadiness } from '../api.js';
import { freePort, portInUse } from '../health.js';
import { kubeconfigFor } from '../kubeconfig.js';
import { pkiFiles, writeClusterPki } from '../pki.js';
import { repoRoot } from '../root.js';
import { paths, readState, writeState, type ClusterState, type ComponentRecord } from '../state.js';
import { awaitHealthy, launch, logTail, recordFor, startSupervisor, stateOf, supervisorState } from '../supervisor.js';
import type { StartedProcess } from '../processes.js';
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
  /** Apiserver processes on the one Redis. Default 1. */
  apiservers?: number;
  /** redis-server `appendfsync always` instead of everysec. */
  durable?: boolean;
  /** Hollow nodes in one extra kubelet process (node-<nodes+1> …). Default 0. */
  hollowNodes?: number;
  /** How the hollow nodes run pods. Default status-only. */
  hollowMode?: 'full' | 'status-only';
}

/** The kubelet's address plan ends at node index 65,279 (@kemu/kubelet MAX_HOLLOW_NODE_INDEX). */
const MAX_HOLLOW_NODE_INDEX = 65_279;

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
  intIn(opts.hollowNodes ?? 0, 0, MAX_HOLLOW_NODE_INDEX - opts.nodes, '--hollow-nodes');
  if (opts.hollowMode !== undefined && !['full', 'status-only'].includes(opts.hollowMode))
    throw new Error('--hollow-mode must be full or status-only');
  intIn(opts.schedulerReplicas, 1, 9, '--scheduler-replicas');
  intIn(opts.controllerManagerReplicas, 1, 9, '--controller-manager-replicas');
  intIn(opts.port, 1, 65535, '--port');
  intIn(opts.apiservers ?? 1, 1, 5, '--apiservers');
  intIn(opts.port + (opts.apiservers ?? 1) - 1, 1, 65535, '--port + --apiservers - 1');
  timingsFor(opts.profile); // throws on an unknown profile
}

/** Refuses when state.json names processes that still run. */
function assertNoRunningCluster(home: string): void {
  const prev = readState(home);
  if (!prev) return;
  const live = prev.components.filter((c) => stateOf(c) !== 'dead').map((c) => `${c.name} pid ${c.pid}`);
  // A live supervisor would start the recorded components again.
  if (supervisorState(prev) !== 'dead') live.push(`supervisor pid ${prev.supervisorPid}`);
  if (live.length > 0) {
    throw new Error(
      `a kemu cluster from ${paths.state(home)} is still running (${live.join(', ')}); ` +
        'run `kemu down` first (or `kemu status` to look at it)',
    );
  }
}

export async function up(home: string, opts: UpOptions, print: (s: string) => void): Promise<ClusterState> {
  validate(opts);
  assertNoRunningCluster(home);
  const root = repoRoot();

  const redisVersion = redisServerVersion();
  const storageKind = opts.storage ?? (redisVersion ? 'redis' : 'memory');
  if (storageKind === 'redis' && !redisVersion)
    throw new Error('--storage redis: redis-server is not installed (apt-get install -y redis-server)');
  const apiservers = opts.apiservers ?? 1;
  if (storageKind === 'memory' && apiservers > 1)
    throw new Error('--apiservers needs redis storage: the embedded in-memory store lives inside one apiserver');
  if (storageKind === 'memory' && opts.durable)
    throw new Error('--durable needs redis storage: the embedded in-memory store keeps nothing on disk');

  for (let p = opts.port; p < opts.port + apiservers; p++) {
    if (await portInUse('127.0.0.1', p)) throw new Error(`port ${p} on 127.0.0.1 is in use; pick another with --port`);
  }
  for (let i = 1; i <= opts.nodes; i++) {
    if (await portInUse(NETWORK.nodeIP(i), NETWORK.kubeletPort)) {
      throw new Error(`${NETWORK.nodeIP(i)}:${NETWORK.kubeletPort} is in use — is another kemu cluster running? (kemu down there first)`);
    }
  }

  mkdirSync(paths.logs(home), { recursive: true });
  const storage: StorageSpec =
    storageKind === 'redis' ? { kind: 'redis', port: await freePort(), dir: paths.redisDir(home) } : { kind: 'memory' };
  if (storage.kind === 'redis') mkdirSync(storage.dir, { recursive: true });

  const healthzPorts = new Map<string, number>();
  const plan: ClusterPlan = {
    nodes: opts.nodes,
    profile: opts.profile,
    apiserverPort: opts.port,
    bindAddress: '127.0.0.1',
    storage,
    schedulerReplicas: opts.schedulerReplicas,
    controllerManagerReplicas: opts.controllerManagerReplicas,
    kubeletPort: NETWORK.kubeletPort,
    healthzPort: (name) => healthzPorts.get(name)!,
    pki: opts.insecureHttp ? undefined : paths.pki(home),
    apiservers,
    durable: opts.durable ?? false,
    hollowNodes: opts.hollowNodes ?? 0,
    hollowMode: opts.hollowMode ?? 'status-only',
  };
  for (const name of [
    ...range(opts.schedulerReplicas).map((i) => `scheduler-${i}`),
    ...range(opts.controllerManagerReplicas).map((i) => `controller-manager-${i}`),
    ...range(opts.nodes).map((i) => `proxy-${i}`),
    ...(opts.hollowNodes ? ['hollow-nodes'] : []),
  ])
    healthzPorts.set(
      name,
      await freePortExcept(
        healthzPorts,
        apiserverUrls(plan).map((u) => Number(new URL(u).port)),
        storage,
      ),
    );

  const server = apiserverUrl(plan);
  if (plan.pki) await writeClusterPki(plan.pki, { nodes: opts.nodes, server });
  const state: ClusterState = {
    version: 1,
    home,
    createdAt: new Date().toISOString(),
    profile: opts.profile,
    storage: storage.kind,
    apiserver: server,
    ...(apiservers > 1 ? { apiservers: apiserverUrls(plan) } : {}),
    nodes: opts.nodes,
    kubeconfig: paths.kubeconfig(home),
    components: planComponents(plan).map((s) => recordFor(s, home, root)),
  };
  writeState(state);

  const started = new Map<string, StartedProcess>();
  const start = (rec: ComponentRecord) => {
    started.set(rec.name, launch(rec));
    writeState(state);
  };
  const byKind = (k: ComponentRecord['kind']) => state.components.filter((c) => c.kind === k);

  try {
    if (storage.kind === 'redis') {
      const redis = byKind('redis')[0];
      start(redis);
      await awaitHealthy(redis, started.get('redis'), 15_000);
      print(`Storage: redis-server ${redisVersion} on 127.0.0.1:${storage.port} (append-only data in ${storage.dir})`);
      print(`Durability: ${durabilityNote(plan.durable ?? false)}`);
    } else {
      print(
        'Storage: the embedded in-memory store inside the apiserver (redis-server is ' +
          (redisVersion ? 'installed but --storage memory was asked for' : 'not installed') +
          '); objects are lost when the apiserver stops',
      );
    }

    const apiserverRecs = byKind('apiserver');
    for (const rec of apiserverRecs) start(rec);
    await Promise.all(apiserverRecs.map((rec) => awaitHealthy(rec, started.get(rec.name), 30_000)));
    print(
      `${apiserverRecs.length > 1 ? `${apiserverRecs.length} apiservers` : 'apiserver'} ready at ${apiserverUrls(plan).join(', ')}` +
        `${plan.pki ? ' (TLS, bearer tokens)' : ' (plain HTTP, no authentication: --insecure-http)'}`,
    );
    if (plan.pki) copyFileSync(pkiFiles.kubeconfig(plan.pki, 'admin'), state.kubeconfig);
    else writeFileSync(state.kubeconfig, kubeconfigFor(server));
    const access = accessFromKubeconfig(state.kubeconfig, server);

    const rest = state.components.filter((c) => c.kind !== 'redis' && c.kind !== 'apiserver');
    for (const rec of rest) start(rec);
    await Promise.all(rest.map((rec) => awaitHealthy(rec, started.get(rec.name), 30_000)));
    print(
      `controller-manager ×${opts.controllerManagerReplicas}, scheduler ×${opts.schedulerReplicas}, ` +
        `${opts.nodes} kubelet${opts.nodes > 1 ? 's' : ''} and proxies running`,
    );

    const timings = timingsFor(opts.profile);
    const nodeNames = range(opts.nodes).map((i) => `node-${i}`);
    const hollowNames = range(opts.hollowNodes ?? 0).map((i) => `node-${opts.nodes + i}`);
    await pollUntil(
      async () => {
        const ready = await nodeReadiness(access);
        return nodeNames.every((n) => ready.get(n) === 'True') && hollowNames.every((n) => ready.get(n) === 'True');
      },
      {
        timeoutMs: timings.nodeMonitorGracePeriodMs > 10_000 ? 120_000 : 60_000,
        intervalMs: 300,
        what: `nodes ${nodeNames.join(', ')} to be Ready`,
      },
    );
    if (apiservers > 1) await pointKubeconfigAtService(state.kubeconfig, plan, print);
    // From here on, components that exit on their own are started again (kemu supervise).
    startSupervisor(state);
  } catch (err) {
    print(`kemu up failed: ${(err as Error).message}`);
    if (!(err as Error).message.includes('--- last lines of')) {
      for (const c of state.components.filter((c) => c.pid && (c.name === 'kubelet-1' || c.kind === 'apiserver'))) {
        print(`--- last lines of ${c.log} ---\n${logTail(c.log, 10)}`);
      }
    }
    print('Stopping what was started…');
    await stopCluster(state, 3000, print);
    throw new Error('the cluster did not come up (logs are in ' + paths.logs(home) + ')');
  }

  print(`\nkemu cluster is up: ${opts.nodes} node${opts.nodes > 1 ? 's' : ''} Ready, profile ${opts.profile}.`);
  print(`Point kubectl at it:\n\n  export KUBECONFIG=${state.kubeconfig}\n  kubectl get nodes\n`);
  print('Inspect and break it: kemu status | kemu logs <component> | kemu kill|stop|start|restart|pause|resume <component> | kemu down');
  print('Components that exit on their own are started again after a back-off; what kemu kill/stop ended stays down.');
  return state;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/**
 * With several apiservers the kubeconfig must survive either one dying, and kubectl takes one
 * server URL: point it at the `kubernetes` Service ClusterIP (127.96.0.1:443). Every node's proxy
 * forwards that address to the apiservers' endpoints, which the apiservers keep current
 * themselves (a lease per apiserver; a dead one drops out within a lease duration, and a proxy
 * skips a backend that refuses meanwhile). The serving certificate carries the ClusterIP.
 */
async function pointKubeconfigAtService(kubeconfig: string, plan: ClusterPlan, print: (s: string) => void): Promise<void> {
  const server = `${plan.pki ? 'https' : 'http'}://${NETWORK.kubernetesServiceIP}:443`;
  const ca = plan.pki ? readFileSync(pkiFiles.caCert(plan.pki), 'utf8') : undefined;
  try {
    await pollUntil(async () => (await httpGet(`${server}/readyz`, { ca, timeoutMs: 1000 }).catch(() => undefined))?.status === 200, {
      timeoutMs: 20_000,
      intervalMs: 200,
      what: `the kubernetes Service at ${server} to answer`,
    });
  } catch {
    print(
      `warning: ${server} (the kubernetes Service) does not answer; the kubeconfig keeps ${apiserverUrl(plan)}, which does not fail over`,
    );
    return;
  }
  const doc = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] };
  for (const c of doc.clusters) c.cluster.server = server;
  writeFileSync(kubeconfig, stringify(doc), { mode: 0o600 });
  print(`kubeconfig server: ${server}, the kubernetes Service: the node proxies forward it to whichever apiservers are alive`);
}

async function freePortExcept(taken: Map<string, number>, apiserverPorts: number[], storage: StorageSpec): Promise<number> {
  const used = new Set([...taken.values(), ...apiserverPorts, storage.kind === 'redis' ? storage.port : -1]);
  for (;;) {
    const p = await freePort();
    if (!used.has(p)) return p;
  }
}
