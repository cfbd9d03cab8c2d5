/**
 * The checker must not be vacuous: its model rejects illegal histories, and a store whose watch
 * resumes one event late, or delivers an event twice, is caught by a full run.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@kemu/storage';
import { checkHistory, compareEvents, expectedEvents, type Write } from './history.js';
import { storeNode, type CheckerNode } from './nodes.js';
import { runWorkload } from './workload.js';

const w = (rev: number, key: string, type: Write['type'], expectedPrev: number, value = `v${rev}`, even = true): Write => ({
  rev,
  key,
  type,
  expectedPrev,
  value,
  even,
  writer: 0,
});

describe('history model', () => {
  const legal = [
    w(1, 'a', 'ADDED', 0),
    w(2, 'a', 'MODIFIED', 1, 'v2', false),
    w(3, 'b', 'ADDED', 0),
    w(4, 'a', 'DELETED', 2, 'v2', false),
    w(5, 'a', 'ADDED', 0),
  ];

  it('accepts a legal CAS history and derives the final state', () => {
    const h = checkHistory(legal, { from: 0, to: 5 });
    expect(h.errors).toEqual([]);
    expect([...h.final.values()].map((v) => `${v.key}@${v.rev}`)).toEqual(['b@3', 'a@5']);
  });

  it('rejects a CAS acknowledged on a stale revision, a create over a live key, a duplicate revision and a gap', () => {
    expect(checkHistory([w(1, 'a', 'ADDED', 0), w(2, 'a', 'MODIFIED', 1), w(3, 'a', 'MODIFIED', 1)]).errors[0]).toMatch(
      /precondition named 1 but the key was at 2/,
    );
    expect(checkHistory([w(1, 'a', 'ADDED', 0), w(2, 'a', 'ADDED', 0)]).errors[0]).toMatch(/create acknowledged while the key existed/);
    expect(checkHistory([w(1, 'a', 'ADDED', 0), w(1, 'b', 'ADDED', 0)]).errors[0]).toMatch(/acknowledged twice/);
    expect(checkHistory([w(1, 'a', 'ADDED', 0), w(3, 'b', 'ADDED', 0)], { from: 0, to: 3 }).errors[0]).toMatch(
      /unaccounted revisions e.g. 2/,
    );
  });

  it('turns selector transitions into ADDED and DELETED with the old content', () => {
    const ev = expectedEvents(checkHistory(legal).ordered, 0, (v) => v.even);
    expect(ev.map((e) => `${e.type} ${e.key}@${e.rev} ${e.value}`)).toEqual([
      'ADDED a@1 v1',
      'DELETED a@2 v1',
      'ADDED b@3 v3',
      'ADDED a@5 v5',
    ]);
  });

  it('reports duplicates, reordering, missing and wrong events', () => {
    const exp = expectedEvents(checkHistory(legal).ordered, 0);
    expect(compareEvents(exp, [exp[0], exp[0], ...exp.slice(1)])[0]).toMatch(/delivered twice/);
    expect(compareEvents(exp, [exp[1], exp[0], ...exp.slice(2)])[0]).toMatch(/order broken/);
    expect(compareEvents(exp, exp.slice(0, 3))[0]).toMatch(/2 events never delivered/);
    expect(compareEvents(exp, [{ ...exp[0], type: 'MODIFIED' }, ...exp.slice(1)])[0]).toMatch(/should be ADDED/);
  });
});

/** A node whose watch has a bug: `skip` drops the first event of every resumed watch, `repeat` sends one twice. */
function faulty(node: CheckerNode, fault: 'skip' | 'repeat'): CheckerNode {
  let watches = 0;
  return {
    ...node,
    async *watch(from, selector, signal) {
      const resumed = watches++ > 0;
      let first = true;
      for await (const ev of node.watch(from, selector, signal)) {
        if (first && resumed && ev.type !== 'BOOKMARK') {
          first = false;
          if (fault === 'skip') continue;
          yield ev;
        }
        yield ev;
      }
    },
  };
}

describe('the checker catches a broken watch', () => {
  for (const fault of ['skip', 'repeat'] as const) {
    it(`that ${fault === 'skip' ? 'loses the first event after a resume' : 'repeats an event after a resume'}`, async () => {
      const store = new MemoryStore();
      try {
        const r = await runWorkload({
          nodes: [faulty(storeNode('memory', store), fault)],
          seed: 7,
          keys: 50,
          writers: 4,
          opsPerWriter: 200,
          watchers: 2,
          writeBudgetMs: 5_000,
          catchUpMs: 2_000,
          gapless: true,
        });
        expect(r.errors.join('\n')).toMatch(fault === 'skip' ? /never delivered/ : /delivered twice/);
      } finally {
        await store.close();
      }
    });
  }
});
