/**
 * Hostile request bodies (issue 11): every one is a 4xx Status, every time, and the apiserver keeps
 * serving. Each body is sent many times in one process: with the unchecked YAML parser the first
 * deeply nested body was a 400 and the second aborted Node ("RegExpCompiler Allocation failed").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';
import { MAX_JSON_DEPTH, MAX_YAML_DEPTH, jsonDeeperThan, yamlDeeperThan } from './nesting.js';

const CM = '/api/v1/namespaces/default/configmaps';
const REPEAT = 6;

const nestedFlow = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nestedBlock = (depth: number) => {
  const lines: string[] = [];
  for (let i = 0; i < depth; i++) lines.push(`${' '.repeat(i)}a:`);
  return `${lines.join('\n')}\n${' '.repeat(depth)}1\n`;
};
const nestedSeq = (depth: number) => `${'- '.repeat(depth)}x\n`;
const cmYaml = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${data}\n`;

interface Hostile {
  name: string;
  method: string;
  path: string;
  body: string | Buffer;
  contentType: string;
  status: number;
}

const hostile: Hostile[] = [
  {
    name: 'YAML flow nested 100,000 levels',
    method: 'POST',
    path: CM,
    body: nestedFlow(100_000),
    contentType: 'application/yaml',
    status: 400,
  },
  { name: 'YAML 12 KB at depth 2,000', method: 'POST', path: CM, body: nestedFlow(2_000), contentType: 'application/yaml', status: 400 },
  {
    name: 'YAML flow sequences nested 5,000 levels',
    method: 'POST',
    path: CM,
    body: cmYaml(`${'['.repeat(5000)}${']'.repeat(5000)}`),
    contentType: 'application/yaml',
    status: 400,
  },
  {
    name: 'YAML block mappings nested 1,500 levels',
    method: 'POST',
    path: CM,
    body: nestedBlock(1_500),
    contentType: 'application/yaml',
    status: 400,
  },
  {
    name: 'YAML block sequences nested 3,000 levels',
    method: 'POST',
    path: CM,
    body: nestedSeq(3_000),
    contentType: 'application/yaml',
    status: 400,
  },
  {
    name: 'apply patch nested 100,000 levels',
    method: 'PATCH',
    path: `${CM}/x?fieldManager=t`,
    body: nestedFlow(100_000),
    contentType: 'application/apply-patch+yaml',
    status: 400,
  },
  { name: 'JSON nested 100,000 levels', method: 'POST', path: CM, body: nestedFlow(100_000), contentType: 'application/json', status: 400 },
  {
    name: 'JSON arrays nested 200,000 levels',
    method: 'POST',
    path: CM,
    body: `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
    contentType: 'application/json',
    status: 400,
  },
  {
    name: 'merge patch nested 100,000 levels',
    method: 'PATCH',
    path: `${CM}/x`,
    body: nestedFlow(100_000),
    contentType: 'application/merge-patch+json',
    status: 400,
  },
  {
    name: 'json patch nested 100,000 levels',
    method: 'PATCH',
    path: `${CM}/x`,
    body: `[{"op":"add","path":"/data","value":${nestedFlow(100_000)}}]`,
    contentType: 'application/json-patch+json',
    status: 400,
  },
  {
    name: 'DeleteOptions nested 100,000 levels',
    method: 'DELETE',
    path: `${CM}/x`,
    body: nestedFlow(100_000),
    contentType: 'application/json',
    status: 400,
  },
  {
    name: 'DeleteOptions as YAML nested 100,000 levels',
    method: 'DELETE',
    path: `${CM}/x`,
    body: nestedFlow(100_000),
    contentType: 'application/yaml',
    status: 400,
  },
  {
    name: 'protobuf garbage',
    method: 'POST',
    path: CM,
    body: Buffer.concat([Buffer.from('k8s\0'), Buffer.alloc(4096, 0xff)]),
    contentType: 'application/vnd.kubernetes.protobuf',
    status: 400,
  },
  {
    name: 'a body over 3 MiB',
    method: 'POST',
    path: CM,
    body: `{"a":"${'x'.repeat(3 * 1024 * 1024)}"}`,
    contentType: 'application/json',
    status: 413,
  },
  { name: 'malformed YAML', method: 'POST', path: CM, body: '{a: [b, {c: d', contentType: 'application/yaml', status: 400 },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const r = await h.req('POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } });
  expect(r.status).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

describe('hostile request bodies', () => {
  for (const c of hostile) {
    it(`answers ${c.status} to ${c.name}, ${REPEAT} times in a row`, async () => {
      for (let i = 0; i < REPEAT; i++) {
        const r = await h.req(c.method, c.path, c.body, { 'Content-Type': c.contentType });
        expect(r.status, `attempt ${i + 1}`).toBe(c.status);
        expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', code: c.status });
      }
      const ok = await h.req('GET', `${CM}/x`);
      expect(ok.status).toBe(200);
    });
  }

  it('still creates objects from YAML and JSON afterwards', async () => {
    const yaml = await h.req('POST', CM, cmYaml('{k: v}').replace('name: deep', 'name: after-yaml'), {
      'Content-Type': 'application/yaml',
    });
    expect(yaml.status).toBe(201);
    const json = await h.req('POST', CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-json' } });
    expect(json.status).toBe(201);
  });

  it('creates a ConfigMap of 100,000 keys from YAML (the library compared every pair of keys)', async () => {
    const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: wide-yaml', 'data:'];
    for (let i = 0; i < 100_000; i++) lines.push(`  k${i}: "v"`);
    const r = await h.req('POST', CM, lines.join('\n'), { 'Content-Type': 'application/yaml' });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body.data)).toHaveLength(100_000);
  });

  it('refuses duplicate keys and several documents in a YAML body with 400', async () => {
    const dup = await h.req('POST', CM, cmYaml('{k: v}').replace('name: deep', 'name: dup\n  name: dup2'), {
      'Content-Type': 'application/yaml',
    });
    expect(dup.status).toBe(400);
    expect(dup.body.message).toContain('mapping key "name" already defined');
    const two = await h.req('POST', CM, `${cmYaml('{k: v}')}---\n${cmYaml('{k: w}')}`, { 'Content-Type': 'application/yaml' });
    expect(two.status).toBe(400);
  });

  it('names the depth limit in the error', async () => {
    const json = await h.req('POST', CM, nestedFlow(MAX_JSON_DEPTH + 1));
    expect(json.body.message).toContain(`exceeded max depth of ${MAX_JSON_DEPTH}`);
    const yaml = await h.req('POST', CM, nestedFlow(MAX_YAML_DEPTH + 1), { 'Content-Type': 'application/yaml' });
    expect(yaml.body.message).toContain(`exceeded max depth of ${MAX_YAML_DEPTH}`);
  });

  it('answers JSON and YAML nested up to the limits without a 5xx', async () => {
    const bodies: [string, string, string, string][] = [
      ['POST', CM, cmJson(nestedFlow(MAX_JSON_DEPTH - 2)), 'application/json'],
      ['PATCH', `${CM}/x`, `{"data":${nestedFlow(MAX_JSON_DEPTH - 2)}}`, 'application/merge-patch+json'],
      [
        'PATCH',
        `${CM}/x?fieldManager=t`,
        cmYaml(nestedFlow(MAX_YAML_DEPTH - 2)).replace('name: deep', 'name: x'),
        'application/apply-patch+yaml',
      ],
      ['POST', CM, cmYaml(nestedFlow(MAX_YAML_DEPTH - 2)), 'application/yaml'],
    ];
    for (const [method, path, body, contentType] of bodies) {
      const r = await h.req(method, path, body, { 'Content-Type': contentType });
      expect(r.status, `${method} ${contentType}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
      expect(r.status).toBeGreaterThanOrEqual(400);
    }
  });
});

const cmJson = (data: string) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep-json"},"data":${data}}`;

describe('nesting pre-scans', () => {
  it('measures JSON depth outside strings', () => {
    expect(jsonDeeperThan(nestedFlow(3), 3)).toBe(false);
    expect(jsonDeeperThan(nestedFlow(4), 3)).toBe(true);
    expect(jsonDeeperThan('{"a":"[[[[[[\\"[[["}', 1)).toBe(false);
  });

  it('measures YAML depth over flow and block nesting', () => {
    expect(yamlDeeperThan(nestedFlow(5), 5)).toBe(false);
    expect(yamlDeeperThan(nestedFlow(6), 5)).toBe(true);
    expect(yamlDeeperThan(nestedBlock(5), 5)).toBe(false);
    expect(yamlDeeperThan(nestedBlock(6), 5)).toBe(true);
    expect(yamlDeeperThan(nestedSeq(6), 5)).toBe(true);
    expect(yamlDeeperThan('a: "[[[[[[[["\nb: |\n  [[[[[[[[\n', 2)).toBe(false);
    expect(yamlDeeperThan("a: |\n  '\nb: [[[[[[]]]]]]\n", 5)).toBe(true);
  });
});
