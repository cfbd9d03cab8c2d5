/**
 * The watch checker's run: concurrent writers on a few hundred keys (create, CAS update, no-op
 * update, CAS delete, re-create) through random nodes, and watchers that disconnect at random
 * (after a random number of events or a random time) and resume from the last revision they saw
 * (an event's or a bookmark's) on a random node. When the writers are done, each watcher reads
 * until it has passed the last revision it must see; then the history model checks everything.
 */
import {
  checkHistory,
  compareEvents,
  compareStates,
  expectedEvents,
  foldEvents,
  type Observed,
  type Version,
  type Write,
} from './history.js';
import type { CheckerNode, Current } from './nodes.js';
import { rng, type Rng } from './rng.js';

export interface WorkloadOptions {
  nodes: CheckerNode[];
  seed: number;
  keys: number;
  writers: number;
  opsPerWriter: number;
  watchers: number;
  /** How many of the watchers use the label selector (nodes must support it). */
  selectorWatchers?: number;
  /** Writers stop at this time even if they have ops left. */
  writeBudgetMs: number;
  /** Watchers must have caught up within this time after the writers stop. */
  catchUpMs: number;
  /** Every revision after the start is one of the writers' (true for a dedicated store). */
  gapless?: boolean;
}

export interface WorkloadResult {
  errors: string[];
  summary: {
    seed: number;
    nodes: number;
    ops: number;
    acknowledged: number;
    noops: number;
    conflicts: number;
    eventsChecked: number;
    bookmarks: number;
    disconnects: number;
    watchers: number;
    ms: number;
  };
}

interface WatcherLog {
  id: number;
  selector: boolean;
  observed: Observed[];
  bookmarks: number;
  disconnects: number;
  errors: string[];
}

const even = (v: Version) => v.even;

