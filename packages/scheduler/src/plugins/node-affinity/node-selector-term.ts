/** core/v1 NodeSelectorTerm matching (requiredDuringScheduling and preferred terms). */
import type { Node } from '@kemu/api';

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}
export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
}

function matchRequirement(r: NodeSelectorRequirement, values: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, r.key);
  const v = values[r.key];
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(v);
    case 'NotIn':
      return !has || !(r.values ?? []).includes(v);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || (r.values ?? []).length !== 1) return false;
      const a = Number.parseInt(v, 10);
      const b = Number.parseInt(r.values![0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A term matches when all of its requirements do; an empty term matches nothing. */
export function matchTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  const fieldValues = { 'metadata.name': node.metadata.name ?? '' };
  return exprs.every((r) => matchRequirement(r, labels)) && fields.every((r) => matchRequirement(r, fieldValues));
}

/** Terms are ORed. */
export function matchAnyTerm(terms: NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => matchTerm(t, node));
}
