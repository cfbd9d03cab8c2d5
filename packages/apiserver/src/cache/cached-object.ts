/**
 * One version of one object in a watch cache: decoded once, shared read-only by every list
 * response and watcher that returns it. Its JSON text and its selectable fields are computed at
 * most once (kube-apiserver's cachingObject), so a LIST of 10 000 objects is a concatenation.
 */
import type { KubeObject } from '@kemu/api';

export class CachedObject {
  private jsonBytes: Buffer | undefined;
  private fieldSet: Record<string, string> | undefined;

  /** `object` must never be mutated: it is shared by every reader. */
  constructor(
    readonly key: string,
    readonly object: KubeObject,
    readonly revision: number,
  ) {}

  /** `JSON.stringify(object)` as UTF-8, computed once. */
  get json(): Buffer {
    return (this.jsonBytes ??= Buffer.from(JSON.stringify(this.object), 'utf8'));
  }

  /** The selectable fields (`fieldsOf` is the resource's field function), computed once. */
  fields(fieldsOf: (o: KubeObject) => Record<string, string>): Record<string, string> {
    return (this.fieldSet ??= fieldsOf(this.object));
  }

  /** A copy of this version carrying another resourceVersion (a DELETED event out of a selector). */
  withRevision(revision: number): CachedObject {
    const o = this.object;
    return new CachedObject(this.key, { ...o, metadata: { ...o.metadata, resourceVersion: String(revision) } }, revision);
  }
}

/** Binary search: the first index whose key is ≥ key. */
export function lowerBound(items: readonly { key: string }[], key: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The smallest string greater than every string that starts with prefix. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
