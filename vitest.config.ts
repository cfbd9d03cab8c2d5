import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkgs = ['api', 'storage', 'apiserver', 'client', 'scheduler', 'controller-manager', 'kubelet', 'proxy', 'cli'];
const alias = Object.fromEntries(pkgs.map((p) => [`@kemu/${p}`, fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url))]));

// Unit and store tests run from source; end-to-end tests spawn the built processes (npm test builds first).
export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
