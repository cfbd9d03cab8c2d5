/**
 * Service rules: ClusterIP and NodePort allocation. Values are claimed while the object is
 * prepared (through the cluster-wide RangeAllocators), released when the write fails, and the
 * values an update or delete gives up are released after it is stored.
 */
import { invalid, type KubeObject, type ResourceInfo, type Service, type ServicePort, type StatusCause } from '@kemu/api';
import { AllocationError, RangeFullError, type RangeAllocator } from '../allocator/range-allocator.js';
import type { RegistryContext } from './context.js';
import { baseStrategy, type Strategy } from './strategy.js';
import type { WriteTxn } from './write-txn.js';

const needsNodePorts = (s: Service) => s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer';
const hasClusterIP = (s: Service) => s.spec?.type !== 'ExternalName' && !!s.spec?.clusterIP && s.spec.clusterIP !== 'None';

/** The ClusterIP and NodePorts a stored Service holds. */
export function heldValues(s: Service): { ips: string[]; ports: string[] } {
  return {
    ips: hasClusterIP(s) ? [s.spec.clusterIP!] : [],
    ports: needsNodePorts(s)
      ? [
          ...new Set(
            (s.spec?.ports ?? [])
              .map((p) => p.nodePort)
              .filter((n): n is number => !!n)
              .map(String),
          ),
        ]
      : [],
  };
}

function ownerOf(s: KubeObject): string {
  return `${s.metadata.namespace}/${s.metadata.name}`;
}

function portKey(p: ServicePort): string {
  return `${p.port}/${p.protocol ?? 'TCP'}`;
}

/**
 * Claims a requested or a free value. A new claim is released if the write fails, or if the
 * stored object does not use it (a retried update that allocated twice).
 */
async function claim(
  alloc: RangeAllocator,
  kind: 'ips' | 'ports',
  value: string | undefined,
  owner: string,
  txn: WriteTxn,
  already: Set<string>,
): Promise<string> {
  const got = value !== undefined ? value : await alloc.allocateNext(owner, txn.dryRun);
  if (value !== undefined) await alloc.allocateSpecific(value, owner, txn.dryRun);
  if (!already.has(got) && !txn.dryRun) {
    txn.onAbort(() => alloc.release(got, owner));
    txn.onCommit(async (stored) => {
      if (!stored || !heldValues(stored as Service)[kind].includes(got)) await alloc.release(got, owner);
    });
  }
  return got;
}

async function allocate(svc: Service, old: Service | undefined, txn: WriteTxn, ctx: RegistryContext): Promise<void> {
  const owner = ownerOf(svc);
  const spec = svc.spec ?? (svc.spec = {});
  const prev = old ? heldValues(old) : { ips: [], ports: [] };
  const causes: StatusCause[] = [];
  const attempt = async (field: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      if (err instanceof AllocationError) causes.push({ ...err.statusCause, field });
      else if (err instanceof RangeFullError)
        causes.push({ reason: 'FieldValueInvalid', field, message: `Internal error: ${err.message}` });
      else throw err;
    }
  };

  if (spec.type === 'ExternalName') {
    // no cluster IP
  } else if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
  } else {
    if (old && hasClusterIP(old) && spec.clusterIP && spec.clusterIP !== old.spec.clusterIP) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIPs[0]',
        message: `Invalid value: ${JSON.stringify(spec.clusterIP)}: may not change once set`,
      });
    } else {
      await attempt('spec.clusterIPs', async () => {
        spec.clusterIP = await claim(ctx.clusterIPs, 'ips', spec.clusterIP || undefined, owner, txn, new Set(prev.ips));
        spec.clusterIPs = [spec.clusterIP];
      });
    }
  }

  const ports = spec.ports ?? [];
  if (needsNodePorts(svc)) {
    const seen = new Map<number, string>();
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i];
      const requested = p.nodePort ? String(p.nodePort) : undefined;
      if (p.nodePort && seen.has(p.nodePort) && seen.get(p.nodePort) === (p.protocol ?? 'TCP')) {
        causes.push({ reason: 'FieldValueDuplicate', field: `spec.ports[${i}].nodePort`, message: `Duplicate value: ${p.nodePort}` });
        continue;
      }
      await attempt(`spec.ports[${i}].nodePort`, async () => {
        p.nodePort = Number(await claim(ctx.nodePorts, 'ports', requested, owner, txn, new Set(prev.ports)));
        seen.set(p.nodePort, p.protocol ?? 'TCP');
      });
    }
  } else {
    ports.forEach((p, i) => {
      if (p.nodePort)
        causes.push({
          reason: 'FieldValueForbidden',
          field: `spec.ports[${i}].nodePort`,
          message: `Forbidden: may not be used when \`type\` is '${spec.type ?? 'ClusterIP'}'`,
        });
    });
  }

  if (causes.length) {
    await txn.abort();
    throw invalid('Service', '', svc.metadata.name ?? '', causes);
  }
  if (!txn.dryRun) {
    // Values the old object held that the stored one no longer does are given back.
    txn.onCommit(async (stored) => {
      const now = stored ? heldValues(stored as Service) : { ips: [], ports: [] };
      for (const ip of prev.ips) if (!now.ips.includes(ip)) await ctx.clusterIPs.release(ip, owner);
      for (const port of prev.ports) if (!now.ports.includes(port)) await ctx.nodePorts.release(port, owner);
    });
  }
}

export function serviceStrategy(r: ResourceInfo): Strategy {
  const base = baseStrategy(r);
  return {
    ...base,
    prepareForCreate(obj) {
      obj.status = { loadBalancer: {} };
    },
    prepareForUpdate(obj, old, ctx) {
      base.prepareForUpdate(obj, old, ctx);
      const svc = obj as Service;
      const prev = old as Service;
      const spec = svc.spec ?? (svc.spec = {});
      // Allocated values the client left out are kept (kubectl replace/apply of a manifest).
      if (!spec.clusterIP && hasClusterIP(prev) && spec.type !== 'ExternalName') {
        spec.clusterIP = prev.spec.clusterIP;
        if (!spec.clusterIPs?.length) spec.clusterIPs = prev.spec.clusterIPs;
      }
      if (needsNodePorts(svc) && needsNodePorts(prev)) {
        const byKey = new Map((prev.spec.ports ?? []).map((p) => [portKey(p), p.nodePort]));
        for (const p of spec.ports ?? []) if (!p.nodePort && byKey.get(portKey(p))) p.nodePort = byKey.get(portKey(p));
      }
    },
    async beginCreate(obj, txn, ctx) {
      await allocate(obj as Service, undefined, txn, ctx);
    },
    async beginUpdate(obj, old, txn, ctx) {
      await allocate(obj as Service, old as Service, txn, ctx);
    },
    async afterDelete(obj, ctx) {
      const held = heldValues(obj as Service);
      const owner = ownerOf(obj);
      for (const ip of held.ips) await ctx.clusterIPs.release(ip, owner);
      for (const port of held.ports) await ctx.nodePorts.release(port, owner);
    },
  };
}
