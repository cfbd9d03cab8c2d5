/**
 * Field selectors (`?fieldSelector=spec.nodeName=n1,status.phase!=Failed`). Each resource says
 * which fields it can be selected on; `metadata.name` and `metadata.namespace` always work.
 */
import { SelectorParseError } from './labels.js';

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  matches(fields: Record<string, string>): boolean;
  empty(): boolean;
}

export const everyField: FieldSelector = { requirements: [], matches: () => true, empty: () => true };

/** Parses the `fieldSelector` query syntax: comma-separated `f=v`, `f==v` or `f!=v`. */
export function parseFieldSelector(text: string | undefined | null): FieldSelector {
  const s = (text ?? '').trim();
  if (!s) return everyField;
  const requirements: FieldRequirement[] = [];
  for (const part of splitUnescaped(s)) {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(part.trim());
    if (!m) throw new SelectorParseError(`invalid selector: '${part}'; can't understand '${part}'`);
    requirements.push({ field: m[1].trim(), op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3].trim()) });
  }
  return {
    requirements,
    empty: () => false,
    matches(fields) {
      for (const r of requirements) {
        const v = fields[r.field] ?? '';
        if (r.op === '=' ? v !== r.value : v === r.value) return false;
      }
      return true;
    },
  };
}

function splitUnescaped(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s[i] + s[i + 1];
      i++;
      continue;
    }
    if (s[i] === ',') {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += s[i];
  }
  out.push(cur);
  return out.filter((p) => p.trim() !== '');
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}
