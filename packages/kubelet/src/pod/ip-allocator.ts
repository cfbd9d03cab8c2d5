/**
 * Pod IPs from the node's pod CIDR: hosts .2 up to the last-but-one address (.1 is the
 * "gateway", the last is broadcast). Allocation walks forward from the last one handed out, so a
 * released address is reused only after the others.
 */

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) throw new Error(`invalid IPv4 address "${ip}"`);
  return ((p[0] << 24) >>> 0) + (p[1] << 16) + (p[2] << 8) + p[3];
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class IPAllocator {
  private readonly first: number;
  private readonly last: number;
  /** owner (pod uid) by address */
  private readonly used = new Map<number, string>();
  private cursor: number;

  constructor(readonly cidr: string) {
    const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
    if (!m || Number(m[2]) > 30) throw new Error(`invalid pod CIDR "${cidr}" (want an IPv4 CIDR of /30 or larger)`);
    const bits = Number(m[2]);
    const size = 2 ** (32 - bits);
    const base = Math.floor(ipToInt(m[1]) / size) * size;
    this.first = base + 2;
    this.last = base + size - 2;
    this.cursor = this.last;
  }

  get capacity(): number {
    return this.last - this.first + 1;
  }

  contains(ip: string): boolean {
    try {
      const n = ipToInt(ip);
      return n >= this.first && n <= this.last;
    } catch {
      return false;
    }
  }

  /** Allocates an address for owner; `preferred` is honoured when free and in range. Throws when exhausted. */
  allocate(owner: string, preferred?: string): string {
    for (const [n, o] of this.used) if (o === owner) return intToIp(n);
    if (preferred && this.contains(preferred) && !this.used.has(ipToInt(preferred))) {
      this.used.set(ipToInt(preferred), owner);
      return preferred;
    }
    for (let i = 0; i < this.capacity; i++) {
      this.cursor = this.cursor >= this.last ? this.first : this.cursor + 1;
      if (!this.used.has(this.cursor)) {
        this.used.set(this.cursor, owner);
        return intToIp(this.cursor);
      }
    }
    throw new Error(`no free pod IP in ${this.cidr}`);
  }

  release(owner: string): void {
    for (const [n, o] of this.used) if (o === owner) this.used.delete(n);
  }

  inUse(): number {
    return this.used.size;
  }
}
