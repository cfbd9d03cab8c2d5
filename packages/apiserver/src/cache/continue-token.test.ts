import { describe, expect, it } from 'vitest';
import { isInvalid, type ApiError } from '@kemu/api';
import { decodeContinue, encodeContinue, keyAfter } from './continue-token.js';
import { parseListOptions, parseWatchOptions } from './read-options.js';

const PREFIX = '/registry/core/pods/default/';

function status(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    return (err as ApiError).code;
  }
  return 200;
}

describe('continue tokens', () => {
  it('encode like kube-apiserver: base64url JSON with the key relative to the prefix', () => {
    const t = encodeContinue(42, keyAfter(`${PREFIX}web-1`), PREFIX);
    expect(JSON.parse(Buffer.from(t, 'base64url').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: 42, start: 'web-1\u0000' });
    expect(t).not.toMatch(/[=+/]/);
    expect(decodeContinue(t, PREFIX)).toEqual({ rv: 42, startKey: `${PREFIX}web-1\u0000` });
    expect(decodeContinue(encodeContinue(-1, `${PREFIX}a`, PREFIX), PREFIX).rv).toBe(-1);
  });

  it('refuses malformed tokens with 400', () => {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    for (const bad of [
      '%%%',
      enc('x'),
      enc({ v: 'v2', rv: 1, start: 'a' }),
      enc({ v: 'meta.k8s.io/v1', rv: 0, start: 'a' }),
      enc({ v: 'meta.k8s.io/v1', rv: 1, start: '' }),
      enc({ v: 'meta.k8s.io/v1', rv: 1, start: '../kube-system/x' }),
    ]) {
      expect(status(() => decodeContinue(bad, PREFIX))).toBe(400);
    }
  });
});

describe('read options', () => {
  const q = (s: string) => new URLSearchParams(s);
  it('validates list options as ValidateListOptions does', () => {
    expect(parseListOptions(q('resourceVersion=7&resourceVersionMatch=Exact&limit=5'))).toEqual({
      resourceVersion: '7',
      match: 'Exact',
      limit: 5,
      continue: '',
    });
    expect(parseListOptions(q('limit=-3')).limit).toBe(0);
    expect(status(() => parseListOptions(q('limit=x')))).toBe(400);
    expect(status(() => parseListOptions(q('resourceVersion=-1')))).toBe(400);
    expect(status(() => parseListOptions(q('resourceVersion=3&continue=abc')))).toBe(400);
    expect(status(() => parseListOptions(q('resourceVersion=0&continue=abc')))).toBe(200);
    let err: unknown;
    try {
      parseListOptions(q('resourceVersionMatch=Exact&continue=x&sendInitialEvents=true'));
    } catch (e) {
      err = e;
    }
    expect(isInvalid(err)).toBe(true);
    expect((err as ApiError).status.details?.causes?.map((c) => c.field)).toEqual([
      'resourceVersionMatch',
      'resourceVersionMatch',
      'sendInitialEvents',
    ]);
  });

  it('validates watch options: sendInitialEvents needs NotOlderThan and bookmarks', () => {
    expect(parseWatchOptions(q('sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan'))).toEqual({
      resourceVersion: '',
      match: 'NotOlderThan',
      sendInitialEvents: true,
      allowWatchBookmarks: true,
    });
    expect(status(() => parseWatchOptions(q('sendInitialEvents=true&resourceVersionMatch=NotOlderThan')))).toBe(422);
    expect(status(() => parseWatchOptions(q('sendInitialEvents=true&allowWatchBookmarks=true')))).toBe(422);
    expect(status(() => parseWatchOptions(q('resourceVersionMatch=Exact&sendInitialEvents=false')))).toBe(422);
    expect(parseWatchOptions(q('resourceVersion=12')).sendInitialEvents).toBeUndefined();
  });
});
