/**
 * Go-style durations for flags, as kube-apiserver takes them (`--etcd-compaction-interval=5m0s`,
 * `--event-ttl=1h0m0s`): a sequence of <number><unit> with units ns, us, µs, ms, s, m, h, or a
 * bare `0`. Returns milliseconds.
 */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  let i = 0;
  while (i < s.length) {
    part.lastIndex = i;
    const m = part.exec(s);
    if (!m) throw new Error(`invalid duration ${JSON.stringify(text)} (expected e.g. 300ms, 30s, 5m, 1h30m)`);
    ms += Number(m[1]) * UNIT_MS[m[2]];
    i = part.lastIndex;
  }
  if (s.length === 0) throw new Error('invalid duration "" (expected e.g. 300ms, 30s, 5m, 1h30m)');
  return Math.round(ms);
}

/** 300000 → "5m0s", as Go prints durations. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
