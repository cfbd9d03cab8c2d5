/**
 * labelSelector and fieldSelector of a list, watch or deletecollection as a Selection; field
 * selectors are checked against the fields the resource supports (400 otherwise). A named watch
 * selects that one object.
 */
import {
  badRequest,
  parseFieldSelector,
  parseLabelSelector,
  SelectorParseError,
  supportedFields,
  type FieldSelector,
  type ResourceInfo,
} from '@kemu/api';
import type { Selection } from '../registry/resource-store.js';

export function selection(r: ResourceInfo, q: URLSearchParams, name?: string): Selection {
  let label;
  let field: FieldSelector;
  try {
    label = parseLabelSelector(q.get('labelSelector'));
    field = parseFieldSelector(q.get('fieldSelector'));
  } catch (err) {
    if (err instanceof SelectorParseError) throw badRequest(`unable to parse requirement: ${err.message}`);
    throw err;
  }
  const supported = supportedFields(r.group, r.resource);
  for (const req of field.requirements) {
    if (!supported.includes(req.field)) throw badRequest(`"${req.field}" is not a known field selector: only "${supported.join('", "')}"`);
  }
  if (name !== undefined) {
    const base = field;
    field = { requirements: base.requirements, empty: () => false, matches: (f) => f['metadata.name'] === name && base.matches(f) };
  }
  return { label, field };
}
