/** Small statistics and machine facts for benchmark reports. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export const round = (x, digits = 0) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** nproc, CPU model, load average and Node version: printed with every result. */
export function machine() {
  let cpu = 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    /* not Linux */
  }
  return {
    nproc: os.availableParallelism(),
    cpu,
    loadavg: os.loadavg().map((x) => round(x, 2)),
    node: process.version,
  };
}
