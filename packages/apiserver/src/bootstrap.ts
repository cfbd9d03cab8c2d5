/**
 * Start-up objects every cluster has: the four system namespaces, the `kubernetes` Service in
 * `default` (ClusterIP 127.96.0.1, port 443 → the apiserver) and its Endpoints and EndpointSlice.
 * Safe when several apiservers start at once: creates tolerate AlreadyExists, and each apiserver
 * adds its own address to the endpoints.
 */
import type { Logger } from 'pino';
import {
  LABEL_SERVICE_NAME,
  LABEL_SKIP_MIRROR,
  NETWORK,
  isAlreadyExists,
  type EndpointSlice,
  type Endpoints,
  type KubeObject,
} from '@kemu/api';
import type { Registry } from './registry/registry.js';
import type { WriteOptions } from './registry/context.js';
import { heldValues } from './registry/services.js';
import { AllocationError } from './allocator/range-allocator.js';
import type { Service } from '@kemu/api';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Allocation records younger than this are never treated as leaked (a create may be in flight). */
const LEAK_GRACE_MS = 60_000;

const opts = (): WriteOptions => ({ dryRun: false, fieldValidation: 'Ignore', warnings: [] });

async function ensure(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

export interface BootstrapOptions {
  /** The address and port the kubernetes Service's endpoints point at. */
  endpointIP: string;
  port: number;
}

export async function bootstrap(registry: Registry, o: BootstrapOptions, log: Logger): Promise<void> {
  const namespaces = registry.byName('', 'namespaces');
  for (const name of SYSTEM_NAMESPACES)
    await ensure(() => namespaces.create(undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, opts()));

  await repairAllocations(registry, log);

  const services = registry.byName('', 'services');
  await ensure(() =>
    services.create(
      'default',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: {
          type: 'ClusterIP',
          clusterIP: NETWORK.kubernetesServiceIP,
          sessionAffinity: 'None',
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: o.port }],
        },
      },
      opts(),
    ),
  );

  const endpoints = registry.byName('', 'endpoints');
  const port = { name: 'https', port: o.port, protocol: 'TCP' };
  const ep: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { [LABEL_SKIP_MIRROR]: 'true' } },
    subsets: [{ addresses: [{ ip: o.endpointIP }], ports: [port] }],
  };
  try {
    await endpoints.create('default', ep, opts());
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    await endpoints.guaranteedUpdate('default', 'kubernetes', (cur) => withAddress(cur as Endpoints, o), opts());
  }

  const slices = registry.byName('discovery.k8s.io', 'endpointslices');
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { [LABEL_SERVICE_NAME]: 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [o.endpointIP], conditions: { ready: true } }],
    ports: [port],
  };
  try {
    await slices.create('default', slice, opts());
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    await slices.guaranteedUpdate('default', 'kubernetes', (cur) => withSliceAddress(cur as EndpointSlice, o), opts());
  }
}

function withAddress(ep: Endpoints, o: BootstrapOptions): KubeObject {
  const subset = ep.subsets?.[0];
  if (!subset || subset.ports?.[0]?.port !== o.port) {
    ep.subsets = [{ addresses: [{ ip: o.endpointIP }], ports: [{ name: 'https', port: o.port, protocol: 'TCP' }] }];
  } else if (!(subset.addresses ?? []).some((a) => a.ip === o.endpointIP)) {
    subset.addresses = [...(subset.addresses ?? []), { ip: o.endpointIP }];
  }
  return ep;
}

function withSliceAddress(s: EndpointSlice, o: BootstrapOptions): KubeObject {
  if (s.ports?.[0]?.port !== o.port) {
    s.endpoints = [{ addresses: [o.endpointIP], conditions: { ready: true } }];
    s.ports = [{ name: 'https', port: o.port, protocol: 'TCP' }];
  } else if (!(s.endpoints ?? []).some((e) => e.addresses.includes(o.endpointIP))) {
    s.endpoints = [...(s.endpoints ?? []), { addresses: [o.endpointIP], conditions: { ready: true } }];
  }
  return s;
}

/**
 * Makes the allocation records agree with the stored Services: every value a Service holds is
 * claimed, and records no Service uses (left by a crash between claim and create) are freed.
 */
export async function repairAllocations(registry: Registry, log: Logger): Promise<void> {
  const ctx = registry.ctx;
  const { items } = await ctx.store.list(registry.byName('', 'services').prefix(undefined));
  const used = { ips: new Map<string, string>(), ports: new Map<string, string>() };
  for (const svc of items as Service[]) {
    const owner = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const held = heldValues(svc);
    for (const ip of held.ips) {
      used.ips.set(ip, owner);
      await ctx.clusterIPs.allocateSpecific(ip, owner, false).catch((err) => {
        if (err instanceof AllocationError) log.warn({ ip, owner }, 'service ClusterIP is held by another service');
        else throw err;
      });
    }
    for (const port of held.ports) {
      used.ports.set(port, owner);
      await ctx.nodePorts.allocateSpecific(port, owner, false).catch((err) => {
        if (err instanceof AllocationError) log.warn({ port, owner }, 'service NodePort is held by another service');
        else throw err;
      });
    }
  }
  const now = ctx.clock.now();
  for (const [alloc, inUse] of [
    [ctx.clusterIPs, used.ips],
    [ctx.nodePorts, used.ports],
  ] as const) {
    for (const rec of await alloc.held()) {
      const age = now - Date.parse(rec.metadata.creationTimestamp ?? '');
      if (inUse.get(rec.metadata.name!) === rec.owner || !(age > LEAK_GRACE_MS)) continue;
      log.info({ value: rec.metadata.name, owner: rec.owner }, 'released leaked allocation');
      await alloc.forget(rec);
    }
  }
}