export async function runWorkload(o: WorkloadOptions): Promise<WorkloadResult> {
  const t0 = Date.now();
  const start = await o.nodes[0].currentRevision();
  const writes: Write[] = [];
  const errors: string[] = [];
  let ops = 0;
  let noops = 0;
  let conflicts = 0;

  // ---- watchers --------------------------------------------------------------------------
  /** Set when the writers are done: the last revision each watcher must reach. */
  let targets: number[] | undefined;
  const giveUp = new AbortController();
  const pokes: (() => void)[] = [];
  const logs: WatcherLog[] = [];
  const watcher = async (id: number, r: Rng, selector: boolean) => {
    const log: WatcherLog = { id, selector, observed: [], bookmarks: 0, disconnects: 0, errors: [] };
    logs[id] = log;
    let last = start;
    const caughtUp = () => targets !== undefined && last >= targets[id];
    while (!caughtUp() && !giveUp.signal.aborted) {
      const node = r.pick(o.nodes);
      const ac = new AbortController();
      const abort = () => ac.abort();
      giveUp.signal.addEventListener('abort', abort, { once: true });
      pokes[id] = () => {
        if (caughtUp()) ac.abort();
      };
      const afterEvents = r.int(1, 120);
      const timer = setTimeout(abort, r.int(20, 600));
      let n = 0;
      try {
        for await (const ev of node.watch(last, selector, ac.signal)) {
          if (ev.type === 'ERROR') {
            log.errors.push(`watcher ${id} on ${node.name}: ERROR event ${ev.message}`);
            break;
          }
          if (ev.type === 'BOOKMARK') {
            if (ev.rev < last) log.errors.push(`watcher ${id} on ${node.name}: bookmark ${ev.rev} after ${last}`);
            else last = ev.rev;
            log.bookmarks++;
          } else {
            log.observed.push(ev);
            last = ev.rev;
            n++;
          }
          if (caughtUp()) break;
          if (n >= afterEvents) {
            ac.abort();
            break;
          }
        }
      } catch (err) {
        if (!ac.signal.aborted) {
          log.errors.push(`watcher ${id} on ${node.name}: ${String(err)}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        clearTimeout(timer);
        giveUp.signal.removeEventListener('abort', abort);
      }
      if (!caughtUp()) log.disconnects++;
    }
  };
  const selectorWatchers = o.selectorWatchers ?? 0;
  const watching = Array.from({ length: o.watchers }, (_, i) => watcher(i, rng(o.seed + 1000 + i), i < selectorWatchers));

  // ---- writers ---------------------------------------------------------------------------
  const deadline = Date.now() + o.writeBudgetMs;
  const keyName = (i: number) => `k-${String(i).padStart(4, '0')}`;
  const writer = async (id: number, r: Rng) => {
    for (let i = 0; i < o.opsPerWriter && Date.now() < deadline; i++) {
      const node = r.pick(o.nodes);
      const key = keyName(r.int(0, o.keys - 1));
      const value = `w${id}-${i}`;
      const parity = r.next() < 0.5;
      const dice = r.next();
      ops++;
      const cur: Current | undefined = await node.get(key);
      if (!cur) {
        const res = await node.create(key, value, parity);
        if (res === 'exists') {
          conflicts++;
          continue;
        }
        expectVersion(res, key, value, parity, `create on ${node.name}`);
        writes.push({ ...pick(res), type: 'ADDED', expectedPrev: 0, writer: id });
      } else if (dice < 0.6) {
        const res = await node.update(cur, value, parity);
        if (res === 'conflict' || res === 'gone') {
          conflicts++;
          continue;
        }
        expectVersion(res, key, value, parity, `update on ${node.name}`);
        writes.push({ ...pick(res), type: 'MODIFIED', expectedPrev: cur.rev, writer: id });
      } else if (dice < 0.7) {
        const res = await node.update(cur, cur.value, cur.even);
        if (res === 'conflict' || res === 'gone') {
          conflicts++;
          continue;
        }
        if (res.rev !== cur.rev) errors.push(`no-op update of ${key}@${cur.rev} on ${node.name} wrote revision ${res.rev}`);
        noops++;
      } else {
        const res = await node.remove(cur);
        if (res === 'conflict' || res === 'gone') {
          conflicts++;
          continue;
        }
        expectVersion(res, key, cur.value, cur.even, `delete on ${node.name}`);
        writes.push({ ...pick(res), type: 'DELETED', expectedPrev: cur.rev, writer: id });
      }
    }
  };
  const expectVersion = (v: Version, key: string, value: string, parity: boolean, what: string) => {
    if (v.key !== key || v.value !== value || v.even !== parity) errors.push(`${what} of ${key} answered ${JSON.stringify(v)}`);
  };
  try {
    await Promise.all(Array.from({ length: o.writers }, (_, i) => writer(i, rng(o.seed + i))));
  } catch (err) {
    giveUp.abort();
    await Promise.all(watching);
    throw err;
  }
  const end = await o.nodes[0].currentRevision();

  // ---- the model -------------------------------------------------------------------------
  const history = checkHistory(writes, o.gapless ? { from: start, to: end } : undefined);
  errors.push(...history.errors);
  const expected = logs.map((l) => expectedEvents(history.ordered, start, l.selector ? even : undefined));
  targets = expected.map((e) => (e.length ? e[e.length - 1].rev : start));
  for (const poke of pokes) poke?.();
  const catchUp = setTimeout(() => giveUp.abort(), o.catchUpMs);
  await Promise.all(watching);
  clearTimeout(catchUp);
  if (giveUp.signal.aborted) errors.push(`watchers did not catch up within ${o.catchUpMs} ms`);

  // ---- checks ----------------------------------------------------------------------------
  // A list without a resourceVersion is a consistent read: on every node it must include every
  // acknowledged write (list revision ≥ the last one) and equal the model's final state.
  const lastAcked = history.ordered.length ? history.ordered[history.ordered.length - 1].rev : start;
  const fresh = new Map<boolean, Map<string, Version>>();
  for (const node of o.nodes) {
    for (const sel of [false, true]) {
      if (sel && selectorWatchers === 0) continue;
      const l = await node.list(sel);
      if (l.rev < lastAcked) errors.push(`list on ${node.name} at revision ${l.rev} is older than the acknowledged write ${lastAcked}`);
      const state = new Map(l.items.map((v) => [v.key, v]));
      if (!sel) errors.push(...compareStates(`model vs fresh list on ${node.name}`, history.final, state));
      if (node === o.nodes[0]) fresh.set(sel, state);
    }
  }
  let eventsChecked = 0;
  for (const l of logs) {
    errors.push(...l.errors);
    errors.push(...compareEvents(expected[l.id], l.observed).map((e) => `watcher ${l.id}${l.selector ? ' (parity=even)' : ''}: ${e}`));
    errors.push(...compareStates(`watcher ${l.id} state vs fresh list`, foldEvents(l.observed), fresh.get(l.selector)!));
    eventsChecked += l.observed.length;
  }
  return {
    errors,
    summary: {
      seed: o.seed,
      nodes: o.nodes.length,
      ops,
      acknowledged: writes.length,
      noops,
      conflicts,
      eventsChecked,
      bookmarks: logs.reduce((s, l) => s + l.bookmarks, 0),
      disconnects: logs.reduce((s, l) => s + l.disconnects, 0),
      watchers: logs.length,
      ms: Date.now() - t0,
    },
  };
}

function pick(v: Version): Version {
  return { key: v.key, rev: v.rev, value: v.value, even: v.even };
}
