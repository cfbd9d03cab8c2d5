import { describe, expect, it } from 'vitest';
import { KIND_SCHEMAS, openapiSchemaOf } from '@kemu/api';
import { FIELD_FLAGS, MESSAGES } from './messages.js';

/** The JSON field names of a protobuf message, with embedded (inline) structs expanded. */
function jsonFields(message: string): string[] {
  const flags = FIELD_FLAGS[message] ?? {};
  return Object.entries(MESSAGES[message] ?? {}).flatMap(([name, spec]) => {
    const flag = flags[name] ?? '';
    if (flag === 'i') return jsonFields(spec[1]);
    return [flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : name];
  });
}

const SCALAR_WRAPPERS = new Set(['Time', 'MicroTime', 'IntOrString', 'Quantity']);

describe('the zod schemas and the Kubernetes wire messages', () => {
  const defs: Record<string, { properties?: Record<string, unknown> }> = {};
  for (const k of KIND_SCHEMAS) Object.assign(defs, openapiSchemaOf(k).definitions);
  const pairs = Object.keys(MESSAGES)
    .map((m) => [m, `io.k8s.${m}`] as const)
    .filter(([, id]) => defs[id] && !SCALAR_WRAPPERS.has(id.split('.').pop()!));

  it('describe a shared set of structs', () => {
    expect(pairs.length).toBeGreaterThan(80);
  });

  it.each(pairs)('%s has exactly the fields of Kubernetes v1.32', (message, id) => {
    const props = Object.keys(defs[id].properties ?? {});
    // Top-level kinds carry apiVersion and kind in JSON, outside the protobuf message.
    const mine = props.filter((f) => !props.includes('metadata') || (f !== 'apiVersion' && f !== 'kind')).sort();
    expect(mine).toEqual(jsonFields(message).sort());
  });
});
