/**
 * The simple JSONPath of CRD printer columns (`.spec.replicas`, `.status.conditions[0].type`,
 * `.status.conditions[?(@.type=="Ready")].status`, `.spec.items[*].name`, `.metadata.labels['app']`),
 * evaluated like kubectl's jsonpath: a list of results, empty when the path finds nothing.
 */

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; path: string[]; op: '==' | '!='; value: unknown };

export class JsonPathError extends Error {}

function parseLiteral(s: string): unknown {
  const t = s.trim();
  if (/^".*"$/.test(t) || /^'.*'$/.test(t)) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  throw new JsonPathError(`unrecognized literal ${t}`);
}

/** Parses `.a.b[0]['c'][?(@.x=="y")]` (optionally wrapped in `{…}`) into steps. */
export function parseJsonPath(expr: string): Step[] {
  let s = expr.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1).trim();
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '.') {
      i++;
      let j = i;
      while (j < s.length && /[^.[\]]/.test(s[j])) j++;
      const name = s.slice(i, j);
      if (name === '*') steps.push({ kind: 'all' });
      else if (name) steps.push({ kind: 'field', name });
      i = j;
    } else if (s[i] === '[') {
      const end = s.indexOf(']', s[i + 1] === '?' ? s.indexOf(')', i) : i);
      if (end < 0) throw new JsonPathError(`unterminated [ in ${expr}`);
      const inner = s.slice(i + 1, end).trim();
      if (inner === '*') steps.push({ kind: 'all' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else {
        const m = /^\?\(@((?:\.[^.=!]+)+)\s*(==|!=)\s*(.+)\)$/.exec(inner);
        if (!m) throw new JsonPathError(`unsupported expression [${inner}]`);
        steps.push({
          kind: 'filter',
          path: m[1]
            .split('.')
            .filter(Boolean)
            .map((x) => x.trim()),
          op: m[2] as '==' | '!=',
          value: parseLiteral(m[3]),
        });
      }
      i = end + 1;
    } else {
      throw new JsonPathError(`unexpected ${JSON.stringify(s[i])} in ${expr}`);
    }
  }
  return steps;
}

function get(v: unknown, path: string[]): unknown {
  let cur = v;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Every value the path reaches in obj. */
export function evaluateJsonPath(steps: Step[], obj: unknown): unknown[] {
  let cur: unknown[] = [obj];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      switch (step.kind) {
        case 'field':
          if (v !== null && typeof v === 'object' && !Array.isArray(v) && (v as Record<string, unknown>)[step.name] !== undefined) {
            next.push((v as Record<string, unknown>)[step.name]);
          }
          break;
        case 'index':
          if (Array.isArray(v)) {
            const at = step.index < 0 ? v.length + step.index : step.index;
            if (at >= 0 && at < v.length) next.push(v[at]);
          }
          break;
        case 'all':
          if (Array.isArray(v)) next.push(...v);
          else if (v !== null && typeof v === 'object') next.push(...Object.values(v));
          break;
        case 'filter':
          if (Array.isArray(v)) {
            for (const item of v) {
              const equal = get(item, step.path) === step.value;
              if (step.op === '==' ? equal : !equal) next.push(item);
            }
          }
          break;
      }
    }
    cur = next;
  }
  return cur;
}
