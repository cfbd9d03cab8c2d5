/**
 * The component definitions of a kemu cluster: which program each component runs and with which
 * flags. `kemu up`, `kemu restart`, the `node-agent` of docker-compose and the compose test all
 * build commands from here, so there is one source of truth for entry points and flags.
 */
import { NETWORK } from '@kemu/api';
import { pkiFiles } from './pki.js';

export type ComponentKind = 'redis' | 'apiserver' | 'controller-manager' | 'scheduler' | 'kubelet' | 'proxy';

/** How `kemu status` (and `up`) tells whether a component answers. */
export type HealthCheck =
  | { type: 'http'; url: string /** CA bundle (PEM file) for an https url. */; caFile?: string }
  | { type: 'redis'; host: string; port: number };

export interface ComponentSpec {
  /** Unique name: `redis`, `apiserver`, `scheduler-1`, `kubelet-2`, … (also the leader-election id). */
  name: string;
  kind: ComponentKind;
  /** Executable: `node` for kemu components, `redis-server` for the store. */
  command: 'node' | 'redis-server';
  /** For node components: the entry script, relative to the repository root. */
  entry?: string;
  /** Flags after the entry script (or after `redis-server`). */
  args: string[];
  /** host:port shown by `kemu status`. */
  address: string;
  health: HealthCheck;
}

/** The entry script of each kemu component (relative to the repo root). */
export const ENTRY_POINTS: Record<Exclude<ComponentKind, 'redis'>, string> = {
  apiserver: 'packages/apiserver/dist/main.js',
  'controller-manager': 'packages/controller-manager/dist/main.js',
  scheduler: 'packages/scheduler/dist/main.js',
  kubelet: 'packages/kubelet/dist/main.js',
  proxy: 'packages/proxy/dist/main.js',
};

/** The CLI's own entry script (docker-compose runs `node-agent` through it). */
export const CLI_ENTRY = 'packages/cli/dist/main.js';

export type StorageSpec = { kind: 'redis'; port: number; dir: string } | { kind: 'memory' };

/** Everything that decides the commands of a cluster. */
export interface ClusterPlan {
  nodes: number;
  profile: string;
  apiserverPort: number;
  /** Where the apiserver listens: 127.0.0.1 locally, 0.0.0.0 in docker-compose. */
  bindAddress: string;
  storage: StorageSpec;
  schedulerReplicas: number;
  controllerManagerReplicas: number;
  kubeletPort: number;
  /** The /healthz port of a scheduler, controller-manager or proxy, by component name. */
  healthzPort(name: string): number;
  /**
   * Folder of the cluster PKI (pki.ts: CA, serving certificate, tokens.csv, one kubeconfig per
   * identity): the apiserver serves HTTPS and requires a token. Undefined: plain HTTP, no auth
   * (`kemu up --insecure-http`, a loopback teaching mode).
   */
  pki?: string;
  /**
   * Apiserver processes on the one store (`kemu up --apiservers N`), on consecutive ports from
   * apiserverPort. Default 1 (named `apiserver`; with more: `apiserver-1`, `apiserver-2`, …).
   */
  apiservers?: number;
  /** redis-server fsyncs every write before acknowledging it (`appendfsync always`, `kemu up --durable`). */
  durable?: boolean;
  /**
   * Hollow nodes (`kemu up --hollow-nodes N`): one kubelet process `hollow-nodes` simulating
   * node-<nodes+1> … node-<nodes+N>, running pods fully or status-only; no proxy for them.
   */
  hollowNodes?: number;
  hollowMode?: 'full' | 'status-only';
}

type ApiserverPlan = Pick<ClusterPlan, 'apiserverPort' | 'pki' | 'apiservers'>;

/** The first apiserver's URL. */
export function apiserverUrl(plan: ApiserverPlan): string {
  return apiserverUrls(plan)[0];
}

/** Every apiserver's URL, in order. */
export function apiserverUrls(plan: ApiserverPlan): string[] {
  return Array.from({ length: plan.apiservers ?? 1 }, (_, i) => `${plan.pki ? 'https' : 'http'}://127.0.0.1:${plan.apiserverPort + i}`);
}

/** The `--apiserver` flag of the components: every apiserver, comma-separated (the client fails over in order). */
export function apiserverFlag(plan: ApiserverPlan): string {
  return apiserverUrls(plan).join(',');
}

/** `--kubeconfig <pki>/<id>.kubeconfig` when the cluster has a PKI. */
function credentialArgs(plan: Pick<ClusterPlan, 'pki'>, id: string): string[] {
  return plan.pki ? ['--kubeconfig', pkiFiles.kubeconfig(plan.pki, id)] : [];
}

export function storageUrl(storage: StorageSpec): string {
  return storage.kind === 'redis' ? `redis://127.0.0.1:${storage.port}` : 'memory';
}

