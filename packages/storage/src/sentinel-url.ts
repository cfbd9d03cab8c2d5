/**
 * `redis-sentinel://[:password@]host:port[,host:port…]/<mastername>[/<db>]`: the HA shape of the
 * store (shared/reference/storage.md §3.8). The hosts are Redis Sentinels; ioredis asks them for
 * the current primary of <mastername> and follows failovers (its `sentinels` option). The
 * password, when given, is the primary's (`requirepass`), not the sentinels'. Redis Cluster is
 * not supported on purpose: the global revision puts every key in one slot.
 */
import type { RedisOptions } from 'ioredis';

export const SENTINEL_SCHEME = 'redis-sentinel://';
const DEFAULT_SENTINEL_PORT = 26379;

export interface SentinelTarget {
  sentinels: { host: string; port: number }[];
  /** The master group name the sentinels monitor. */
  name: string;
  password?: string;
  db?: number;
}

/** Parses a sentinel URL; throws an Error naming what is wrong. */
export function parseSentinelUrl(url: string): SentinelTarget {
  const bad = (why: string) =>
    new Error(`invalid storage URL ${JSON.stringify(url)}: ${why} ` + `(expected ${SENTINEL_SCHEME}host:port[,host:port…]/<mastername>)`);
  if (!url.startsWith(SENTINEL_SCHEME)) throw bad(`it must start with ${SENTINEL_SCHEME}`);
  let rest = url.slice(SENTINEL_SCHEME.length);
  let password: string | undefined;
  const at = rest.lastIndexOf('@', rest.indexOf('/') === -1 ? rest.length : rest.indexOf('/'));
  if (at !== -1) {
    const auth = decodeURIComponent(rest.slice(0, at));
    password = auth.includes(':') ? auth.slice(auth.indexOf(':') + 1) : auth;
    rest = rest.slice(at + 1);
  }
  const slash = rest.indexOf('/');
  if (slash === -1) throw bad('the master name is missing');
  const hostList = rest.slice(0, slash);
  const [name, dbPart, ...extra] = rest.slice(slash + 1).split('/');
  if (!name) throw bad('the master name is missing');
  if (extra.length > 0) throw bad('too many path segments');
  let db: number | undefined;
  if (dbPart !== undefined && dbPart !== '') {
    db = Number(dbPart);
    if (!Number.isInteger(db) || db < 0) throw bad(`database ${JSON.stringify(dbPart)} is not a non-negative integer`);
  }
  if (!hostList) throw bad('no sentinel given');
  const sentinels = hostList.split(',').map((hp) => {
    const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(hp.trim());
    if (!m) throw bad(`sentinel ${JSON.stringify(hp)} is not host[:port]`);
    const port = m[2] === undefined ? DEFAULT_SENTINEL_PORT : Number(m[2]);
    if (port < 1 || port > 65535) throw bad(`sentinel port ${port} is out of range`);
    return { host: m[1].replace(/^\[|\]$/g, ''), port };
  });
  return {
    sentinels,
    name: decodeURIComponent(name),
    ...(password !== undefined ? { password } : {}),
    ...(db !== undefined ? { db } : {}),
  };
}

/** The ioredis options that connect to the primary the sentinels name. */
export function sentinelRedisOptions(t: SentinelTarget): RedisOptions {
  return {
    sentinels: t.sentinels,
    name: t.name,
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.db !== undefined ? { db: t.db } : {}),
    // After a failover, reconnect to whatever the sentinels now call the primary: ioredis
    // checks the role on connect, listens for +switch-master, and a write refused by a demoted
    // primary (READONLY) reconnects. The write fails (Unavailable) rather than being resent:
    // nothing may reach the new primary before the store's lost-writes check (RedisStore.gate).
    role: 'master',
    failoverDetector: true,
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 1 : false),
  };
}
