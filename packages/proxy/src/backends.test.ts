import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '@kemu/api';
import { backendsFor } from './backends.js';

const slice = (
  endpoints: EndpointSlice['endpoints'],
  ports: EndpointSlice['ports'] = [{ name: 'http', port: 8080, protocol: 'TCP' }],
): EndpointSlice => ({ metadata: { name: 's', namespace: 'default' }, addressType: 'IPv4', endpoints, ports });

describe('backendsFor', () => {
  it.each([
    [
      'ready endpoints',
      [{ addresses: ['10.0.0.1'], conditions: { ready: true } }, { addresses: ['10.0.0.2'] }],
      ['10.0.0.1:8080', '10.0.0.2:8080'],
    ],
    [
      'not ready ones are skipped',
      [
        { addresses: ['10.0.0.1'], conditions: { ready: false } },
        { addresses: ['10.0.0.2'], conditions: { ready: true } },
      ],
      ['10.0.0.2:8080'],
    ],
    [
      'terminating ones only when none is ready',
      [{ addresses: ['10.0.0.1'], conditions: { ready: false, serving: true, terminating: true } }],
      ['10.0.0.1:8080'],
    ],
    [
      'terminating ones are dropped while some are ready',
      [
        { addresses: ['10.0.0.1'], conditions: { ready: false, serving: true, terminating: true } },
        { addresses: ['10.0.0.2'], conditions: { ready: true } },
      ],
      ['10.0.0.2:8080'],
    ],
    [
      'terminating and not serving: none',
      [{ addresses: ['10.0.0.1'], conditions: { ready: false, serving: false, terminating: true } }],
      [],
    ],
  ] as [string, EndpointSlice['endpoints'], string[]][])('%s', (_name, endpoints, want) => {
    expect(backendsFor([slice(endpoints)], { name: 'http', port: 80 }).map((b) => b.key)).toEqual(want);
  });

  it('resolves the slice port by the service port name', () => {
    const s = slice(
      [{ addresses: ['10.0.0.1'] }],
      [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9090 },
      ],
    );
    expect(backendsFor([s], { name: 'metrics', port: 9000 }).map((b) => b.key)).toEqual(['10.0.0.1:9090']);
    expect(backendsFor([s], { name: 'other', port: 1 })).toEqual([]);
    const unnamed = slice([{ addresses: ['10.0.0.1'] }], [{ port: 8080 }]);
    expect(backendsFor([unnamed], { port: 80 }).map((b) => b.key)).toEqual(['10.0.0.1:8080']);
  });

  it('merges slices and removes duplicates', () => {
    const a = slice([{ addresses: ['10.0.0.1'] }]);
    const b = slice([{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.10'] }]);
    expect(backendsFor([a, b], { name: 'http', port: 80 }).map((x) => x.key)).toEqual(['10.0.0.1:8080', '10.0.0.10:8080']);
  });
});
