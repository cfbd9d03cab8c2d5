import { describe, expect, it } from 'vitest';
import type { ResourceInfo } from '@kemu/api';
import { AdmissionChain } from './chain.js';
import type { AdmissionPlugin, Operation } from './interfaces.js';
import { ENABLED_ADMISSION_PLUGINS } from './plugins.js';
import { podAttributes, specOf } from '../testing/admission-attributes.js';

function recorder(name: string, calls: string[], handles = (_op: Operation, _r: ResourceInfo) => true): AdmissionPlugin {
  return {
    name,
    handles,
    admit: () => {
      calls.push(`admit ${name}`);
    },
    validate: () => {
      calls.push(`validate ${name}`);
    },
  };
}

describe('AdmissionChain', () => {
  it('runs the plugins in their order, each phase apart, skipping those that do not handle the request', async () => {
    const calls: string[] = [];
    const chain = new AdmissionChain([recorder('A', calls), recorder('B', calls, (op) => op === 'DELETE'), recorder('C', calls)]);
    const a = podAttributes('CREATE', {});
    await chain.admit(a);
    await chain.validate(a);
    expect(calls).toEqual(['admit A', 'admit C', 'validate A', 'validate C']);
  });

  it('stops at the first plugin that refuses', async () => {
    const calls: string[] = [];
    const refuse: AdmissionPlugin = {
      name: 'Refuse',
      handles: () => true,
      admit: () => {
        throw new Error('no');
      },
    };
    await expect(new AdmissionChain([refuse, recorder('A', calls)]).admit(podAttributes('CREATE', {}))).rejects.toThrow('no');
    expect(calls).toEqual([]);
  });

  it("gives a created pod what kube-apiserver's default plugins give it", async () => {
    const a = podAttributes('CREATE', { containers: [{ name: 'c', image: 'nginx' }] }, undefined, 5);
    const chain = new AdmissionChain(ENABLED_ADMISSION_PLUGINS.filter((p) => p.name !== 'NamespaceLifecycle'));
    await chain.admit(a);
    expect(specOf(a)).toEqual({
      containers: [{ name: 'c', image: 'nginx' }],
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
      ],
    });
  });

  it("enables the default plugins in kube-apiserver's order", () => {
    expect(ENABLED_ADMISSION_PLUGINS.map((p) => p.name)).toEqual([
      'NamespaceLifecycle',
      'ServiceAccount',
      'Priority',
      'DefaultTolerationSeconds',
      'ServiceExternalIPRange',
    ]);
  });
});
