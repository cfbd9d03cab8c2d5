/**
 * The history model of the watch checker. Writers log every acknowledged write with the revision
 * the store gave it; the model replays that log in revision order and
 * - checks it is a legal history of compare-and-swap registers (a create only on an absent key,
 *   an update or delete only on the exact revision its precondition named, revisions unique and,
 *   when nobody else writes, gapless);
 * - derives, for a watcher that started at revision S with an optional label filter, the exact
 *   event sequence etcd + kube-apiserver would deliver (selector transitions as ADDED/DELETED);
 * - compares that with what the watcher saw, and a watcher's folded state with a fresh list.
 */

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One state of one key, as the checker sees it. */
export interface Version {
  key: string;
  /** mod revision (for a DELETED event: the delete revision) */
  rev: number;
  /** the writer's unique op id stored in the object */
  value: string;
  /** label parity=even: what the selector watchers select */
  even: boolean;
}

/** An acknowledged write. */
export interface Write extends Version {
  type: EventType;
  /** the mod revision the write's precondition named (0 for a create) */
  expectedPrev: number;
  writer: number;
}

/** A watch event as a watcher saw it. */
export type Observed = Version & { type: EventType };

export interface HistoryCheck {
  errors: string[];
  /** key → state after the last write */
  final: Map<string, Version>;
  /** writes in revision order */
  ordered: Write[];
}

/**
 * Checks the acknowledged writes form a legal CAS history. With `gapless`, every revision in
 * (from, to] must be one of these writes (nobody else writes, and no-op updates wrote nothing).
 */
export function checkHistory(writes: Write[], gapless?: { from: number; to: number }): HistoryCheck {
  const errors: string[] = [];
  const ordered = [...writes].sort((a, b) => a.rev - b.rev);
  const state = new Map<string, Version>();
  for (let i = 0; i < ordered.length; i++) {
    const w = ordered[i];
    if (i > 0 && ordered[i - 1].rev === w.rev)
      errors.push(`revision ${w.rev} acknowledged twice: ${describe(ordered[i - 1])} and ${describe(w)}`);
    const cur = state.get(w.key);
    switch (w.type) {
      case 'ADDED':
        if (cur) errors.push(`${describe(w)}: create acknowledged while the key existed at ${cur.rev}`);
        break;
      case 'MODIFIED':
      case 'DELETED':
        if (!cur) errors.push(`${describe(w)}: acknowledged on an absent key`);
        else if (cur.rev !== w.expectedPrev)
          errors.push(`${describe(w)}: precondition named ${w.expectedPrev} but the key was at ${cur.rev}`);
        break;
    }
    if (w.type === 'DELETED') state.delete(w.key);
    else state.set(w.key, { key: w.key, rev: w.rev, value: w.value, even: w.even });
  }
  if (gapless) {
    const want = gapless.to - gapless.from;
    const inRange = ordered.filter((w) => w.rev > gapless.from && w.rev <= gapless.to);
    if (inRange.length !== want || ordered.length !== inRange.length) {
      const seen = new Set(ordered.map((w) => w.rev));
      const missing: number[] = [];
      for (let r = gapless.from + 1; r <= gapless.to && missing.length < 5; r++) if (!seen.has(r)) missing.push(r);
      errors.push(
        `revisions (${gapless.from}, ${gapless.to}] are not exactly the acknowledged writes: ${ordered.length} writes, ` +
          `${inRange.length} in range; unaccounted revisions e.g. ${missing.join(', ') || 'none'}`,
      );
    }
  }
  return { errors, final: state, ordered };
}

/**
 * The events a watcher from revision `from` must see, in order. `select` filters by the object
 * (a label selector); a change into the selection is ADDED, out of it DELETED carrying the old
 * object's content at the event's revision (kube-apiserver cache_watcher convertToWatchEvent).
 * DELETED carries the last state with the delete revision.
 * Assumes no key exists at `from` (the checker's keys are fresh).
 */
export function expectedEvents(ordered: Write[], from: number, select?: (v: Version) => boolean): Observed[] {
  const sel = select ?? (() => true);
  const state = new Map<string, Version>();
  const out: Observed[] = [];
  for (const w of ordered) {
    const prev = state.get(w.key);
    const next = w.type === 'DELETED' ? undefined : { key: w.key, rev: w.rev, value: w.value, even: w.even };
    if (next) state.set(w.key, next);
    else state.delete(w.key);
    if (w.rev <= from) continue;
    const before = prev !== undefined && sel(prev);
    const after = next !== undefined && sel(next);
    if (after) out.push({ ...next!, type: before ? 'MODIFIED' : 'ADDED' });
    else if (before) out.push({ ...prev!, rev: w.rev, type: 'DELETED' });
  }
  return out;
}

/**
 * Compares what a watcher saw with what it must have seen: same events, same order, each once.
 * Returns the problems found (at most `limit`), most telling first.
 */
export function compareEvents(expected: Observed[], observed: Observed[], limit = 5): string[] {
  const errors: string[] = [];
  for (let i = 1; i < observed.length && errors.length < limit; i++) {
    const a = observed[i - 1].rev;
    const b = observed[i].rev;
    if (b === a) errors.push(`event at revision ${b} delivered twice (positions ${i - 1} and ${i})`);
    else if (b < a) errors.push(`revision order broken: ${b} after ${a} (position ${i})`);
  }
  const want = new Map(expected.map((e) => [e.rev, e]));
  const got = new Set<number>();
  for (const o of observed) {
    got.add(o.rev);
    const e = want.get(o.rev);
    if (!e) {
      if (errors.length < limit) errors.push(`unexpected event ${describe(o)}`);
      continue;
    }
    if (e.type !== o.type || e.key !== o.key || e.value !== o.value || e.even !== o.even) {
      if (errors.length < limit) errors.push(`event ${describe(o)} should be ${describe(e)}`);
    }
  }
  const missing = expected.filter((e) => !got.has(e.rev));
  if (missing.length) errors.push(`${missing.length} events never delivered, first: ${missing.slice(0, 3).map(describe).join('; ')}`);
  if (!errors.length && observed.length !== expected.length) errors.push(`saw ${observed.length} events, expected ${expected.length}`);
  return errors;
}

/** The state a watcher builds by applying its events. */
export function foldEvents(observed: Observed[]): Map<string, Version> {
  const m = new Map<string, Version>();
  for (const o of observed) {
    if (o.type === 'DELETED') m.delete(o.key);
    else m.set(o.key, { key: o.key, rev: o.rev, value: o.value, even: o.even });
  }
  return m;
}

/** Differences between two states (a watcher's and a fresh list), at most `limit`. */
export function compareStates(label: string, a: Map<string, Version>, b: Map<string, Version>, limit = 5): string[] {
  const errors: string[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w) errors.push(`${label}: ${k}@${v.rev} is absent from the fresh list`);
    else if (w.rev !== v.rev || w.value !== v.value || w.even !== v.even)
      errors.push(`${label}: ${k} is ${fmt(v)} but the fresh list has ${fmt(w)}`);
    if (errors.length >= limit) return errors;
  }
  for (const [k, w] of b) {
    if (!a.has(k)) errors.push(`${label}: ${k}@${w.rev} from the fresh list is missing`);
    if (errors.length >= limit) return errors;
  }
  return errors;
}

function fmt(v: Version): string {
  return `@${v.rev} ${v.value} ${v.even ? 'even' : 'odd'}`;
}

function describe(e: Observed | Write): string {
  return `${e.type} ${e.key} ${fmt(e)}`;
}
