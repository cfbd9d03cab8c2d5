/**
 * `npm run bench -- codec`: what the store's value codec costs per pod, and whether a process
 * that loads ioredis still gets V8's fast string paths (packages/storage/src/v8-string-subclass.ts).
 *
 * Each variant runs in a fresh node process, because the cliff is process-wide and permanent:
 *  - "node alone":        msgpackr only;
 *  - "ioredis loaded":    after `import 'ioredis'` (declares a String subclass, never constructs it);
 *  - "@kemu/storage":     after `import '@kemu/storage'`, which applies the workaround.
 * Prints µs per msgpack pack/unpack and JSON.stringify of the bench pod, and ns per character of a
 * charCodeAt loop; then one JSON line.
 *
 * Flags: --n 100000 (iterations per figure)
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machine, round } from './lib/stats.js';
import { environment, environmentHeader } from './lib/environment.js';

const VARIANTS = { 'node alone': '', 'ioredis loaded': "await import('ioredis');", '@kemu/storage': "await import('@kemu/storage');" };

/** The measuring script, run with `node --input-type=module -e` from the repository root. */
function probe(preamble, n) {
  return `
${preamble}
const { Packr } = await import('msgpackr');
const { benchPod } = await import(${JSON.stringify(fileURLToPath(new URL('./lib/pod.js', import.meta.url)))});
const packr = new Packr({ useRecords: false, mapsAsObjects: true });
const pod = JSON.parse(JSON.stringify(benchPod(3, 'codec')));
const bytes = packr.pack(pod);
const text = JSON.stringify(pod);
const time = (f) => {
  for (let i = 0; i < ${n} / 10; i++) f();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < ${n}; i++) f();
  return Number(process.hrtime.bigint() - t0) / ${n};
};
let h = 0;
const charLoop = () => { for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0; };
console.log(JSON.stringify({
  packUs: time(() => packr.pack(pod)) / 1000, unpackUs: time(() => packr.unpack(bytes)) / 1000,
  stringifyUs: time(() => JSON.stringify(pod)) / 1000, charCodeAtNs: time(charLoop) / text.length,
  bytes: bytes.length, h,
}));`;
}

/** Runs every variant with n iterations per figure; `log` gets one line per variant. */
export function runCodecBench(n, log) {
  const rows = {};
  for (const [name, preamble] of Object.entries(VARIANTS)) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe(preamble, n)], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    const x = JSON.parse(r.stdout.trim().split('\n').pop());
    rows[name] = {
      packUs: round(x.packUs, 2),
      unpackUs: round(x.unpackUs, 2),
      stringifyUs: round(x.stringifyUs, 2),
      charCodeAtNs: round(x.charCodeAtNs, 2),
      bytes: x.bytes,
    };
    log(
      `  ${name.padEnd(15)} pack ${rows[name].packUs} µs  unpack ${rows[name].unpackUs} µs  JSON.stringify ${rows[name].stringifyUs} µs  charCodeAt ${rows[name].charCodeAtNs} ns/char  (${x.bytes} B msgpack)`,
    );
  }
  return rows;
}

function main() {
  // --no-record is accepted for `npm run bench -- paired`; this benchmark never appends to RESULTS.md.
  const { values } = parseArgs({ options: { n: { type: 'string', default: '100000' }, 'no-record': { type: 'boolean' } } });
  const n = Number(values.n);
  const m = machine();
  const env = environment();
  console.log(`# kemu codec benchmark; ${environmentHeader(env)}`);
  const variants = runCodecBench(n, (line) => console.log(line));
  console.log(
    JSON.stringify({
      bench: 'codec',
      date: new Date().toISOString(),
      machine: m,
      commit: env.commit,
      dirty: env.dirty,
      environment: env,
      n,
      variants,
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
