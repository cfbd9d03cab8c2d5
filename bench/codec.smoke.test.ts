/** The codec benchmark at toy sizes, so it keeps running (no timing assertions: CI machines vary). */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS benchmark module without types
import { runCodecBench } from './codec.js';

describe('npm run bench -- codec', () => {
  it('measures the codec in a plain process, one that loaded ioredis and one that loaded @kemu/storage', () => {
    const lines: string[] = [];
    const rows: Record<string, { packUs: number; unpackUs: number; charCodeAtNs: number; bytes: number }> = runCodecBench(
      200,
      (l: string) => lines.push(l),
    );
    expect(Object.keys(rows)).toEqual(['node alone', 'ioredis loaded', '@kemu/storage']);
    for (const r of Object.values(rows)) {
      expect(r.packUs).toBeGreaterThan(0);
      expect(r.unpackUs).toBeGreaterThan(0);
      expect(r.charCodeAtNs).toBeGreaterThan(0);
      expect(r.bytes).toBeGreaterThan(1000);
    }
    expect(lines).toHaveLength(3);
  }, 30_000);
});
