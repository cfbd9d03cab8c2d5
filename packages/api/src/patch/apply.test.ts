import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { R } from '../resources.js';
import type { KubeObject } from '../types.js';
import { applyPatch } from './index.js';

const NOW = '2024-01-01T00:00:00Z';
const config = (replicas: number, labels: Record<string, string>, containers: { name: string; image: string }[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } },
});
const live = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'u', labels: { owner: 'someone-else' } },
  spec: { paused: true },
});
const apply = (cur: KubeObject, cfg: unknown, fieldManager = 'kubectl', force = false) =>
  applyPatch('apply', cur, cfg, R.deployments, { fieldManager, force, now: NOW });

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('server-side apply with field ownership', () => {
  it('records an Apply entry with the applied field set', () => {
    const out = apply(live(), config(2, { app: 'web' }, [{ name: 'nginx', image: 'nginx:1' }]));
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: NOW,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': { 'f:matchLabels': { 'f:app': {} } },
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { '.': {}, 'f:name': {}, 'f:image': {} } } },
            },
          },
        },
      },
    ]);
    expect(out.metadata.labels).toEqual({ owner: 'someone-else', app: 'web' });
    expect((out as any).spec.paused).toBe(true);
  });

  it('removes fields the manager stops applying, and only those', () => {
    const first = apply(
      live(),
      config(2, { app: 'web', tier: 'a' }, [
        { name: 'nginx', image: 'nginx:1' },
        { name: 'sidecar', image: 'busybox' },
      ]),
    );
    const second = apply(first, config(2, { app: 'web' }, [{ name: 'nginx', image: 'nginx:2' }]));
    expect(second.metadata.labels).toEqual({ owner: 'someone-else', app: 'web' });
    expect((second as any).spec.template.spec.containers).toEqual([{ name: 'nginx', image: 'nginx:2' }]);
    expect((second as any).spec.paused).toBe(true);
    expect(second.metadata.managedFields).toHaveLength(1);
  });

  it('answers a conflicting value owned by another applier with 409 and its causes', () => {
    const mine = apply(live(), config(2, { app: 'web' }, [{ name: 'nginx', image: 'nginx:1' }]));
    const err = errorOf(() =>
      apply(mine, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5 } }, 'ops'),
    );
    expect(err.code).toBe(409);
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas');
    expect(err.status.details?.causes).toEqual([
      {
        type: 'FieldManagerConflict',
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
  });

  it('shares ownership of equal values and takes over with force', () => {
    const mine = apply(live(), config(2, { app: 'web' }, [{ name: 'nginx', image: 'nginx:1' }]));
    const shared = apply(mine, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } }, 'ops');
    expect(shared.metadata.managedFields!.map((e) => e.manager)).toEqual(['kubectl', 'ops']);
    const forced = apply(
      mine,
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 5 } },
      'ops',
      true,
    );
    expect((forced as any).spec.replicas).toBe(5);
    const kubectlSet = forced.metadata.managedFields!.find((e) => e.manager === 'kubectl')!.fieldsV1 as any;
    expect(kubectlSet['f:spec']).not.toHaveProperty('f:replicas');
    // The previous owner no longer owns replicas, so its next apply without replicas keeps them.
    const again = apply(forced, {
      ...config(2, { app: 'web' }, [{ name: 'nginx', image: 'nginx:1' }]),
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] } },
      },
    });
    expect((again as any).spec.replicas).toBe(5);
  });

  it('requires a field manager when ownership is tracked', () => {
    expect(errorOf(() => applyPatch('apply', live(), config(1, {}, []), R.deployments, {})).code).toBe(400);
  });
});
