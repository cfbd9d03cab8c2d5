/**
 * Label selectors: the string syntax of `?labelSelector=` (`a=b,c!=d,e in (f,g),!h`) and the
 * structured `LabelSelector` of workload specs, both compiled to one `Selector` that matches a
 * label map.
 */
import type { LabelSelector } from './types.js';

export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export interface Selector {
  readonly requirements: readonly Requirement[];
  matches(labels: Record<string, string> | undefined): boolean;
  /** True when the selector selects everything. */
  empty(): boolean;
  toString(): string;
}

class RequirementsSelector implements Selector {
  constructor(readonly requirements: readonly Requirement[]) {}
  matches(labels: Record<string, string> | undefined): boolean {
    const l = labels ?? {};
    for (const r of this.requirements) {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      const v = l[r.key];
      switch (r.op) {
        case '=':
          if (!has || v !== r.values[0]) return false;
          break;
        case '!=':
          if (has && v === r.values[0]) return false;
          break;
        case 'in':
          if (!has || !r.values.includes(v)) return false;
          break;
        case 'notin':
          if (has && r.values.includes(v)) return false;
          break;
        case 'exists':
          if (!has) return false;
          break;
        case '!':
          if (has) return false;
          break;
      }
    }
    return true;
  }
  empty(): boolean {
    return this.requirements.length === 0;
  }
  toString(): string {
    return this.requirements
      .map((r) => {
        switch (r.op) {
          case '=':
          case '!=':
            return `${r.key}${r.op}${r.values[0]}`;
          case 'in':
          case 'notin':
            return `${r.key} ${r.op} (${r.values.join(',')})`;
          case 'exists':
            return r.key;
          case '!':
            return `!${r.key}`;
        }
      })
      .join(',');
  }
}

/** Selects everything. */
export const everything: Selector = new RequirementsSelector([]);

/** Selects nothing (a nil LabelSelector in a workload spec). */
export const nothing: Selector = {
  requirements: [],
  matches: () => false,
  empty: () => false,
  toString: () => '<none>',
};

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export class SelectorParseError extends Error {}

/** Parses the `labelSelector` query syntax. Throws SelectorParseError on bad input. */
export function parseLabelSelector(text: string | undefined | null): Selector {
  const s = (text ?? '').trim();
  if (!s) return everything;
  const reqs: Requirement[] = [];
  let i = 0;
  const skipWs = () => {
    while (i < s.length && s[i] === ' ') i++;
  };
  const readWord = () => {
    skipWs();
    const start = i;
    while (i < s.length && !' ,=!()'.includes(s[i])) i++;
    return s.slice(start, i);
  };
  const checkKey = (k: string) => {
    if (!KEY.test(k) || k.length > 317) throw new SelectorParseError(`invalid label key "${k}"`);
  };
  const checkValue = (v: string) => {
    if (!VALUE.test(v) || v.length > 63) throw new SelectorParseError(`invalid label value: "${v}"`);
  };
  while (i < s.length) {
    skipWs();
    if (s[i] === '!') {
      i++;
      const key = readWord();
      checkKey(key);
      reqs.push({ key, op: '!', values: [] });
    } else {
      const key = readWord();
      checkKey(key);
      skipWs();
      if (i >= s.length || s[i] === ',') {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (s.startsWith('==', i) || s[i] === '=') {
        i += s.startsWith('==', i) ? 2 : 1;
        const v = readWord();
        checkValue(v);
        reqs.push({ key, op: '=', values: [v] });
      } else if (s.startsWith('!=', i)) {
        i += 2;
        const v = readWord();
        checkValue(v);
        reqs.push({ key, op: '!=', values: [v] });
      } else {
        const op = readWord();
        if (op !== 'in' && op !== 'notin')
          throw new SelectorParseError(`unable to parse requirement: found '${op}', expected: in, notin, =, ==, !=`);
        skipWs();
        if (s[i] !== '(') throw new SelectorParseError(`found '${s[i] ?? 'end'}', expected: '('`);
        i++;
        const close = s.indexOf(')', i);
        if (close < 0) throw new SelectorParseError(`found end of string, expected: ')'`);
        const values = s
          .slice(i, close)
          .split(',')
          .map((v) => v.trim())
          .filter((v, idx, all) => v !== '' || all.length === 1);
        values.forEach(checkValue);
        i = close + 1;
        reqs.push({ key, op, values: values.filter((v) => v !== '' || values.length === 1) });
      }
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ',') throw new SelectorParseError(`found '${s[i]}', expected: ','`);
      i++;
    }
  }
  return new RequirementsSelector(reqs);
}

/**
 * Compiles a workload's `LabelSelector`. As in Kubernetes, an absent selector selects nothing,
 * an empty one (`{}`) everything.
 */
export function selectorFromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  if (!ls) return nothing;
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(ls.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    reqs.push({ key, op: '=', values: [value] });
  }
  for (const e of ls.matchExpressions ?? []) {
    const op: Operator = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, op, values: [...(e.values ?? [])] });
  }
  return new RequirementsSelector(reqs);
}

/** An equality selector from a label map (a Service or ReplicationController selector). */
export function selectorFromSet(set: Record<string, string> | undefined | null): Selector {
  if (!set) return everything;
  return selectorFromLabelSelector({ matchLabels: set });
}
