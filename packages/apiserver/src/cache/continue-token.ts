/**
 * Continue tokens of paginated lists, in kube-apiserver's format (storage/continue.go):
 * base64url (no padding) of `{"v":"meta.k8s.io/v1","rv":<list revision>,"start":<next key
 * relative to the list's prefix>}`. `rv: -1` is the "inconsistent continue" token handed out
 * when the original revision is gone: the list then continues at the latest revision.
 */
import { badRequest } from '@kemu/api';

const VERSION = 'meta.k8s.io/v1';

export interface ContinueToken {
  /** The revision every page of the list is read at; -1 = at the latest revision. */
  rv: number;
  /** The full storage key the next page starts at (inclusive). */
  startKey: string;
}

/** `nextKey` is the first key of the next page; `prefix` the list's key prefix. */
export function encodeContinue(rv: number, nextKey: string, prefix: string): string {
  if (!nextKey.startsWith(prefix)) throw new Error(`continue key ${nextKey} is outside the list prefix ${prefix}`);
  return Buffer.from(JSON.stringify({ v: VERSION, rv, start: nextKey.slice(prefix.length) })).toString('base64url');
}

/** The first key after `lastKey` in byte order: what etcd's `start` token means. */
export function keyAfter(lastKey: string): string {
  return lastKey + '\x00';
}

export function decodeContinue(token: string, prefix: string): ContinueToken {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]*={0,2}$/.test(token)) throw new Error('not base64');
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data or JSON');
  }
  const t = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (typeof t !== 'object' || t === null || t.v !== VERSION) {
    throw badRequest(`continue key is not valid: server does not recognize this encoded key`);
  }
  if (typeof t.rv !== 'number' || !Number.isInteger(t.rv) || t.rv === 0 || t.rv < -1) {
    throw badRequest(`continue key is not valid: incorrect encoded start resourceVersion (version ${VERSION})`);
  }
  if (typeof t.start !== 'string' || t.start === '') throw badRequest('continue key is not valid: encoded start key empty');
  const start = t.start;
  if (start.split('/').some((seg) => seg === '..' || seg === '.') || start.startsWith('/')) {
    throw badRequest('continue key is not valid: encoded start key is not a clean path');
  }
  return { rv: t.rv, startKey: prefix + start };
}
