import { describe, expect, it } from 'vitest';
import { describeErrors, parseWrk, sumErrors } from './lib/wrk.js';

const CLEAN = `Running 5s test @ http://127.0.0.1:80/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.20ms  400.00us  12.00ms   90.00%
    Req/Sec    27.10k     1.00k   29.00k    70.00%
  Latency Distribution
     50%    1.10ms
     75%    1.30ms
     90%    1.60ms
     99%    3.97ms
  135535 requests in 5.00s, 110.00MB read
Requests/sec:  27107.00
Transfer/sec:     22.00MB
`;

const FAILING = CLEAN.replace('     99%    3.97ms', '     99%  850.00us').replace(
  '  135535 requests',
  '  Socket errors: connect 2, read 12, write 0, timeout 3\n  Non-2xx or 3xx responses: 5\n  135535 requests',
);

describe('parseWrk', () => {
  it('reads requests/s, the p99 latency and the request count, with no errors when wrk prints none', () => {
    expect(parseWrk(CLEAN)).toEqual({
      rps: 27107,
      p99Ms: 3.97,
      requests: 135535,
      errors: { connect: 0, read: 0, write: 0, timeout: 0, non2xx3xx: 0, total: 0 },
    });
    expect(describeErrors(parseWrk(CLEAN).errors)).toBe('none');
  });

  it('reads socket errors and non-2xx/3xx responses, and latencies in µs', () => {
    const r = parseWrk(FAILING);
    expect(r.p99Ms).toBeCloseTo(0.85, 6);
    expect(r.errors).toEqual({ connect: 2, read: 12, write: 0, timeout: 3, non2xx3xx: 5, total: 22 });
    expect(describeErrors(r.errors)).toBe('connect 2, read 12, timeout 3, non-2xx/3xx 5');
    expect(sumErrors([r.errors, r.errors, parseWrk(CLEAN).errors]).total).toBe(44);
  });
});
