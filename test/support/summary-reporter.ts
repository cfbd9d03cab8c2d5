/**
 * Prints one plain closing line, `Tests: N passed, M failed[, K skipped]`, after vitest's own
 * summary, so CI and readers get the count in the form every harness understands.
 *
 * Failed counts every failure vitest reports, not only failed tests: a module or suite with an
 * error of its own (a beforeAll/afterAll that threw, a file that did not load) counts once per
 * error, and so does every unhandled error of the run. A run that reports "0 failed" has no
 * error anywhere.
 */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
}

/** The counts of the closing line for a finished run. */
export function summarize(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): Summary {
  const s: Summary = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
  for (const m of testModules) {
    for (const t of m.children.allTests()) {
      const state = t.result().state;
      if (state === 'passed') s.passed++;
      else if (state === 'failed') s.failed++;
      else s.skipped++;
    }
    s.failed += m.errors().length;
    for (const suite of m.children.allSuites()) s.failed += suite.errors().length;
  }
  return s;
}

export function closingLine({ passed, failed, skipped }: Summary): string {
  return `Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    process.stdout.write(`\n${closingLine(summarize(testModules, unhandledErrors))}\n`);
  }
}