/**
 * What a crash can cost in each durability mode (printed by `kemu up`). With everysec the AOF is
 * write()n before each reply and fsynced every second: a killed redis-server process loses
 * nothing it acknowledged (the kernel has the data), a crash of the machine can lose the last
 * second. With always (--durable) every write is fsynced before the reply, as etcd does.
 */
export function durabilityNote(durable: boolean): string {
  return durable
    ? 'appendfsync always (--durable): every write is on disk before it is acknowledged; a crash of redis-server or of the machine loses nothing acknowledged'
    : 'appendfsync everysec: a crash of the redis-server process loses nothing acknowledged; a crash of the machine can lose up to ~1 s of acknowledged writes (kemu up --durable: none, at a throughput cost)';
}

export function redisSpec(storage: Extract<StorageSpec, { kind: 'redis' }>, durable = false): ComponentSpec {
  return {
    name: 'redis',
    kind: 'redis',
    command: 'redis-server',
    // AOF in the state dir; see durabilityNote for what each fsync policy can lose.
    args: [
      '--port',
      String(storage.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      storage.dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      durable ? 'always' : 'everysec',
      '--save',
      '',
    ],
    address: `127.0.0.1:${storage.port}`,
    health: { type: 'redis', host: '127.0.0.1', port: storage.port },
  };
}

/** The name of apiserver i (1-based): `apiserver` when there is one, else `apiserver-<i>`. */
export function apiserverName(plan: Pick<ClusterPlan, 'apiservers'>, i: number): string {
  return (plan.apiservers ?? 1) > 1 ? `apiserver-${i}` : 'apiserver';
}

/** Every apiserver of the plan. */
export function apiserverSpecs(plan: ClusterPlan): ComponentSpec[] {
  return Array.from({ length: plan.apiservers ?? 1 }, (_, k) => apiserverSpec(plan, k + 1));
}

/** Apiserver i (1-based) on port apiserverPort + i - 1; with several, `--id <name>` names it in its Leases. */
export function apiserverSpec(plan: ClusterPlan, i = 1): ComponentSpec {
  const name = apiserverName(plan, i);
  const port = plan.apiserverPort + i - 1;
  const url = apiserverUrls(plan)[i - 1];
  return {
    name,
    kind: 'apiserver',
    command: 'node',
    entry: ENTRY_POINTS.apiserver,
    args: [
      '--port',
      String(port),
      '--bind-address',
      plan.bindAddress,
      ...(name === 'apiserver' ? [] : ['--id', name]),
      '--storage',
      storageUrl(plan.storage),
      '--profile',
      plan.profile,
      ...(plan.pki
        ? [
            '--tls-cert-file',
            pkiFiles.apiserverCert(plan.pki),
            '--tls-private-key-file',
            pkiFiles.apiserverKey(plan.pki),
            '--token-auth-file',
            pkiFiles.tokens(plan.pki),
          ]
        : []),
    ],
    address: `127.0.0.1:${port}`,
    health: { type: 'http', url: `${url}/readyz`, ...(plan.pki ? { caFile: pkiFiles.caCert(plan.pki) } : {}) },
  };
}

export function controlPlaneSpec(plan: ClusterPlan, kind: 'scheduler' | 'controller-manager', i: number): ComponentSpec {
  const name = `${kind}-${i}`;
  const port = plan.healthzPort(name);
  return {
    name,
    kind,
    command: 'node',
    entry: ENTRY_POINTS[kind],
    args: [
      '--apiserver',
      apiserverFlag(plan),
      ...credentialArgs(plan, kind),
      '--id',
      name,
      '--healthz-port',
      String(port),
      '--profile',
      plan.profile,
    ],
    address: `127.0.0.1:${port}`,
    health: { type: 'http', url: `http://127.0.0.1:${port}/healthz` },
  };
}

export function kubeletSpec(
  plan: Pick<ClusterPlan, 'apiserverPort' | 'kubeletPort' | 'profile' | 'pki' | 'apiservers'>,
  i: number,
): ComponentSpec {
  const ip = NETWORK.nodeIP(i);
  return {
    name: `kubelet-${i}`,
    kind: 'kubelet',
    command: 'node',
    entry: ENTRY_POINTS.kubelet,
    args: [
      '--apiserver',
      apiserverFlag(plan),
      ...credentialArgs(plan, `node-${i}`),
      '--node-name',
      `node-${i}`,
      '--node-ip',
      ip,
      '--pod-cidr',
      NETWORK.podCIDR(i),
      '--port',
      String(plan.kubeletPort),
      '--profile',
      plan.profile,
    ],
    address: `${ip}:${plan.kubeletPort}`,
    health: { type: 'http', url: `http://${ip}:${plan.kubeletPort}/healthz` },
  };
}

export function proxySpec(
  plan: Pick<ClusterPlan, 'apiserverPort' | 'profile' | 'healthzPort' | 'pki' | 'apiservers'>,
  i: number,
): ComponentSpec {
  const ip = NETWORK.nodeIP(i);
  const name = `proxy-${i}`;
  const port = plan.healthzPort(name);
  return {
    name,
    kind: 'proxy',
    command: 'node',
    entry: ENTRY_POINTS.proxy,
    args: [
      '--apiserver',
      apiserverFlag(plan),
      ...credentialArgs(plan, 'proxy'),
      '--node-name',
      `node-${i}`,
      '--node-ip',
      ip,
      '--healthz-port',
      String(port),
      '--profile',
      plan.profile,
    ],
    address: `${ip}:${port}`,
    health: { type: 'http', url: `http://${ip}:${port}/healthz` },
  };
}

/** The one kubelet process of the hollow nodes (node-<nodes+1> …), its /healthz on 127.0.0.1. */
export function hollowNodesSpec(
  plan: Pick<
    ClusterPlan,
    'apiserverPort' | 'kubeletPort' | 'profile' | 'pki' | 'apiservers' | 'nodes' | 'hollowNodes' | 'hollowMode' | 'healthzPort'
  >,
): ComponentSpec {
  const port = plan.healthzPort('hollow-nodes');
  return {
    name: 'hollow-nodes',
    kind: 'kubelet',
    command: 'node',
    entry: ENTRY_POINTS.kubelet,
    args: [
      '--apiserver',
      apiserverFlag(plan),
      ...credentialArgs(plan, 'hollow-nodes'),
      '--hollow-nodes',
      String(plan.hollowNodes),
      '--first-node-index',
      String(plan.nodes + 1),
      '--hollow-mode',
      plan.hollowMode ?? 'status-only',
      '--port',
      String(plan.kubeletPort),
      '--healthz-port',
      String(port),
      '--profile',
      plan.profile,
      '--log-level',
      'warn',
    ],
    address: `127.0.0.1:${port}`,
    health: { type: 'http', url: `http://127.0.0.1:${port}/healthz` },
  };
}

/** Every component of the cluster, in start order (store, apiserver, control plane, nodes). */
export function planComponents(plan: ClusterPlan): ComponentSpec[] {
  const specs: ComponentSpec[] = [];
  if (plan.storage.kind === 'redis') specs.push(redisSpec(plan.storage, plan.durable));
  specs.push(...apiserverSpecs(plan));
  for (let i = 1; i <= plan.controllerManagerReplicas; i++) specs.push(controlPlaneSpec(plan, 'controller-manager', i));
  for (let i = 1; i <= plan.schedulerReplicas; i++) specs.push(controlPlaneSpec(plan, 'scheduler', i));
  for (let i = 1; i <= plan.nodes; i++) specs.push(kubeletSpec(plan, i), proxySpec(plan, i));
  if (plan.hollowNodes) specs.push(hollowNodesSpec(plan));
  const reserved = reservedAddresses(plan, specs).join(',');
  for (const s of specs) if (s.kind === 'proxy') s.args.push('--reserved-addresses', reserved);
  return specs;
}

/**
 * What the proxies must never bind for a Service (their `--reserved-addresses`): every
 * component's address (the apiservers on their bind address, Redis, the kubelets, every /healthz)
 * and the kubelet port on every node IP, hollow nodes' included.
 */
export function reservedAddresses(plan: Pick<ClusterPlan, 'bindAddress' | 'kubeletPort'>, specs: readonly ComponentSpec[]): string[] {
  const addresses = specs.map((s) => (s.kind === 'apiserver' ? `${plan.bindAddress}:${s.address.split(':')[1]}` : s.address));
  return [...new Set([...addresses.filter((a) => /^[\d.]+:\d+$/.test(a)), `${NETWORK.nodeIPRange}:${plan.kubeletPort}`])];
}

/**
 * Fixed /healthz ports for a topology that cannot pick free ports at start-up (docker-compose):
 * Kubernetes' own defaults (kube-proxy 10256, controller-manager 10257, scheduler 10259) for
 * replica 1, +100 for every further replica or node.
 */
export function wellKnownHealthzPort(name: string): number {
  const m = /^(scheduler|controller-manager|proxy)-(\d+)$/.exec(name);
  if (!m) throw new Error(`no healthz port for component "${name}"`);
  const base = { scheduler: 10259, 'controller-manager': 10257, proxy: 10256 }[m[1] as 'scheduler'];
  return base + 100 * (Number(m[2]) - 1);
}

/** The command line of a spec, with the entry resolved against `root` when given. */
export function commandLine(spec: ComponentSpec, root?: string): { command: string; args: string[] } {
  if (spec.command === 'redis-server') return { command: 'redis-server', args: spec.args };
  const entry = root ? `${root}/${spec.entry}` : spec.entry!;
  return { command: 'node', args: [entry, ...spec.args] };
}
