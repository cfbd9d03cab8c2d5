import { describe, expect, it } from 'vitest';
import { IPAllocator } from '../pod/ip-allocator.js';
import { MAX_HOLLOW_NODE_INDEX, hollowNodeIP, hollowPodCIDR } from './address-plan.js';

function range(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const n = ip.split('.').reduce((a, p) => a * 256 + Number(p), 0);
  return [n, n + 2 ** (32 - Number(bits)) - 1];
}

describe('hollow address plan', () => {
  it('keeps the addresses of the first nodes', () => {
    expect([1, 2, 3].map((i) => [hollowNodeIP(i), hollowPodCIDR(i)])).toEqual([
      ['127.10.0.1', '127.244.1.0/24'],
      ['127.10.0.2', '127.244.2.0/24'],
      ['127.10.0.3', '127.244.3.0/24'],
    ]);
    expect(hollowPodCIDR(255)).toBe('127.244.255.0/24');
  });

  it('scales node IPs as 127.10.(i>>8).(i&255) and gives /25s from 127.128.0.0/9 beyond 255', () => {
    expect(hollowNodeIP(256)).toBe('127.10.1.0');
    expect(hollowNodeIP(5000)).toBe('127.10.19.136');
    expect(hollowPodCIDR(256)).toBe('127.128.0.0/25');
    expect(hollowPodCIDR(257)).toBe('127.128.0.128/25');
    // block 4744 → 4744 × 128 = 607,232 = 9 × 65,536 + 17,408 = 9·2¹⁶ + 68·256
    expect(hollowPodCIDR(5000)).toBe('127.137.68.0/25');
    expect(new IPAllocator(hollowPodCIDR(5000)).capacity).toBeGreaterThanOrEqual(110);
  });

  it('never overlaps between nodes, nor with 127.244.0.0/16, node IPs or ClusterIPs', () => {
    const ranges: [number, number][] = [];
    for (let i = 1; i <= MAX_HOLLOW_NODE_INDEX; i++) ranges.push(range(hollowPodCIDR(i)));
    ranges.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < ranges.length; k++) expect(ranges[k][0]).toBeGreaterThan(ranges[k - 1][1]);
    const last = ranges[ranges.length - 1];
    expect(last[1]).toBeLessThanOrEqual(range('127.128.0.0/9')[1]);
    const [p0, p1] = range('127.244.0.0/16');
    const wide = ranges.filter(([a, b]) => b - a === 127);
    expect(wide.some(([a, b]) => b >= p0 && a <= p1)).toBe(false);
    expect(ranges[0][0]).toBeGreaterThan(range('127.96.0.0/16')[1]);
  });

  it('rejects indexes out of range', () => {
    expect(() => hollowPodCIDR(0)).toThrow(/from 1 to/);
    expect(() => hollowNodeIP(MAX_HOLLOW_NODE_INDEX + 1)).toThrow(/from 1 to/);
  });
});
