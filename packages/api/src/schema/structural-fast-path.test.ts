import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { R } from '../resources.js';
import type { KubeObject } from '../types.js';
import { defaultObject } from './index.js';
import { kindSchemaFor } from './registry.js';
import { surelyValid } from './structural-fast-path.js';

const pod = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', labels: { app: 'web' }, annotations: { a: 'b' } },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [
      {
        name: 'web',
        image: 'nginx',
        ports: [{ containerPort: 80, name: 'http' }],
        resources: { requests: { cpu: '10m', memory: 16 } },
        livenessProbe: { httpGet: { port: 'http', path: '/' } },
        env: [{ name: 'A', value: '1' }],
      },
    ],
    tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 300 }],
  },
  status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] },
});

const deployment = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: pod().spec } },
});

/** Every path (as keys) to an object or array inside v. */
function containers(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object') {
    out.push(path);
    for (const [k, x] of Object.entries(v)) containers(x, [...path, Array.isArray(v) ? Number(k) : k], out);
  }
  return out;
}

function at(v: any, path: (string | number)[]): any {
  for (const p of path) v = v[p];
  return v;
}

describe('structural fast path', () => {
  it('accepts defaulted valid objects without zod (the common case it exists for)', () => {
    for (const [r, obj] of [
      [R.pods, pod()],
      [R.deployments, deployment()],
    ] as const) {
      const schema = kindSchemaFor(r)!.schema;
      const defaulted = defaultObject(r, obj);
      expect(schema.safeParse(defaulted).success).toBe(true);
      expect(surelyValid(schema, defaulted)).toBe(true);
    }
  });

  it('never says valid when zod finds an issue (random values and unknown fields anywhere)', () => {
    for (const [r, make] of [
      [R.pods, pod],
      [R.deployments, deployment],
    ] as const) {
      const schema = kindSchemaFor(r)!.schema;
      const paths = containers(defaultObject(r, make()));
      fc.assert(
        fc.property(
          fc.constantFrom(...paths),
          fc.string({ maxLength: 12 }),
          fc.jsonValue({ maxDepth: 2 }),
          fc.boolean(),
          (path, key, value, replace) => {
            const obj = defaultObject(r, make()) as any;
            const parent = at(obj, path);
            if (Array.isArray(parent)) parent[replace || parent.length === 0 ? 0 : parent.length - 1] = value;
            else if (replace && Object.keys(parent).length) parent[Object.keys(parent)[key.length % Object.keys(parent).length]] = value;
            else parent[key] = value;
            const zodOk = schema.safeParse(obj).success;
            if (surelyValid(schema, obj)) expect(zodOk).toBe(true);
          },
        ),
        { numRuns: 2000 },
      );
    }
  });

  it('sends wrong types and unknown fields to zod', () => {
    const schema = kindSchemaFor(R.pods)!.schema;
    const withUnknown = defaultObject(R.pods, pod()) as any;
    withUnknown.spec.containers[0].bogus = 1;
    expect(surelyValid(schema, withUnknown)).toBe(false);
    const wrongType = defaultObject(R.pods, pod()) as any;
    wrongType.spec.containers[0].ports[0].containerPort = 'eighty';
    expect(surelyValid(schema, wrongType)).toBe(false);
    const outOfRange = defaultObject(R.pods, pod()) as any;
    outOfRange.spec.containers[0].ports[0].containerPort = 2 ** 40;
    expect(surelyValid(schema, outOfRange)).toBe(false);
  });
});
