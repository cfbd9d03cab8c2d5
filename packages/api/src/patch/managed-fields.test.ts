import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { R } from '../resources.js';
import type { KubeObject } from '../types.js';
import { applyPatch, recordUpdate } from './index.js';

const NOW = '2024-01-01T00:00:00Z';
const LATER = '2024-01-01T00:01:00Z';
const deployment = (replicas: number, image: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'u', resourceVersion: '3', labels: { app: 'web' } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
  },
  status: { replicas: 0 },
});

describe('recordUpdate', () => {
  it('gives a create every field it sets, except server metadata and status', () => {
    const out = recordUpdate(undefined, deployment(1, 'nginx:1'), { manager: 'kubectl-create', now: NOW });
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
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
              'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } },
            },
          },
        },
      },
    ]);
  });

  it('moves changed fields to the writer and keeps the rest with their owners', () => {
    const created = recordUpdate(undefined, deployment(1, 'nginx:1'), { manager: 'kubectl-create', now: NOW });
    const scaled = recordUpdate(
      created,
      { ...deployment(4, 'nginx:1'), metadata: created.metadata },
      { manager: 'kubectl-scale', now: LATER },
    );
    const byManager = Object.fromEntries(scaled.metadata.managedFields!.map((e) => [e.manager, e.fieldsV1 as any]));
    expect(byManager['kubectl-scale']).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(byManager['kubectl-create']['f:spec']).not.toHaveProperty('f:replicas');
    expect(byManager['kubectl-create']['f:spec']).toHaveProperty('f:template');
  });

  it('records status writes under the status subresource only', () => {
    const created = recordUpdate(undefined, deployment(1, 'nginx:1'), { manager: 'kubectl-create', now: NOW });
    const next = { ...created, status: { replicas: 1, readyReplicas: 1 } };
    const out = recordUpdate(created, next, { manager: 'kube-controller-manager', subresource: 'status', now: LATER });
    expect(out.metadata.managedFields!.at(-1)).toEqual({
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: LATER,
      fieldsType: 'FieldsV1',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:replicas': {}, 'f:readyReplicas': {} } },
    });
  });

  it('makes appliers conflict with update owners', () => {
    const created = recordUpdate(undefined, deployment(1, 'nginx:1'), { manager: 'kubectl-create', now: NOW });
    try {
      applyPatch(
        'apply',
        created,
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3 } },
        R.deployments,
        { fieldManager: 'kubectl', now: LATER },
      );
      throw new Error('expected a conflict');
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).message).toBe('Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas');
    }
  });
});
