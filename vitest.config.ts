import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkgs = ['api', 'storage', 'apiserver', 'client', 'scheduler', 'controller-manager', 'kubelet', 'proxy', 'cli'];
const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));
// Exact matches: `@kemu/client` must not also rewrite `@kemu/client/testing`.
const alias = [
  ...pkgs.map((p) => ({ find: new RegExp(`^@kemu/${p}$`), replacement: src(`${p}/src/index.ts`) })),
  // Test doubles are a separate entry point, never part of a package's index (or its dist).
  { find: /^@kemu\/client\/testing$/, replacement: src('client/src/testing/index.ts') },
];

/**
 * Tests that start a whole cluster with `kemu up`. Clusters use the fixed node addresses
 * 127.10.0.x:10250, so these files run one at a time, after everything else.
 */
const CLUSTER_TESTS = [
  'test/e2e/tutorial.test.ts',
  'test/e2e/namespace.test.ts',
  'test/e2e/streaming.test.ts',
  'test/e2e/reserved-addresses.test.ts',
  'test/e2e/disruption.test.ts',
  'test/conformance/kubectl.test.ts',
  'test/faults/**/*.test.ts',
  'bench/cluster-bench.smoke.test.ts',
];

// Unit and store tests run from source; cluster tests spawn the built processes (npm test builds first).
export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: CLUSTER_TESTS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'cluster',
          include: CLUSTER_TESTS,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
