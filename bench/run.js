#!/usr/bin/env node
/**
 * Benchmark dispatcher: `npm run bench -- <name> [flags]` runs `bench/<name>.js` (or `.ts`, with
 * tsx when installed) in a child node process, after `tsc -b` so the packages' dist is current.
 * A benchmark is any file directly in bench/ other than this one and `*.test.*`; it reads its
 * flags from process.argv and prints a human summary and one JSON line. `--no-build` skips tsc;
 * a failing build is reported and the benchmark runs against dist as it is.
 * Node flags reach the benchmark through NODE_OPTIONS, e.g. NODE_OPTIONS=--cpu-prof.
 *
 * Before the benchmark starts, its environment header goes to stderr: the commit (and whether
 * tracked files differ from it), Node, CPU model and count, the load average, the kernel,
 * redis-server's version and the date (bench/lib/environment.js). bench/lib/results.js records
 * the same with every result in bench/RESULTS.md.
 *
 * Before/after comparisons: `npm run bench -- paired --base <other checkout> --reps 3 api e2e`
 * alternates the base checkout's and this checkout's runs of the named benchmarks and prints
 * per-pair ratios and medians (bench/paired.js has the details).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environmentHeader } from './lib/environment.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

function available() {
  return readdirSync(here)
    .filter((f) => /\.(js|mjs|ts)$/.test(f) && f !== 'run.js' && !/\.test\./.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(js|mjs|ts)$/, ''))
    .sort();
}

function usage(code) {
  console.log(`usage: npm run bench -- <name> [flags]\n  benchmarks: ${available().join(', ') || '(none)'}\n  --no-build  skip tsc -b`);
  process.exit(code);
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h') usage(name ? 0 : 2);
const file = ['.js', '.mjs', '.ts'].map((ext) => join(here, name + ext)).find((f) => existsSync(f));
if (!file || !available().includes(name)) {
  console.error(`unknown benchmark ${JSON.stringify(name)}`);
  usage(2);
}

const args = rest.filter((a) => a !== '--no-build');
if (args.length === rest.length) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (tsc.status !== 0) {
    // Half-built packages still emit what compiles; say so rather than refuse to measure.
    const out = `${tsc.stdout}${tsc.stderr}`.trim().split('\n');
    console.error(`warning: tsc -b failed (${out.length} lines, first: ${out[0]}); running against dist as it is`);
  }
}

console.error(`# ${name}: ${environmentHeader()}`);
const nodeArgs = [];
if (file.endsWith('.ts')) {
  try {
    createRequire(import.meta.url).resolve('tsx');
  } catch {
    console.error(`${name}.ts needs tsx: flock /tmp/kemu-npm.lock npm install -D tsx`);
    process.exit(2);
  }
  nodeArgs.push('--import', 'tsx');
}
const child = spawnSync(process.execPath, [...nodeArgs, file, ...args], { cwd: root, stdio: 'inherit' });
process.exit(child.status ?? (child.signal ? 1 : 0));
