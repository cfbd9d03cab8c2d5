import { describe, expect, it } from 'vitest';
import { KINDS, apiVersionOf } from '@kemu/api';
import { MESSAGES } from './messages.js';
import { messageNameFor } from './registry.js';

describe('messageNameFor', () => {
  it('names the message of every described kind that has one, and of its list', () => {
    const withMessage = KINDS.filter((d) => d.protobuf && d.protobuf in MESSAGES);
    expect(withMessage.map((d) => d.kind)).toContain('Pod');
    for (const d of withMessage) {
      expect(messageNameFor(apiVersionOf(d), d.kind)).toBe(d.protobuf);
      if (`${d.protobuf}List` in MESSAGES) expect(messageNameFor(apiVersionOf(d), `${d.kind}List`)).toBe(`${d.protobuf}List`);
    }
  });

  it('finds the messages of kinds without a descriptor by the package convention', () => {
    expect(messageNameFor('v1', 'DeleteOptions')).toBe('apimachinery.pkg.apis.meta.v1.DeleteOptions');
    expect(messageNameFor('policy/v1', 'Eviction')).toBe('api.policy.v1.Eviction');
    expect(messageNameFor('v1', 'NoSuchKind')).toBeUndefined();
  });
});
