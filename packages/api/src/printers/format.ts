/** Cell formats several printers share, as kubectl renders them. */
import { canonicalQuantity } from '../schema/canonical-quantity.js';
import type { LabelSelector } from '../types.js';

type Obj = Record<string, any>;

/** `a=b,c=d` of a label map, sorted; `<none>` when empty. */
export function formatLabels(m: Record<string, string> | undefined | null): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
}

/** metav1.FormatLabelSelector: `app=x,tier in (a,b)`; `<none>` for an empty selector. */
export function formatLabelSelector(s: LabelSelector | undefined | null): string {
  if (!s) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(s.matchLabels ?? {}).sort()) parts.push(`${k}=${s.matchLabels![k]}`);
  for (const e of s.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
        break;
      case 'Exists':
        parts.push(e.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
    }
  }
  return parts.length ? parts.join(',') : '<none>';
}

/** The number of entries of a map; 0 when it is not one. */
export const countEntries = (m: unknown) => (m && typeof m === 'object' ? Object.keys(m).length : 0);

/** A quantity as resource.Quantity.String() prints it; "0" when absent. */
export function formatQuantity(q: unknown): string {
  if (q === undefined || q === null || q === '') return '0';
  return canonicalQuantity(q as string | number) ?? String(q);
}

const MODE_ABBREVIATIONS: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

/** helper.GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order, each once. */
export function accessModes(modes: unknown): string {
  const set = new Set(Array.isArray(modes) ? modes : []);
  return ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']
    .filter((m) => set.has(m))
    .map((m) => MODE_ABBREVIATIONS[m])
    .join(',');
}

const STORAGE_CLASS_BETA = 'volume.beta.kubernetes.io/storage-class';

/** The storage class of a volume or claim, also from the beta annotation. */
export const storageClassOf = (o: Obj) => o.spec?.storageClassName ?? o.metadata?.annotations?.[STORAGE_CLASS_BETA] ?? '';
