import { R, timingsFor, type Service } from '@kemu/api';
import { describe, expect, it } from 'vitest';
import type { Attributes, Operation } from '../interfaces.js';
import type { RegistryContext } from '../../registry/context.js';
import { serviceExternalIPRange } from './index.js';

function attrs(operation: Operation, externalIPs?: string[], oldExternalIPs?: string[], subresource?: string): Attributes {
  const svc = (ips?: string[]) =>
    ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { externalIPs: ips } }) as Service;
  return {
    operation,
    resource: R.services,
    subresource,
    name: 'web',
    namespace: 'default',
    dryRun: false,
    object: svc(externalIPs),
    oldObject: oldExternalIPs ? svc(oldExternalIPs) : undefined,
    ctx: { timings: timingsFor('fast') } as unknown as RegistryContext,
  };
}

const run = (a: Attributes) => {
  if (!serviceExternalIPRange.handles(a.operation, a.resource, a.subresource)) return undefined;
  try {
    serviceExternalIPRange.validate!(a);
    return undefined;
  } catch (err) {
    return err;
  }
};

describe('ServiceExternalIPRange admission', () => {
  const cases: { name: string; a: Attributes; refused?: string }[] = [
    { name: 'no externalIPs', a: attrs('CREATE') },
    { name: 'an address in 127.50.0.0/24', a: attrs('CREATE', ['127.50.0.7']) },
    { name: 'the apiserver address 127.0.0.1', a: attrs('CREATE', ['127.0.0.1']), refused: '127.0.0.1' },
    { name: "a node's IP (kubelet :10250)", a: attrs('CREATE', ['127.10.0.1']), refused: '127.10.0.1' },
    { name: 'a ClusterIP address', a: attrs('CREATE', ['127.96.0.1']), refused: '127.96.0.1' },
    { name: 'a pod address', a: attrs('CREATE', ['127.244.1.5']), refused: '127.244.1.5' },
    { name: 'next to the range', a: attrs('CREATE', ['127.50.1.0']), refused: '127.50.1.0' },
    { name: 'any other host address', a: attrs('CREATE', ['10.0.0.1']), refused: '10.0.0.1' },
    { name: 'one bad address among good ones', a: attrs('CREATE', ['127.50.0.1', '127.0.0.1']), refused: '127.0.0.1' },
    { name: 'an update adding a bad address', a: attrs('UPDATE', ['127.50.0.1', '127.10.0.2'], ['127.50.0.1']), refused: '127.10.0.2' },
    { name: 'an update keeping an address stored before the rule', a: attrs('UPDATE', ['10.0.0.1'], ['10.0.0.1']) },
    { name: 'a status write', a: attrs('UPDATE', ['127.0.0.1'], [], 'status') },
  ];
  for (const c of cases) {
    it(`${c.refused ? 'refuses' : 'admits'} ${c.name}`, () => {
      const err = run(c.a);
      if (!c.refused) {
        expect(err).toBeUndefined();
        return;
      }
      expect(err).toMatchObject({ code: 403, reason: 'Forbidden' });
      expect((err as Error).message).toBe(
        `services "web" is forbidden: use of external IP ${c.refused} is denied by admission control: spec.externalIPs must be in 127.50.0.0/24`,
      );
    });
  }
});
