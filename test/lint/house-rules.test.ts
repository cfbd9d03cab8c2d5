/**
 * The house rules in biome.json fire on a violating line and stay quiet on the allowed shape:
 * package layering (STYLE.md), no deep imports into another package, and no Date.now /
 * setTimeout / setInterval in controllers and the scheduler outside tests. Each case lints a
 * fixture at the path it pretends to live in, in a scratch copy of the configuration.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const biome = join(root, 'node_modules', '.bin', 'biome');

interface Case {
  name: string;
  path: string;
  source: string;
  rule?: string;
}

const violations: Case[] = [
  {
    name: 'api imports storage (runs back up)',
    path: 'packages/api/src/x.ts',
    source: "export { MemoryStore } from '@kemu/storage';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: 'storage imports client',
    path: 'packages/storage/src/x.ts',
    source: "export { RestClient } from '@kemu/client';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: 'apiserver imports client',
    path: 'packages/apiserver/src/storage-maintenance/x.ts',
    source: "export { RestClient } from '@kemu/client';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: 'client imports apiserver',
    path: 'packages/client/src/x.ts',
    source: "export { startApiServer } from '@kemu/apiserver';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: 'scheduler imports controller-manager',
    path: 'packages/scheduler/src/x.ts',
    source: "export * from '@kemu/controller-manager';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: 'kubelet imports proxy',
    path: 'packages/kubelet/src/x.ts',
    source: "export * from '@kemu/proxy';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: 'cli imports apiserver',
    path: 'packages/cli/src/x.ts',
    source: "export * from '@kemu/apiserver';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: 'a deep import into a package',
    path: 'packages/scheduler/src/x.ts',
    source: "export * from '@kemu/client/src/rest-client.js';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: 'the test fake in production code',
    path: 'packages/controller-manager/src/x.ts',
    source: "export * from '@kemu/client/testing';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: "a relative path into another package's src",
    path: 'packages/proxy/src/x.ts',
    source: "export * from '../../client/src/index.js';\n",
    rule: 'noRestrictedImports',
  },
  {
    name: 'Date.now in a controller',
    path: 'packages/controller-manager/src/foo/controller.ts',
    source: 'export const t = Date.now();\n',
    rule: 'noJsRestrictedProperties',
  },
  {
    name: 'setTimeout in the scheduler',
    path: 'packages/scheduler/src/x.ts',
    source: 'setTimeout(() => undefined, 1);\n',
    rule: 'noRestrictedGlobals',
  },
  {
    name: 'setInterval in a controller',
    path: 'packages/controller-manager/src/x.ts',
    source: 'setInterval(() => undefined, 1);\n',
    rule: 'noRestrictedGlobals',
  },
];

const allowed: Case[] = [
  {
    name: 'apiserver imports api and storage',
    path: 'packages/apiserver/src/x.ts',
    source: "export { R } from '@kemu/api';\nexport { MemoryStore } from '@kemu/storage';\n",
  },
  {
    name: 'a controller imports api and client',
    path: 'packages/controller-manager/src/x.ts',
    source: "export { R } from '@kemu/api';\nexport { RestClient } from '@kemu/client';\n",
  },
  {
    name: 'a controller reads the injected Clock',
    path: 'packages/controller-manager/src/x.ts',
    source: "import type { Clock } from '@kemu/api';\nexport const t = (clock: Clock) => clock.now();\n",
  },
  {
    name: 'a controller test uses real timers',
    path: 'packages/controller-manager/src/x.test.ts',
    source: 'export const t = Date.now();\nsetTimeout(() => undefined, 1);\n',
  },
  {
    name: 'the kubelet may use timers',
    path: 'packages/kubelet/src/x.ts',
    source: 'export const t = Date.now();\nsetTimeout(() => undefined, 1);\n',
  },
];

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kemu-lint-'));
  const config = JSON.parse(await readFile(join(root, 'biome.json'), 'utf8'));
  delete config.$schema;
  config.vcs = { enabled: false };
  await writeFile(join(dir, 'biome.json'), JSON.stringify(config));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The rule names Biome reports for one fixture (the part after the last '/'). */
async function lint(c: Case): Promise<string[]> {
  const caseDir = await mkdtemp(join(dir, 'case-'));
  await writeFile(join(caseDir, 'biome.json'), await readFile(join(dir, 'biome.json')));
  await mkdir(dirname(join(caseDir, c.path)), { recursive: true });
  await writeFile(join(caseDir, c.path), c.source);
  const run = promisify(execFile);
  const out = await run(biome, ['lint', '--reporter=json', '--max-diagnostics=none', c.path], { cwd: caseDir }).catch(
    (err) => err as { stdout: string },
  );
  const report = JSON.parse(out.stdout) as { diagnostics: { category: string }[] };
  return report.diagnostics.map((d) => d.category.split('/').pop()!);
}

describe('house rules', () => {
  it.each(violations)('rejects $name', async (c) => {
    expect(await lint(c)).toContain(c.rule);
  });

  it.each(allowed)('allows $name', async (c) => {
    expect(await lint(c)).toEqual([]);
  });
});
