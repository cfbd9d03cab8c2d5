/**
 * Where hollow node i lives on the loopback fabric, for any i from 1 to MAX_HOLLOW_NODE_INDEX:
 *
 * - node IP: 127.10.(i >> 8).(i & 255) — NETWORK.nodeIP, so node-1…3 keep 127.10.0.1…3;
 * - pod CIDR: for i ≤ 255 the /24 127.244.i.0/24 (NETWORK.podCIDR, unchanged); beyond that a /25
 *   (125 pod addresses ≥ the default 110 max pods) carved in order from 127.128.0.0/9, skipping
 *   the /25s inside 127.244.0.0/16 so the two ranges never overlap. 127.128.0.0/9 holds 65,536
 *   /25s; minus the 512 inside 127.244/16 that leaves room for 255 + 65,024 = 65,279 nodes.
 *
 * Nothing in 127.128.0.0/9 collides with node IPs (127.10/16) or ClusterIPs (127.96/16).
 */
import { NETWORK } from '@kemu/api';

export const MAX_HOLLOW_NODE_INDEX = 255 + 65_536 - 512;

const WIDE_BASE = ((127 << 24) >>> 0) + (128 << 16);
/** Index of the first /25 of 127.244.0.0/16 within 127.128.0.0/9, and how many /25s it spans. */
const SKIP_FROM = (244 - 128) * 512;
const SKIP_COUNT = 512;

function checkIndex(i: number): void {
  if (!Number.isInteger(i) || i < 1 || i > MAX_HOLLOW_NODE_INDEX) {
    throw new Error(`node index must be an integer from 1 to ${MAX_HOLLOW_NODE_INDEX} (got ${i})`);
  }
}

function intToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function hollowNodeIP(i: number): string {
  checkIndex(i);
  return NETWORK.nodeIP(i);
}

export function hollowPodCIDR(i: number): string {
  checkIndex(i);
  if (i <= 255) return NETWORK.podCIDR(i);
  let block = i - 256;
  if (block >= SKIP_FROM) block += SKIP_COUNT;
  return `${intToIp(WIDE_BASE + block * 128)}/25`;
}
