/** Reading wrk's output (https://github.com/wg/wrk, `--latency`). */

const UNIT_MS = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/**
 * Requests/s, p99 latency, the request count and wrk's errors from one run's stdout. wrk prints
 * "Socket errors: …" and "Non-2xx or 3xx responses: …" only when there were any; absent lines
 * count as zero.
 * @param {string} stdout
 * @returns {{ rps: number, p99Ms: number, requests: number,
 *             errors: { connect: number, read: number, write: number, timeout: number, non2xx3xx: number, total: number } }}
 */
export function parseWrk(stdout) {
  const p99 = /^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(stdout);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const [connect, read, write, timeout] = socket ? socket.slice(1).map(Number) : [0, 0, 0, 0];
  const non2xx3xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]),
    p99Ms: p99 ? Number(p99[1]) * UNIT_MS[p99[2]] : NaN,
    requests: Number(/(\d+) requests in /.exec(stdout)?.[1] ?? NaN),
    errors: { connect, read, write, timeout, non2xx3xx, total: connect + read + write + timeout + non2xx3xx },
  };
}

/** The sum of several runs' errors. */
export function sumErrors(list) {
  const sum = { connect: 0, read: 0, write: 0, timeout: 0, non2xx3xx: 0, total: 0 };
  for (const e of list) for (const k of Object.keys(sum)) sum[k] += e[k];
  return sum;
}

/** "none" or "read 12, timeout 3, non-2xx/3xx 5". */
export function describeErrors(e) {
  if (e.total === 0) return 'none';
  const parts = [
    ['connect', e.connect],
    ['read', e.read],
    ['write', e.write],
    ['timeout', e.timeout],
    ['non-2xx/3xx', e.non2xx3xx],
  ];
  return parts
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}
