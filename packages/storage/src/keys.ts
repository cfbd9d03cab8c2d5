/**
 * Every storage key and Redis key name kemu uses is built here.
 *
 * Storage keys follow etcd's layout as kube-apiserver writes it:
 *   namespaced:     /registry/<group|core>/<resource>/<namespace>/<name>
 *   cluster-scoped: /registry/<group|core>/<resource>/<name>
 * A collection prefix always ends in `/`, so `default/` never matches `default-2/...`.
 */
import type { ResourceInfo } from '@kemu/api';

const ROOT = '/registry';

function groupSegment(r: Pick<ResourceInfo, 'group'>): string {
  return r.group === '' ? 'core' : r.group;
}

/** The key of one object; `namespace` is ignored for cluster-scoped resources. */
export function objectKey(r: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>, namespace: string | undefined, name: string): string {
  const base = `${ROOT}/${groupSegment(r)}/${r.resource}/`;
  return r.namespaced ? `${base}${namespace ?? ''}/${name}` : `${base}${name}`;
}

/** The prefix of a collection: all objects of the resource, or of one namespace when given. */
export function collectionPrefix(r: Pick<ResourceInfo, 'group' | 'resource' | 'namespaced'>, namespace?: string): string {
  const base = `${ROOT}/${groupSegment(r)}/${r.resource}/`;
  return r.namespaced && namespace ? `${base}${namespace}/` : base;
}

/**
 * The resource part of a key or prefix: `/registry/apps/deployments/` for
 * `/registry/apps/deployments/default/web`. Undefined when the input is shorter than that
 * (it then spans several resources).
 */
export function resourcePrefixOf(keyOrPrefix: string): string | undefined {
  if (!keyOrPrefix.startsWith('/')) return undefined;
  let at = 0;
  for (let i = 0; i < 3; i++) {
    at = keyOrPrefix.indexOf('/', at + 1);
    if (at < 0) return undefined;
  }
  return keyOrPrefix.slice(0, at + 1);
}

/**
 * Redis key names of one kemu dataset. Every name carries the same hash tag, so the dataset
 * is one slot and every script may touch all of it.
 *
 *   {c}meta            HASH    clusterId, createdAt, compactRev
 *   {c}rev             STRING  the global revision (INCR)
 *   {c}o:<key>         HASH    v = value (msgpack, no resourceVersion), m = mod rev, c = create rev, l = TTL deadline ms
 *   {c}i:<res prefix>  ZSET    score 0, member = storage key; ZRANGEBYLEX lists a resource or a namespace of it
 *   {c}log             STREAM  one entry per revision, id `<rev>-0`
 *   {c}ttl             ZSET    score = deadline ms, member = storage key
 */
export class RedisKeys {
  readonly meta: string;
  readonly rev: string;
  readonly log: string;
  readonly ttl: string;
  /** Prefix of object hashes; the Lua list script appends index members to it. */
  readonly objectPrefix: string;
  private readonly indexPrefix: string;

  constructor(readonly tag = 'c') {
    if (/[{}]/.test(tag)) throw new Error(`invalid Redis key tag ${JSON.stringify(tag)}`);
    const t = `{${tag}}`;
    this.meta = `${t}meta`;
    this.rev = `${t}rev`;
    this.log = `${t}log`;
    this.ttl = `${t}ttl`;
    this.objectPrefix = `${t}o:`;
    this.indexPrefix = `${t}i:`;
  }

  object(key: string): string {
    return this.objectPrefix + key;
  }

  /** The index holding `keyOrPrefix`; throws for a prefix wider than one resource. */
  index(keyOrPrefix: string): string {
    const rp = resourcePrefixOf(keyOrPrefix);
    if (rp === undefined) throw new Error(`storage key ${JSON.stringify(keyOrPrefix)} does not name a resource`);
    return this.indexPrefix + rp;
  }
}
