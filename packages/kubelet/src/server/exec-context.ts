/**
 * What an exec'd shell sees beyond the image: the pod's volumes mounted where its container
 * mounts them (configMap, secret, downwardAPI and projected read from the API at exec time,
 * read-only; emptyDir writable and shared by the pod's containers for the pod's life;
 * persistentVolumeClaim writable and kept per claim while the kubelet runs), the cluster DNS
 * (service names → ClusterIP, headless ones → an endpoint), the process table and signals.
 */
import { R, bytes, type Container, type Endpoints, type KubeObject, type Pod, type Service } from '@kemu/api';
import type { Client } from '@kemu/client';
import type { ContainerInstance } from '../runtime/container.js';
import type { Sandbox } from '../runtime/runtime.js';
import type { Mount } from '../runtime/shell-fs.js';
import type { ShellEnv } from '../runtime/shell.js';

export type ShellExtras = Pick<ShellEnv, 'mounts' | 'resolveHost' | 'processes' | 'kill'> & {
  /** Single files mounted with subPath: placed into the container's own files. */
  files: Record<string, string>;
};

const emptyDirs = new WeakMap<Sandbox, Map<string, Record<string, string>>>();
const claims = new Map<string, Record<string, string>>();

const SIGNAL_EXIT: Record<string, number> = { TERM: 143, KILL: 137, INT: 130, HUP: 129, QUIT: 131 };

interface ConfigMapLike extends KubeObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}
interface KeyToPath {
  key: string;
  path: string;
}
interface Volume {
  name: string;
  emptyDir?: { sizeLimit?: string };
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { secretName: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: { path: string; fieldRef?: { fieldPath: string } }[] };
  projected?: {
    sources?: {
      configMap?: Volume['configMap'];
      secret?: { name: string; items?: KeyToPath[]; optional?: boolean };
      downwardAPI?: Volume['downwardAPI'];
      serviceAccountToken?: { path: string };
    }[];
  };
  persistentVolumeClaim?: { claimName: string };
}

export async function shellExtras(
  client: Client | undefined,
  pod: Pod,
  sandbox: Sandbox | undefined,
  container: Container,
  inst: ContainerInstance,
  command: string[],
): Promise<ShellExtras> {
  const ns = pod.metadata.namespace ?? 'default';
  const files: Record<string, string> = {};
  return {
    mounts: await mounts(client, pod, sandbox, container, files),
    files,
    resolveHost: client ? (name) => resolveHost(client, ns, name) : undefined,
    processes: () => [
      { pid: 1, command: mainCommand(container, inst) },
      { pid: 7, command: command.join(' ') || 'sh' },
    ],
    kill: (pid, signal) => {
      if (pid !== 1) return pid === 7;
      if (inst.state !== 'running') return false;
      inst.exit(SIGNAL_EXIT[signal] ?? 143, 'Error', undefined, signal !== 'KILL');
      return true;
    },
  };
}

function mainCommand(c: Container, inst: ContainerInstance): string {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (argv.length) return argv.join(' ');
  const image = c.image ?? '';
  if (image.includes('bootcamp')) return 'node server.js';
  if (image.includes('nginx')) return 'nginx: master process nginx -g daemon off;';
  if (image.includes('pause')) return '/pause';
  return inst.name === 'busybox' ? 'sh' : (image.split('/').pop()?.split(':')[0] ?? 'sh');
}

async function getOptional<T extends KubeObject>(
  client: Client | undefined,
  r: typeof R.configmaps,
  ns: string,
  name: string,
): Promise<T | undefined> {
  if (!client) return undefined;
  try {
    return await client.get<T>(r, ns, name);
  } catch {
    return undefined;
  }
}

function pick(data: Record<string, string>, items: KeyToPath[] | undefined): Record<string, string> {
  if (!items?.length) return { ...data };
  const out: Record<string, string> = {};
  for (const it of items) if (data[it.key] !== undefined) out[it.path] = data[it.key];
  return out;
}

const decode = (m: Record<string, string> | undefined) =>
  Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));

function downward(pod: Pod, items: NonNullable<Volume['downwardAPI']>['items']): Record<string, string> {
  const out: Record<string, string> = {};
  const fmt = (m: Record<string, string> | undefined) =>
    Object.entries(m ?? {})
      .map(([k, v]) => `${k}="${v}"`)
      .join('\n');
  for (const it of items ?? []) {
    const f = it.fieldRef?.fieldPath;
    if (f === 'metadata.name') out[it.path] = pod.metadata.name ?? '';
    else if (f === 'metadata.namespace') out[it.path] = pod.metadata.namespace ?? '';
    else if (f === 'metadata.uid') out[it.path] = pod.metadata.uid ?? '';
    else if (f === 'metadata.labels') out[it.path] = fmt(pod.metadata.labels);
    else if (f === 'metadata.annotations') out[it.path] = fmt(pod.metadata.annotations);
  }
  return out;
}

