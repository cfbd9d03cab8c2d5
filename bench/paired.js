/**
 * `npm run bench -- paired --base <checkout> [--reps 3] <benchmark> [its flags] [<benchmark> [its flags]]…`:
 * before/after runs, paired. For each repetition and each named benchmark it runs the base
 * checkout's copy, then this checkout's, back to back (base first), each `node bench/<name>.js
 * <flags> --no-record` from its own checkout against its own build, so drift in the machine's
 * speed hits both sides of a pair alike. It prints, per benchmark and figure, the base and
 * current values, the current/base ratio of every pair, the medians and the median ratio, and
 * one JSON line; the result is appended to bench/RESULTS.md like any benchmark's (not with
 * --no-record).
 *
 *   npm run bench -- paired --base /work/base --reps 3 api e2e
 *   npm run bench -- paired --base ../kemu-main --reps 5 api --only create --secs 2 e2e --nodes 200 --replicas 1000
 *
 * Flags: --base <dir> (required; a checkout with node_modules) --reps 3 --skip-base-build --no-record.
 * The base is built first with its own `tsc -b` (this checkout is built by `npm run bench`).
 * A word naming a benchmark starts that benchmark's flags. api and e2e start clusters with
 * fixed addresses: on a shared machine run the whole command under `flock /tmp/kemu-cluster.lock`.
 *
 * Duration: one default api run takes ≈ 26 s; one default e2e run ≈ 35 s on a quiet 2-core machine
 * (139 s at load average 13), so `--reps 3 api e2e` is ≈ 6 minutes when quiet. Smaller runs
 * (`api --secs 2 --list-n 2000 --watchers 100 --events 100`, `e2e --nodes 200 --replicas 2000`) are
 * dominated by startup; compare the defaults when the answer matters.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitOf, describeCommit } from './lib/environment.js';
import { comparePairs, groupBenchmarks, resultLine } from './lib/paired.js';
import { report } from './lib/results.js';
import { round } from './lib/stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const log = (s) => console.error(`[paired] ${s}`);

function benchmarkNames(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') && !['run.js', 'paired.js'].includes(f) && !f.includes('.test.'))
    .map((f) => f.slice(0, -3));
}

function parse(argv) {
  const opts = { base: undefined, reps: 3, buildBase: true, record: true };
  let i = 0;
  for (; i < argv.length && argv[i].startsWith('--'); i++) {
    const a = argv[i];
    if (a === '--base') opts.base = argv[++i];
    else if (a === '--reps') opts.reps = Number(argv[++i]);
    else if (a === '--skip-base-build') opts.buildBase = false;
    else if (a === '--no-record') opts.record = false;
    else throw new Error(`unknown flag ${a}`);
  }
  if (!opts.base) throw new Error('--base <dir of the checkout to compare with> is required');
  if (!(opts.reps >= 1)) throw new Error('--reps must be at least 1');
  const groups = groupBenchmarks(argv.slice(i), benchmarkNames(here));
  if (groups.length === 0) throw new Error(`name at least one benchmark (${benchmarkNames(here).join(', ')})`);
  return { ...opts, base: resolve(opts.base), groups };
}

/**
 * Runs one benchmark in a checkout; resolves to its JSON line. Its output goes to stderr, tagged.
 * `--no-record` is passed where the checkout's benchmark knows it (older store and codec
 * benchmarks reject unknown flags, and never record).
 */
function runOnce(checkout, side, name, flags) {
  const file = join(checkout, 'bench', `${name}.js`);
  const noRecord = readFileSync(file, 'utf8').includes("'no-record'") ? ['--no-record'] : [];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [file, ...flags, ...noRecord], { cwd: checkout, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const tag = (chunk) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => `  [${side}] ${l}`)
        .join('\n');
    child.stdout.on('data', (b) => {
      stdout += b;
      process.stderr.write(`${tag(b)}\n`);
    });
    child.stderr.on('data', (b) => process.stderr.write(`${tag(b)}\n`));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const result = resultLine(stdout);
      if (code === 0 && result) {
        resolvePromise(result);
        return;
      }
      reject(new Error(`${side} ${name} ${flags.join(' ')} failed (${signal ?? `exit ${code}`}${result ? '' : ', no JSON line'})`));
    });
  });
}

let opts;
try {
  opts = parse(process.argv.slice(2));
} catch (err) {
  console.error(
    `${err.message}\nusage: npm run bench -- paired --base <checkout> [--reps 3] [--skip-base-build] [--no-record] ` +
      '<benchmark> [its flags]…',
  );
  process.exit(2);
}
for (const g of opts.groups) {
  if (!existsSync(join(opts.base, 'bench', `${g.name}.js`))) throw new Error(`${opts.base} has no bench/${g.name}.js`);
}
if (opts.buildBase) {
  log(`building ${opts.base} (tsc -b)`);
  const tsc = spawnSync(process.execPath, [join(opts.base, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], {
    cwd: opts.base,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) throw new Error(`tsc -b failed in ${opts.base}`);
}
const base = { dir: opts.base, ...commitOf(opts.base) };
const current = { dir: root, ...commitOf(root) };
log(`base ${describeCommit(base)} (${base.dir}) against current ${describeCommit(current)}; ${opts.reps} pairs, base first`);

const t0 = performance.now();
const pairs = Object.fromEntries(opts.groups.map((g) => [g.name, []]));
for (let rep = 1; rep <= opts.reps; rep++) {
  for (const g of opts.groups) {
    log(`pair ${rep}/${opts.reps}: ${g.name} ${g.flags.join(' ')}`.trimEnd());
    const b = await runOnce(opts.base, 'base', g.name, g.flags);
    const c = await runOnce(root, 'current', g.name, g.flags);
    pairs[g.name].push({ base: b, current: c });
  }
}

const fmt = (x) => (Number.isFinite(x) ? String(round(x, Math.abs(x) >= 100 ? 0 : 2)) : String(x));
const lines = [
  `paired: base ${describeCommit(base)} (${base.dir}) vs current ${describeCommit(current)}, ` +
    `${opts.reps} pairs, base run first in each; ${round((performance.now() - t0) / 1000)} s`,
];
const benchmarks = {};
for (const g of opts.groups) {
  const metrics = comparePairs(g.name, pairs[g.name]);
  benchmarks[g.name] = { flags: g.flags, metrics };
  const title = [g.name, ...g.flags].join(' ');
  lines.push(`${title}: figure — base median → current median, current/base per pair → median ratio`);
  const width = Math.max(...Object.keys(metrics).map((k) => k.length), 6);
  for (const [path, m] of Object.entries(metrics)) {
    const ratios = m.ratios.map((r) => r.toFixed(2)).join(' ');
    lines.push(
      `  ${path.padEnd(width)}  ${fmt(m.baseMedian).padStart(9)} → ${fmt(m.currentMedian).padEnd(9)}  ` +
        `${ratios} → ${m.medianRatio.toFixed(3)} (${m.better} is better)`,
    );
  }
}
report('paired', lines, { base, current, reps: opts.reps, order: 'base first', benchmarks });
process.exit(0);
