/**
 * Go's time.Duration as text, in milliseconds: formatDuration is Duration.String() (`1m30s`,
 * `500ms`, `1h0m0s`), parseDuration reads what flags take (`--event-ttl=1h0m0s`). kubectl's
 * HumanDuration for AGE columns (`2d3h`) is another function (the apiserver's tables).
 */

const NS = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12 } as const;

/** Go's Duration.String() of `ms` milliseconds (rounded to whole nanoseconds): 0s, 1.5ms, 850ms, 1.5s, 5m0s, 1h2m3.5s. */
export function formatDuration(ms: number): string {
  const nanos = Math.round(ms * 1e6);
  if (nanos === 0) return '0s';
  const sign = nanos < 0 ? '-' : '';
  let n = Math.abs(nanos);
  if (n < NS.us) return `${sign}${n}ns`;
  if (n < NS.ms) return `${sign}${decimal(n, NS.us, 3)}µs`;
  if (n < NS.s) return `${sign}${decimal(n, NS.ms, 6)}ms`;
  const h = Math.floor(n / NS.h);
  n -= h * NS.h;
  const m = Math.floor(n / NS.m);
  n -= m * NS.m;
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${decimal(n, NS.s, 9)}s`;
}

/** n / unit in decimal, without trailing zeros; exact, as unit = 10^digits. */
function decimal(n: number, unit: number, digits: number): string {
  const whole = Math.floor(n / unit);
  const rest = n - whole * unit;
  return rest ? `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}` : String(whole);
}

/**
 * Milliseconds (rounded) of a Go duration: a sequence of <number><unit> with units ns, us, µs, ms,
 * s, m, h, or a bare `0`. Negative durations are refused: flags that take one mean a length of time.
 */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  const invalid = () => new Error(`invalid duration ${JSON.stringify(text)} (expected e.g. 300ms, 30s, 5m, 1h30m)`);
  if (s.length === 0) throw invalid();
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/y;
  let nanos = 0;
  for (let i = 0; i < s.length; i = part.lastIndex) {
    part.lastIndex = i;
    const m = part.exec(s);
    if (!m) throw invalid();
    nanos += Number(m[1]) * NS[m[2] as keyof typeof NS];
  }
  return Math.round(nanos / 1e6);
}
