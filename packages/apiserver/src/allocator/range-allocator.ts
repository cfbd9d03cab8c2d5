/**
 * A cluster-wide allocator of values from a fixed range (ClusterIPs, NodePorts), safe across
 * concurrent requests and several apiservers: each allocated value is a create-only record in the
 * store (`/registry/kemu.internal/<kind>/<value>`), so two claims of one value cannot both
 * succeed — the same idea as the IPAddress objects of Kubernetes' MultiCIDRServiceAllocator.
 */
import { randomInt } from 'node:crypto';
import { rfc3339, type Clock, type KubeObject, type StatusCause } from '@kemu/api';
import { StorageError, collectionPrefix, objectKey, type Store } from '@kemu/storage';

export interface Range {
  /** Number of values allocatable by random choice. */
  size: number;
  /** The i-th value of the random pool (0 ≤ i < size). */
  at(i: number): string;
  /** Whether a value may be requested explicitly. */
  contains(value: string): boolean;
  /** Human description for error messages (`30000-32767`). */
  describe: string;
}

export interface AllocationRecord extends KubeObject {
  /** `namespace/name` of the Service holding the value. */
  owner: string;
}

export class RangeFullError extends Error {}

/** A requested value cannot be had; `cause` is the field error for the 422. */
export class AllocationError extends Error {
  constructor(readonly statusCause: StatusCause) {
    super(statusCause.message);
    this.name = 'AllocationError';
  }
}

export class RangeAllocator {
  private readonly res: { group: string; resource: string; namespaced: boolean };

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    kind: string,
    readonly range: Range,
    private readonly field: string,
  ) {
    this.res = { group: 'kemu.internal', resource: kind, namespaced: false };
  }

  private key(value: string): string {
    return objectKey(this.res, undefined, value);
  }

  private record(value: string, owner: string): AllocationRecord {
    return {
      apiVersion: 'kemu.internal/v1',
      kind: 'Allocation',
      metadata: { name: value, creationTimestamp: rfc3339(this.clock.now()) },
      owner,
    };
  }

  /** Claims `value` for owner. Throws 422 when it is out of range or held by someone else. */
  async allocateSpecific(value: string, owner: string, dryRun: boolean): Promise<void> {
    if (!this.range.contains(value))
      throw this.invalid(
        value,
        `provided ${this.what()} is not in the valid range. The range of valid ${this.what()}s is ${this.range.describe}`,
      );
    if (dryRun) {
      const held = (await this.store.get(this.key(value))) as AllocationRecord | undefined;
      if (held && held.owner !== owner) throw this.invalid(value, `provided ${this.what()} is already allocated`);
      return;
    }
    try {
      await this.store.create(this.key(value), this.record(value, owner));
    } catch (err) {
      if (err instanceof StorageError && err.code === 'KeyExists') {
        const held = (await this.store.get(this.key(value))) as AllocationRecord | undefined;
        if (held && held.owner === owner) return;
        throw this.invalid(value, `provided ${this.what()} is already allocated`);
      }
      throw err;
    }
  }

  /** Claims a free value: random probes first, then a scan of what is held. */
  async allocateNext(owner: string, dryRun: boolean): Promise<string> {
    for (let attempt = 0; attempt < 16; attempt++) {
      const value = this.range.at(randomInt(this.range.size));
      if (await this.tryClaim(value, owner, dryRun)) return value;
    }
    const held = new Set((await this.store.list(collectionPrefix(this.res))).items.map((o) => o.metadata.name!));
    const start = randomInt(this.range.size);
    for (let k = 0; k < this.range.size; k++) {
      const value = this.range.at((start + k) % this.range.size);
      if (held.has(value)) continue;
      if (await this.tryClaim(value, owner, dryRun)) return value;
    }
    throw new RangeFullError(`range is full: no ${this.what()}s available in ${this.range.describe}`);
  }

  private async tryClaim(value: string, owner: string, dryRun: boolean): Promise<boolean> {
    if (dryRun) return (await this.store.get(this.key(value))) === undefined;
    try {
      await this.store.create(this.key(value), this.record(value, owner));
      return true;
    } catch (err) {
      if (err instanceof StorageError && err.code === 'KeyExists') return false;
      throw err;
    }
  }

  /** Frees value if owner holds it. Never throws for a value already free. */
  async release(value: string, owner: string): Promise<void> {
    const key = this.key(value);
    const held = (await this.store.get(key)) as AllocationRecord | undefined;
    if (!held || held.owner !== owner) return;
    try {
      await this.store.delete(key, { preconditions: { resourceVersion: held.metadata.resourceVersion } });
    } catch (err) {
      if (err instanceof StorageError && (err.code === 'KeyNotFound' || err.code === 'Conflict')) return;
      throw err;
    }
  }

  /** All held values and their owners. */
  async held(): Promise<AllocationRecord[]> {
    return (await this.store.list(collectionPrefix(this.res))).items as AllocationRecord[];
  }

  /** Deletes a record unconditionally-by-revision (repair of leaked values). */
  async forget(rec: AllocationRecord): Promise<void> {
    try {
      await this.store.delete(this.key(rec.metadata.name!), { preconditions: { resourceVersion: rec.metadata.resourceVersion } });
    } catch (err) {
      if (err instanceof StorageError && (err.code === 'KeyNotFound' || err.code === 'Conflict')) return;
      throw err;
    }
  }

  private what(): string {
    return this.field.endsWith('nodePort') ? 'port' : 'IP';
  }

  private invalid(value: string, message: string): AllocationError {
    const shown = this.what() === 'port' ? value : JSON.stringify(value);
    return new AllocationError({ reason: 'FieldValueInvalid', field: this.field, message: `Invalid value: ${shown}: ${message}` });
  }
}

/** An IPv4 CIDR as a Range; the network, broadcast and the first host address are not handed out randomly. */
export function ipv4Range(cidr: string, reserveFirst = true): Range {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const baseNum = ipToNumber(base) & (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);
  const total = 2 ** (32 - bits);
  const first = reserveFirst ? 2 : 1;
  return {
    size: total - first - 1,
    at: (i) => numberToIp(baseNum + first + i),
    contains(value) {
      const n = ipToNumber(value);
      return !Number.isNaN(n) && n > baseNum && n < baseNum + total - 1;
    },
    describe: cidr,
  };
}

export function portRange(min: number, max: number): Range {
  return {
    size: max - min + 1,
    at: (i) => String(min + i),
    contains(value) {
      const n = Number(value);
      return Number.isInteger(n) && n >= min && n <= max;
    },
    describe: `${min}-${max}`,
  };
}

export function ipToNumber(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) return NaN;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return NaN;
    n = n * 256 + Number(p);
  }
  return n;
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
