/** The arithmetic of paired before/after runs (bench/paired.js), apart from the processes. */
import { median } from './stats.js';

/**
 * Splits `api --secs 1 e2e --nodes 100` into benchmarks with their flags: a word that names a
 * benchmark starts a new group; everything after it up to the next such word is its flags.
 * @param {string[]} args
 * @param {string[]} names  the benchmarks there are
 * @returns {{ name: string, flags: string[] }[]}
 */
export function groupBenchmarks(args, names) {
  const groups = [];
  for (const a of args) {
    if (names.includes(a)) groups.push({ name: a, flags: [] });
    else if (groups.length === 0) throw new Error(`${JSON.stringify(a)} comes before any benchmark name (benchmarks: ${names.join(', ')})`);
    else groups[groups.length - 1].flags.push(a);
  }
  return groups;
}

/** Fields of a result line that describe the run rather than measure it. */
const NOT_FIGURES = new Set(['bench', 'command', 'commit', 'dirty', 'date', 'machine', 'environment', 'settings', 'redis']);

/**
 * The numeric leaves of a benchmark's JSON line, by dotted path; an array element with a
 * `concurrency` or `conc` field is named `c<that>` instead of its index.
 * @returns {Record<string, number>}
 */
export function figures(result, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(result)) {
    if (!prefix && NOT_FIGURES.has(k)) continue;
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' && Number.isFinite(v)) out[path] = v;
    else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        const c = x && typeof x === 'object' ? (x.concurrency ?? x.conc) : undefined;
        if (x && typeof x === 'object') figures(x, `${path}.${c !== undefined ? `c${c}` : i}`, out);
        else if (typeof x === 'number') out[`${path}.${i}`] = x;
      });
    } else if (v && typeof v === 'object') figures(v, path, out);
  }
  return out;
}

/** The figures worth comparing per benchmark; others compare every figure of the JSON line. */
export const HEADLINES = {
  api: /^(create\.c\d+\.(perSecond|p50Ms|p99Ms)|list\.medianMs|watch\.(p50Ms|p99Ms))$/,
  e2e: /^(allRunningAndReadySeconds|podsPerSecond|allCreatedSeconds|startupLatencyMs\.(p50|p99)|toBoundMs\.p50|boundToRunningMs\.p50)$/,
  store: /^(cas\.c\d+\.(kemu|bare|ratio|clientUs\.kemu|redisUs\.kemu)|watch\.p99|watchApiserver\.p99|list\.(apiserverMs|storeListMs))$/,
  codec: /^variants\..*\.(packUs|unpackUs|stringifyUs|charCodeAtNs)$/,
};

/** Whether a larger value of a figure is an improvement (throughputs and ratios) or not (times, costs). */
export function higherIsBetter(path) {
  return /(perSecond|PerSecond|rps|[Rr]atio)$|^cas\.c\d+\.(kemu|bare|bareEncode|bareCodec)$/.test(path);
}

/**
 * Per figure: base and current values of each pair, the current/base ratio of each pair, and
 * the medians. Pairs are kept in run order; a figure missing from a run is left out of that pair.
 * @param {string} name  benchmark
 * @param {{ base: object, current: object }[]} pairs  JSON lines of each pair
 */
export function comparePairs(name, pairs) {
  const headline = HEADLINES[name];
  const per = pairs.map((p) => ({ base: figures(p.base), current: figures(p.current) }));
  const paths = [...new Set(per.flatMap((p) => Object.keys(p.base)))].filter((k) => !headline || headline.test(k));
  const metrics = {};
  for (const path of paths) {
    const both = per.filter((p) => path in p.base && path in p.current);
    if (both.length === 0) continue;
    const base = both.map((p) => p.base[path]);
    const current = both.map((p) => p.current[path]);
    const ratios = both.map((p) => (p.base[path] === 0 ? NaN : round3(p.current[path] / p.base[path])));
    metrics[path] = {
      base,
      current,
      ratios,
      baseMedian: median(base),
      currentMedian: median(current),
      medianRatio: round3(median(ratios)),
      better: higherIsBetter(path) ? 'higher' : 'lower',
    };
  }
  return metrics;
}

const round3 = (x) => (Number.isFinite(x) ? Number(x.toFixed(3)) : x);

/** The last stdout line that is a JSON object: a benchmark's result line. */
export function resultLine(stdout) {
  const lines = stdout.trim().split('\n').reverse();
  for (const l of lines) {
    if (!l.startsWith('{')) continue;
    try {
      return JSON.parse(l);
    } catch {
      /* a summary line that starts with a brace */
    }
  }
  return undefined;
}
