/**
 * The addresses a proxy never binds because a kemu component listens there (the apiserver, the
 * kubelets, every /healthz port, Redis). A Service naming one of them (externalIPs, a load-balancer
 * IP, a nodePort) would otherwise win the bind race on that component's next restart and take
 * its traffic. An entry is `<IPv4>:<port>` or `<IPv4 CIDR>:<port>`; the port may be `*`, and a
 * host of `0.0.0.0` (a component bound to every address) reserves the port on every address.
 */
import { NETWORK } from '@kemu/api';

/**
 * Reserved on every proxy whatever the flags say: 127.0.0.1 (the apiserver, Redis, the
 * scheduler's and controller-manager's /healthz; no Service address is ever there) and the
 * kubelet port on every node IP (NETWORK.nodeIPRange).
 */
export const BUILT_IN_RESERVED: readonly string[] = ['127.0.0.1:*', `${NETWORK.nodeIPRange}:${NETWORK.kubeletPort}`];

interface Entry {
  base: number;
  mask: number;
  /** undefined: every port. */
  port?: number;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function parseEntry(text: string): Entry {
  const i = text.lastIndexOf(':');
  const [host, bitsText] = text.slice(0, i).split('/');
  const portText = text.slice(i + 1);
  const ip = ipv4(host);
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const port = portText === '*' ? undefined : Number(portText);
  if (
    i < 0 ||
    ip === undefined ||
    !Number.isInteger(bits) ||
    bits < 0 ||
    bits > 32 ||
    (port !== undefined && !(port >= 0 && port <= 65535))
  )
    throw new Error(`invalid reserved address "${text}" (want IP:port, CIDR:port or IP:*)`);
  const mask = ip === 0 ? 0 : bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return { base: (ip & mask) >>> 0, mask, port };
}

export class ReservedAddresses {
  private readonly entries: Entry[];

  /** Throws on a malformed entry. */
  constructor(entries: readonly string[]) {
    this.entries = entries
      .map((e) => e.trim())
      .filter(Boolean)
      .map(parseEntry);
  }

  /** The built-in set plus `extra` (the proxy's --reserved-addresses, comma-separated). */
  static withBuiltIns(extra: readonly string[] = []): ReservedAddresses {
    return new ReservedAddresses([...BUILT_IN_RESERVED, ...extra]);
  }

  /** Whether `address` (`IPv4:port`) is reserved. */
  has(address: string): boolean {
    const i = address.lastIndexOf(':');
    const ip = ipv4(address.slice(0, i));
    const port = Number(address.slice(i + 1));
    if (ip === undefined) return false;
    return this.entries.some((e) => (e.port === undefined || e.port === port) && (ip & e.mask) >>> 0 === e.base);
  }
}
