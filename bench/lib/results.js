/**
 * Benchmark reporting: the human summary, the one JSON line, and a section appended to
 * bench/RESULTS.md with the command, the commit and the environment — so every figure can be
 * re-run and told apart from figures taken on other code or another machine.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCommit, environment, environmentHeader } from './environment.js';
import { machine } from './stats.js';

const RESULTS = join(dirname(dirname(fileURLToPath(import.meta.url))), 'RESULTS.md');

/** The command line that reproduces this run. */
export function commandLine(name) {
  return `npm run bench -- ${[name, ...process.argv.slice(2)].join(' ')}`;
}

/**
 * Prints the environment header, `lines` and the JSON line; appends them to RESULTS.md unless
 * `--no-record` was given.
 * @param {string} name  benchmark name
 * @param {string[]} lines  human summary
 * @param {object} json  figures (bench, command, commit, environment, date and machine are added)
 */
export function report(name, lines, json) {
  const m = machine();
  const env = environment();
  const out = {
    bench: name,
    ...json,
    command: commandLine(name),
    commit: env.commit,
    dirty: env.dirty,
    date: new Date().toISOString(),
    machine: m,
    environment: env,
  };
  console.log(`# ${environmentHeader(env)}`);
  console.log(lines.join('\n'));
  console.log(JSON.stringify(out));
  if (process.argv.includes('--no-record')) return out;
  if (!existsSync(RESULTS)) writeFileSync(RESULTS, '# kemu benchmark results\n');
  appendFileSync(
    RESULTS,
    `\n## ${name} — ${out.date}\n\n` +
      `- command: \`${out.command}\`\n` +
      `- commit: ${describeCommit(env)}\n` +
      `- environment: Node ${env.node}; ${env.nproc} × ${env.cpu}; load average ${env.loadavgAtStart.join(' ')} at the start, ` +
      `${m.loadavg.join(' ')} at the end; ${env.kernel}; redis-server ${env.redis}; started ${env.date}` +
      `${process.env.KEMU_BENCH_NOTE ? `\n- note: ${process.env.KEMU_BENCH_NOTE}` : ''}\n\n` +
      '```\n' +
      lines.join('\n') +
      '\n```\n\n' +
      '```json\n' +
      JSON.stringify(out) +
      '\n```\n',
  );
  return out;
}