async function volumeFiles(
  client: Client | undefined,
  pod: Pod,
  sandbox: Sandbox | undefined,
  v: Volume,
): Promise<{ files: Record<string, string>; writable: boolean; capacityBytes?: number }> {
  const ns = pod.metadata.namespace ?? 'default';
  if (v.emptyDir || !Object.keys(v).some((k) => k !== 'name')) {
    let dirs = sandbox ? emptyDirs.get(sandbox) : undefined;
    if (sandbox && !dirs) {
      dirs = new Map();
      emptyDirs.set(sandbox, dirs);
    }
    let files = dirs?.get(v.name);
    if (!files) {
      files = {};
      dirs?.set(v.name, files);
    }
    return { files, writable: true, capacityBytes: sizeLimit(v.emptyDir?.sizeLimit) };
  }
  if (v.persistentVolumeClaim) {
    const key = `${ns}/${v.persistentVolumeClaim.claimName}`;
    let files = claims.get(key);
    if (!files) {
      files = {};
      claims.set(key, files);
    }
    return { files, writable: true };
  }
  if (v.configMap) {
    const cm = await getOptional<ConfigMapLike>(client, R.configmaps, ns, v.configMap.name);
    return { files: pick({ ...cm?.data, ...decode(cm?.binaryData) }, v.configMap.items), writable: false };
  }
  if (v.secret) {
    const s = await getOptional<ConfigMapLike>(client, R.secrets, ns, v.secret.secretName);
    return { files: pick(decode(s?.data), v.secret.items), writable: false };
  }
  if (v.downwardAPI) return { files: downward(pod, v.downwardAPI.items), writable: false };
  if (v.projected) {
    const files: Record<string, string> = {};
    for (const src of v.projected.sources ?? []) {
      if (src.configMap) {
        const cm = await getOptional<ConfigMapLike>(client, R.configmaps, ns, src.configMap.name);
        Object.assign(files, pick({ ...cm?.data, ...decode(cm?.binaryData) }, src.configMap.items));
      } else if (src.secret) {
        const s = await getOptional<ConfigMapLike>(client, R.secrets, ns, src.secret.name);
        Object.assign(files, pick(decode(s?.data), src.secret.items));
      } else if (src.downwardAPI) {
        Object.assign(files, downward(pod, src.downwardAPI.items));
      } else if (src.serviceAccountToken) {
        files[src.serviceAccountToken.path] = `kemu-simulated-token-for-${pod.spec.serviceAccountName ?? 'default'}`;
      }
    }
    return { files, writable: false };
  }
  return { files: {}, writable: true }; // hostPath and the rest: an empty writable directory
}

async function mounts(
  client: Client | undefined,
  pod: Pod,
  sandbox: Sandbox | undefined,
  c: Container,
  single: Record<string, string>,
): Promise<Mount[]> {
  const volumes = (pod.spec.volumes ?? []) as Volume[];
  const out: Mount[] = [];
  for (const vm of (c.volumeMounts ?? []) as { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[]) {
    const v = volumes.find((x) => x.name === vm.name);
    if (!v || !vm.mountPath) continue;
    const { files, writable, capacityBytes } = await volumeFiles(client, pod, sandbox, v);
    const path = '/' + vm.mountPath.split('/').filter(Boolean).join('/');
    if (vm.subPath) {
      const sub = vm.subPath.replace(/^\/+|\/+$/g, '');
      if (files[sub] !== undefined) {
        single[path] = files[sub];
        continue;
      }
      const scoped: Record<string, string> = {};
      for (const [k, val] of Object.entries(files)) if (k.startsWith(sub + '/')) scoped[k.slice(sub.length + 1)] = val;
      out.push({ path, files: scoped, readOnly: !writable || Boolean(vm.readOnly) });
      continue;
    }
    out.push({ path, files, readOnly: !writable || Boolean(vm.readOnly), capacityBytes });
  }
  return out;
}

/** An emptyDir's sizeLimit in bytes; undefined (the default capacity) when absent or unreadable. */
function sizeLimit(q: string | undefined): number | undefined {
  if (q === undefined) return undefined;
  try {
    return bytes(q);
  } catch {
    return undefined;
  }
}

/** The cluster DNS: `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`; headless → an endpoint. */
async function resolveHost(client: Client, podNamespace: string, name: string): Promise<{ fqdn: string; ip: string } | undefined> {
  const parts = name.toLowerCase().split('.');
  let svc: string;
  let ns = podNamespace;
  if (parts.length === 1) svc = parts[0];
  else if (parts.length === 2) [svc, ns] = parts;
  else if (parts.length >= 3 && parts[2] === 'svc' && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local'))
    [svc, ns] = parts;
  else return undefined;
  const fqdn = `${svc}.${ns}.svc.cluster.local`;
  const s = await getOptional<Service>(client, R.services, ns, svc);
  if (!s) return undefined;
  if (s.spec.type === 'ExternalName' && s.spec.externalName) return { fqdn, ip: s.spec.externalName };
  if (s.spec.clusterIP && s.spec.clusterIP !== 'None') return { fqdn, ip: s.spec.clusterIP };
  const ep = await getOptional<Endpoints>(client, R.endpoints, ns, svc);
  const ip = ep?.subsets?.flatMap((x) => x.addresses ?? [])[0]?.ip;
  return ip ? { fqdn, ip } : undefined;
}
