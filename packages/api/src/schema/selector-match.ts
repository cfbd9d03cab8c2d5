/** Evaluates a structured LabelSelector against a label set (no parsing, unlike labels.ts). */
type Obj = Record<string, any>;

export function matchesSelector(sel: Obj, labels: Record<string, string>): boolean {
  const ml = sel.matchLabels && typeof sel.matchLabels === 'object' ? sel.matchLabels : {};
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const req of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const values: string[] = Array.isArray(req.values) ? req.values : [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(labels[req.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[req.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
