/**
 * The closing line of the summary reporter, read off real vitest runs of the fixtures in
 * fixtures/summary: a hook that throws and an unhandled error count as failures.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
const config = fileURLToPath(new URL('./fixtures/summary/vitest.config.ts', import.meta.url));

/** The `Tests: …` line of a vitest run of one fixture. */
function closingLine(fixture: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [vitest, 'run', '--config', config],
      {
        cwd: root,
        timeout: 60_000,
        env: { ...process.env, SUMMARY_FIXTURE: `${fixture}.fixture.ts` },
      },
      (err, stdout, stderr) => {
        const line = /^Tests: .*$/m.exec(stdout)?.[0];
        if (line) resolve(line);
        else reject(new Error(`no closing line (${err?.message ?? 'exit 0'}):\n${stdout}\n${stderr}`));
      },
    );
  });
}

describe("the summary reporter's closing line", () => {
  // The test names leave the expected line out: a closing line printed among the test names would
  // look to a reader of the log (or a CI parser) like the run's own.
  it.each([
    ['passing', 'Tests: 1 passed, 0 failed, 1 skipped'],
    ['before-all', 'Tests: 0 passed, 1 failed, 1 skipped'],
    ['after-all', 'Tests: 1 passed, 1 failed'],
    ['unhandled', 'Tests: 1 passed, 1 failed'],
  ])(
    'counts the %s fixture',
    async (fixture, line) => {
      expect(await closingLine(fixture)).toBe(line);
    },
    60_000,
  );
});
