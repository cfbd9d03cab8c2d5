/**
 * WatchCache against a model: after random writes, the snapshot at every revision still in the
 * history equals the state the store had then, pages of it are contiguous, and the history
 * keeps its window and bound.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resourceFor, type KubeObject } from '@kemu/api';
import { objectKey, type StorageEvent } from '@kemu/storage';
import { WatchCache, pageOf } from './watch-cache.js';
import { decodeContinue, encodeContinue } from './continue-token.js';

const PODS = resourceFor('', 'pods')!;
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f'];
const NSS = ['x', 'y'];

type Op = { kind: 'put' | 'del'; ns: string; name: string; label: string };
const op = fc.record({
  kind: fc.constantFrom('put', 'put', 'del'),
  ns: fc.constantFrom(...NSS),
  name: fc.constantFrom(...NAMES),
  label: fc.constantFrom('1', '2'),
}) as fc.Arbitrary<Op>;

function pod(ns: string, name: string, label: string, rev: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace: ns, name, labels: { l: label }, resourceVersion: String(rev) },
  } as KubeObject;
}

function clock(now = 0) {
  return { now: () => now, setTimeout: () => () => {}, sleep: async () => {} };
}

describe('WatchCache', () => {
  it('rebuilds the exact state at every revision in its history', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const state = new Map<string, KubeObject>();
        state.set(objectKey(PODS, 'x', 'a'), pod('x', 'a', '1', 3));
        const cache = new WatchCache(PODS, [...state.values()], 3, () => 0, { clock: clock() });
        const states: Map<string, KubeObject>[] = [new Map(state)];
        let rev = 3;
        for (const o of ops) {
          const key = objectKey(PODS, o.ns, o.name);
          const prev = state.get(key);
          if (o.kind === 'del' && !prev) continue;
          rev++;
          let ev: StorageEvent;
          if (o.kind === 'del') {
            state.delete(key);
            ev = {
              type: 'DELETED',
              key,
              revision: rev,
              object: { ...prev!, metadata: { ...prev!.metadata, resourceVersion: String(rev) } },
            };
          } else {
            const next = pod(o.ns, o.name, o.label, rev);
            state.set(key, next);
            ev = { type: prev ? 'MODIFIED' : 'ADDED', key, revision: rev, object: next };
          }
          cache.apply(ev);
          states[rev - 3] = new Map(state);
        }
        for (let r = 3; r <= rev; r++) {
          const want = states[r - 3];
          const snap = cache.snapshotAt(r)!;
          expect(snap.map((c) => c.key)).toEqual([...want.keys()].sort());
          expect(snap.map((c) => c.object)).toEqual([...want.keys()].sort().map((k) => want.get(k)));
          // Paging one namespace two at a time yields exactly that namespace, in order.
          const prefix = '/registry/core/pods/y/';
          const seen: string[] = [];
          let start: string | undefined;
          for (;;) {
            const p = pageOf(snap, prefix, start, 2, undefined);
            seen.push(...p.items.map((c) => c.key));
            if (!p.nextKey) break;
            expect(p.remaining).toBe(snap.filter((c) => c.key.startsWith(prefix) && c.key >= p.nextKey!).length);
            start = decodeContinue(encodeContinue(r, p.nextKey, prefix), prefix).startKey;
          }
          expect(seen).toEqual([...want.keys()].filter((k) => k.startsWith(prefix)).sort());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps at most maxEvents and moves its floor past what it dropped', () => {
    const cache = new WatchCache(PODS, [], 10, () => 0, { clock: clock(), maxEvents: 5, minEvents: 0 });
    for (let i = 1; i <= 12; i++) {
      const key = objectKey(PODS, 'x', `p${i}`);
      cache.apply({ type: 'ADDED', key, revision: 10 + i, object: pod('x', `p${i}`, '1', 10 + i) });
    }
    expect(cache.history.size).toBe(5);
    expect(cache.floor).toBe(17);
    expect(cache.snapshotAt(16)).toBeUndefined();
    expect(cache.snapshotAt(17)!.map((c) => c.object.metadata.name)).toHaveLength(7);
    expect(cache.history.since(17).map((e) => e.revision)).toEqual([18, 19, 20, 21, 22]);
  });

  it('drops events older than the window once more than minEvents are held', () => {
    let now = 0;
    const c = { now: () => now, setTimeout: () => () => {}, sleep: async () => {} };
    const cache = new WatchCache(PODS, [], 0, () => 0, { clock: c, windowMs: 75_000, minEvents: 2 });
    for (let i = 1; i <= 4; i++) {
      cache.apply({ type: 'ADDED', key: objectKey(PODS, 'x', `p${i}`), revision: i, object: pod('x', `p${i}`, '1', i) });
    }
    now = 80_000;
    cache.apply({ type: 'ADDED', key: objectKey(PODS, 'x', 'p5'), revision: 5, object: pod('x', 'p5', '1', 5) });
    expect(cache.history.since(0).map((e) => e.revision)).toEqual([4, 5]);
    expect(cache.floor).toBe(3);
  });

  it('gives back what a burst of creates and deletes left once the window has passed, with no further writes', () => {
    let now = 0;
    const c = { now: () => now, setTimeout: () => () => {}, sleep: async () => {} };
    const cache = new WatchCache(PODS, [], 0, () => 0, { clock: c, windowMs: 75_000, minEvents: 16, maxEvents: 100_000 });
    const n = 5000;
    let rev = 0;
    for (let i = 0; i < n; i++) {
      rev++;
      cache.apply({ type: 'ADDED', key: objectKey(PODS, 'x', `p${i}`), revision: rev, object: pod('x', `p${i}`, '1', rev) });
    }
    const mid = rev;
    for (let i = 0; i < n; i++) {
      rev++;
      cache.apply({ type: 'DELETED', key: objectKey(PODS, 'x', `p${i}`), revision: rev, object: pod('x', `p${i}`, '1', rev) });
    }
    expect(cache.snapshotAt(mid)).toHaveLength(n); // a paginated list at the burst's peak
    expect(cache.history.size).toBe(2 * n);
    expect(cache.history.capacity).toBeGreaterThanOrEqual(2 * n);
    expect(cache.snapshotCount).toBe(1);

    cache.expire(); // inside the window: everything is still needed
    expect(cache.history.size).toBe(2 * n);
    expect(cache.snapshotCount).toBe(1);

    now = 80_000;
    cache.expire();
    expect(cache.size).toBe(0);
    expect(cache.history.size).toBe(16);
    expect(cache.history.capacity).toBe(64);
    expect(cache.floor).toBe(rev - 16);
    expect(cache.snapshotCount).toBe(0);
    expect(cache.history.since(rev - 16).map((e) => e.revision)).toEqual(Array.from({ length: 16 }, (_, i) => rev - 15 + i));
    // It still works afterwards: the ring grows again.
    cache.apply({ type: 'ADDED', key: objectKey(PODS, 'x', 'again'), revision: rev + 1, object: pod('x', 'again', '1', rev + 1) });
    expect(cache.current().map((o) => o.object.metadata.name)).toEqual(['again']);
    expect(cache.history.at(cache.history.size - 1).revision).toBe(rev + 1);
  });
});
