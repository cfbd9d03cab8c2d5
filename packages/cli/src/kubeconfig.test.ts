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

describe('kubeconfigFor with credentials', () => {
  it('names the user, carries its token and trusts the CA', () => {
    const cfg = parse(kubeconfigFor('https://127.0.0.1:6443', { user: 'system:kube-scheduler', token: 't0k', caPem: 'PEM' }));
    expect(cfg.clusters[0].cluster).toEqual({
      server: 'https://127.0.0.1:6443',
      'certificate-authority-data': Buffer.from('PEM').toString('base64'),
    });
    expect(cfg.contexts[0].context.user).toBe('system:kube-scheduler');
    expect(cfg.users).toEqual([{ name: 'system:kube-scheduler', user: { token: 't0k' } }]);
  });
});
