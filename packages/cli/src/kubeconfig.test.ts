import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubeconfigFor } from './kubeconfig.js';

describe('kubeconfigFor', () => {
  it('names cluster kemu, context kemu and user admin, and selects the context', () => {
    const cfg = parse(kubeconfigFor('http://127.0.0.1:6443'));
    expect(cfg).toMatchObject({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'kemu',
      clusters: [{ name: 'kemu', cluster: { server: 'http://127.0.0.1:6443' } }],
      contexts: [{ name: 'kemu', context: { cluster: 'kemu', user: 'admin', namespace: 'default' } }],
      users: [{ name: 'admin', user: {} }],
    });
  });

  it('uses the server it is given', () => {
    expect(parse(kubeconfigFor('http://127.0.0.1:41234')).clusters[0].cluster.server).toBe('http://127.0.0.1:41234');
  });
});
