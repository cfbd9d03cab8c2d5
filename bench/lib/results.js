/**
 * Benchmark reporting: the human summary, the one JSON line, and a section appended to
 * bench/RESULTS.md with the command, date and machine — so every figure can be re-run.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './cluster.js';
import { machine } from './stats.js';

const RESULTS = join(repoRoot, 'bench', 'RESULTS.md');

/** The command line that reproduces this run. */
export function commandLine(name) {
  return `npm run bench -- ${[name, ...process.argv.slice(2)].join(' ')}`;
}

/**
 * Prints `lines` and the JSON line; appends both to RESULTS.md unless `--no-record` was given.
 * @param {string} name  benchmark name
 * @param {string[]} lines  human summary
 * @param {object} json  figures (bench, command, date and machine are added)
 */
export function report(name, lines, json) {
  const m = machine();
  const out = { bench: name, ...json, command: commandLine(name), date: new Date().toISOString(), machine: m };
  console.log(lines.join('\n'));
  console.log(JSON.stringify(out));
  if (process.argv.includes('--no-record')) return out;
  if (!existsSync(RESULTS)) {
    writeFileSync(RESULTS, '# kemu benchmark results\n\nAppended by `npm run bench -- <name>` (one section per run; newest last). ' +
      'Re-run a line\'s command on a quiet machine to compare.\n');
  }
  appendFileSync(RESULTS, `\n## ${name} — ${out.date}\n\n` +
    `- command: \`${out.command}\`\n` +
    `- machine: ${m.nproc} CPUs (${m.cpu}), load average ${m.loadavg.join(' ')} at the end, Node ${m.node}` +
    `${process.env.KEMU_BENCH_NOTE ? `\n- note: ${process.env.KEMU_BENCH_NOTE}` : ''}\n\n` +
    '```\n' + lines.join('\n') + '\n```\n\n' + '```json\n' + JSON.stringify(out) + '\n```\n');
  return out;
}
