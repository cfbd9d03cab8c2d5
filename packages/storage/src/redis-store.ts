/**
 * RedisStore: the Store contract on one Redis primary (design: shared/reference/storage.md §3).
 * Every mutation is one Lua script (src/lua) that compares the mod revision, INCRs the global
 * revision, writes the object hash and index, and XADDs the event with id `<rev>-0`; so commit
 * order is revision order and the stream is a gapless history. Watches are served by one
 * StreamPump per store; history older than the pump's position is replayed with XRANGE.
 *
 * Failure model: commands fail fast with StorageError('Unavailable') while Redis is down
 * (no unbounded offline queue); the pump keeps retrying and resumes from its position.
 */
import './v8-string-subclass.js';
import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { realClock, type Clock, type KubeObject } from '@kemu/api';
import { StorageError, type ListResult, type Preconditions, type StorageEvent, type TryUpdate, type WatchOptions } from './interfaces.js';
import { cloneCanonical, decodeObject, encodeObject, withResourceVersion, type Encoded } from './codec.js';
import { checkedCurrent, nextState } from './preconditions.js';
import { RedisKeys, resourcePrefixOf } from './keys.js';
import { defineLuaCommands, evalInit, type LuaCommands } from './lua-scripts.js';
import { StreamPump, parseEntry } from './stream-pump.js';
import { DEFAULT_WATCH_CAPACITY, Watcher } from './watcher.js';
import { DEFAULT_KNOWN_STATES, KnownStates } from './known-states.js';
import {
  DEFAULT_COMPACT_INTERVAL_MS,
  DEFAULT_REAP_INTERVAL_MS,
  startCompactorLoop,
  startReaperLoop,
  type ManagedStore,
  type StoreLogger,
  type StoreOptions,
} from './managed-store.js';
import {
  closedError,
  unknownOutcomeError,
  compactedError,
  existsError,
  futureRevisionError,
  notFoundError,
  unavailableError,
} from './errors.js';

export interface RedisStoreOptions extends StoreOptions {
  /** Hash tag of every key (`{c}rev`…); distinct tags keep datasets apart in one Redis. Default 'c'. */
  tag?: string;
  /** Extra ioredis options (tests, TLS…); the store's failure-model options win. */
  redis?: RedisOptions;
  /** Per-command timeout. Default 10 000 ms. */
  commandTimeoutMs?: number;
  /** Keys whose last state is kept for guaranteedUpdate to start from (see known-states.ts); 0 = none. Default 10 000. */
  knownStates?: number;
}

/** Entries read per XRANGE page when replaying history, and TTL keys per reaper pass. */
const PAGE = 1000;

interface Current {
  mod: number;
  bytes: Buffer;
  object?: KubeObject;
}

const XFF = Buffer.from([0xff]);

export class RedisStore implements ManagedStore {
  readonly keys: RedisKeys;
  private readonly conn: Redis & LuaCommands;
  private readonly pump: StreamPump;
  private readonly clock: Clock;
  private readonly capacity: number;
  private readonly logger?: StoreLogger;
  private readonly known: KnownStates;
  private closed = false;
  /** True while the command socket is corked for this turn of the event loop (corkForThisTurn). */
  private corked = false;
  /** The clusterId found in `{c}meta` at the last connect. */
  private seenClusterId = '';
  /** The highest revision this store has handed out or seen; Redis must never go below it. */
  private highWater = 0;
  /** Resolves after the first successful onReady. */
  private readonly initialized: Promise<void>;
  private resolveInit!: () => void;
  /**
   * Open only between a finished onReady and the next disconnect. Every command waits for it, so
   * no write reaches a (re)connected Redis before init.lua has checked it for lost writes: ioredis
   * flushes its offline queue and resends in-flight commands before it emits 'ready', and emits
   * 'close' a tick late (hence no offline queue on the command connection, and run() checks the
   * connection's status itself).
   */
  private gate = new Gate();

  constructor(url: string, opts: RedisStoreOptions = {}) {
    this.keys = new RedisKeys(opts.tag);
    this.clock = opts.clock ?? realClock;
    this.capacity = opts.watchCapacity ?? DEFAULT_WATCH_CAPACITY;
    this.logger = opts.logger;
    this.known = new KnownStates(opts.knownStates ?? DEFAULT_KNOWN_STATES);
    const base: RedisOptions = {
      ...opts.redis,
      enableAutoPipelining: false,
      // A command in flight when the connection drops fails (Unavailable) rather than being
      // resent ahead of the lost-writes check; callers retry as with any 503.
      autoResendUnfulfilledCommands: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(50 * times, 500),
    };
    // No offline queue for commands: ioredis flushes it on reconnect before it emits 'ready' (status
    // events are emitted on the next tick), so a write queued while the connection was down would
    // reach a Redis that came back empty ahead of init.lua and get a reused revision. A command
    // that meets a connection that is not ready fails (503) instead; run() waits for the gate.
    this.conn = defineLuaCommands(new Redis(url, { ...base, enableOfflineQueue: false, commandTimeout: opts.commandTimeoutMs ?? 10_000 }));
    const pumpConn = new Redis(url, { ...base, enableOfflineQueue: true, maxRetriesPerRequest: 0, autoResendUnfulfilledCommands: false });
    let lastError = '';
    const onError = (err: Error) => {
      if (err.message === lastError) return;
      lastError = err.message;
      this.logger?.warn({ err }, 'Redis connection error');
    };
    this.conn.on('error', onError);
    pumpConn.on('error', onError);
    this.initialized = new Promise((resolve) => {
      this.resolveInit = resolve;
    });
    this.conn.on('close', () => {
      if (this.gate.open) this.gate = new Gate();
    });
    this.conn.on('ready', () => {
      lastError = '';
      this.onReady().catch((err) => this.logger?.warn({ err }, 'initializing the Redis dataset failed'));
    });
    this.pump = new StreamPump(pumpConn, this.keys.log, () => this.currentRevision(), {
      clock: this.clock,
      logger: this.logger,
      onRevision: (rev) => this.saw(rev),
    });
  }

  /** The id written into `{c}meta` by the first store that used this dataset. */
  /** The dataset's clusterId as of the last connect. */
  async clusterId(): Promise<string> {
    await this.initialized;
    return this.seenClusterId;
  }

  async currentRevision(): Promise<number> {
    const v = await this.run(() => this.conn.get(this.keys.rev));
    return this.saw(v === null ? 0 : Number(v));
  }

  async get(key: string): Promise<KubeObject | undefined> {
    const cur = await this.read(key);
    return cur && decodeObject(cur.bytes, cur.mod);
  }

  async list(prefix: string): Promise<ListResult> {
    const rp = resourcePrefixOf(prefix);
    if (rp === undefined) throw new Error(`list prefix ${JSON.stringify(prefix)} must name a resource`);
    const whole = rp === prefix;
    const min = whole ? '-' : `[${prefix}`;
    const max = whole ? '+' : Buffer.concat([Buffer.from(`[${prefix}`), XFF]);
    const reply = await this.run(() => this.conn.kemuListBuffer(this.keys.index(prefix), this.keys.rev, min, max, this.keys.objectPrefix));
    const items: KubeObject[] = new Array((reply.length - 1) / 2);
    for (let i = 1, j = 0; i < reply.length; i += 2, j++) items[j] = decodeObject(reply[i + 1] as Buffer, reply[i] as number);
    return { items, revision: this.saw(reply[0] as number) };
  }

  async create(key: string, obj: KubeObject, opts?: { ttlSeconds?: number }): Promise<KubeObject> {
    const enc = encodeObject(obj, key);
    const k = this.keys;
    const [ok, rev] = await this.runWrite(() =>
      this.conn.kemuCreate(k.object(key), k.index(key), k.rev, k.log, k.ttl, key, enc.bytes, this.deadline(opts?.ttlSeconds)),
    );
    if (ok !== 1) throw existsError(key, rev);
    this.known.set(key, rev, enc.bytes);
    return withResourceVersion(enc.object, this.saw(rev));
  }

  /**
   * Starts from the known state when there is one (no read round trip). A guess that turns out
   * stale costs one failed CAS, which answers with the current state; a precondition failure,
   * a tryUpdate error or a no-op judged on a guess is confirmed against a fresh read first, so
   * the caller only ever sees outcomes judged on current data (etcd3 store.GuaranteedUpdate).
   * The known object itself goes to tryUpdate (KnownStates.take); the one copy made is the one
   * kept for the next update, made by the codec in the walk that checks the key order.
   */
  async guaranteedUpdate(
    key: string,
    tryUpdate: TryUpdate,
    opts?: { preconditions?: Preconditions; ttlSeconds?: number },
  ): Promise<KubeObject> {
    const k = this.keys;
    let cur: Current | undefined = this.known.take(key);
    let guess = cur !== undefined;
    if (!cur) cur = await this.read(key);
    for (;;) {
      if (!cur) throw notFoundError(key);
      let enc: Encoded;
      try {
        enc = await nextState(key, opts?.preconditions, cur, tryUpdate, true);
      } catch (err) {
        if (!guess) throw err;
        const fresh = await this.read(key);
        if (fresh && fresh.mod === cur.mod) throw err;
        cur = fresh;
        guess = false;
        continue;
      }
      if (enc.bytes.equals(cur.bytes)) {
        if (guess) {
          const fresh = await this.read(key);
          guess = false;
          if (!fresh || fresh.mod !== cur.mod) {
            cur = fresh;
            continue;
          }
        }
        if (enc.spare || cur.object) this.known.set(key, cur.mod, cur.bytes, enc.spare ?? cloneCanonical(enc.object));
        return withResourceVersion(enc.object, cur.mod);
      }
      const expected = String(cur.mod);
      const reply = await this.runWrite(() =>
        this.conn.kemuUpdateBuffer(k.object(key), k.rev, k.log, k.ttl, key, expected, enc.bytes, this.deadline(opts?.ttlSeconds)),
      );
      if (reply[0] === 1) {
        // A private copy for the next update of this key to start from (cheaper than decoding);
        // usually the one the codec made while checking the object.
        this.known.set(key, reply[1], enc.bytes, enc.spare ?? cloneCanonical(enc.object));
        return withResourceVersion(enc.object, this.saw(reply[1]));
      }
      cur = this.learned(key, reply);
      guess = false;
    }
  }

  async delete(key: string, opts?: { preconditions?: Preconditions }): Promise<KubeObject> {
    let cur = await this.read(key);
    for (;;) {
      if (!cur) throw notFoundError(key);
      const last = checkedCurrent(key, opts?.preconditions, cur);
      const reply = await this.deleteAt(key, cur.mod);
      if (reply[0] === 1) return withResourceVersion(last, this.saw(reply[1]));
      cur = this.learned(key, reply);
    }
  }

  watch(opts: WatchOptions): AsyncIterable<StorageEvent> {
    const w = new Watcher(opts.prefix, opts.fromRevision, this.capacity, opts.signal, (x) => this.pump.delete(x));
    if (w.done) return w;
    if (this.closed) {
      w.fail(closedError());
      return w;
    }
    this.startWatch(w, opts.fromRevision).catch((err) => w.fail(toStorageError(err)));
    return w;
  }

  async compact(revision: number): Promise<void> {
    const k = this.keys;
    const [status, rev] = await this.run(() => this.conn.kemuCompact(k.meta, k.log, k.rev, String(revision)));
    if (status === -1) throw futureRevisionError(revision, rev);
  }

  async compactedRevision(): Promise<number> {
    const v = await this.run(() => this.conn.hget(this.keys.meta, 'compactRev'));
    return v === null ? 0 : Number(v);
  }

  async reapExpired(nowMs: number): Promise<number> {
    const k = this.keys;
    let n = 0;
    for (;;) {
      const due = await this.run(() => this.conn.zrangebyscore(k.ttl, '-inf', nowMs, 'LIMIT', 0, PAGE));
      let progressed = false;
      for (const key of due) {
        const [m, l] = await this.run(() => this.conn.hmget(k.object(key), 'm', 'l'));
        if (m === null || l === null) {
          await this.run(() => this.conn.zrem(k.ttl, key));
          progressed = true;
          continue;
        }
        if (Number(l) > nowMs) continue;
        const reply = await this.deleteAt(key, Number(m));
        if (reply[0] === 1) n++;
        progressed = true;
      }
      if (due.length < PAGE || !progressed) return n;
    }
  }

  startReaper(signal: AbortSignal, intervalMs = DEFAULT_REAP_INTERVAL_MS): void {
    startReaperLoop(this, this.clock, signal, intervalMs, this.logger);
  }

  startCompactor(signal: AbortSignal, intervalMs = DEFAULT_COMPACT_INTERVAL_MS): void {
    startCompactorLoop(this, this.clock, signal, intervalMs, this.logger);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pump.stop();
    this.conn.disconnect();
  }

  /** Registers w with the pump, then replays history the pump has already passed. */
  private async startWatch(w: Watcher, fromRevision: number): Promise<void> {
    const k = this.keys;
    const [compactRev, current] = await this.run(() => Promise.all([this.conn.hget(k.meta, 'compactRev'), this.conn.get(k.rev)]));
    const from = fromRevision > 0 ? fromRevision : Number(current ?? 0);
    if (from < Number(compactRev ?? 0)) throw compactedError(from, Number(compactRev));
    w.setFrom(from);
    await this.run(() => this.pump.start());
    if (w.done) return;
    this.pump.add(w);
    const upTo = this.pump.position;
    if (from < upTo) await this.replay(w, from, upTo);
    w.endCatchUp();
  }

  /** Offers w every event in (from, to] from the stream; Compacted if any is gone. */
  private async replay(w: Watcher, from: number, to: number): Promise<void> {
    let next = from + 1;
    while (next <= to && !w.done) {
      const entries = (await this.run(() => this.conn.xrangeBuffer(this.keys.log, `${next}-0`, `${to}-0`, 'COUNT', PAGE))) as unknown as [
        Buffer,
        Buffer[],
      ][];
      if (entries.length === 0) throw compactedError(from, next);
      for (const [id, fields] of entries) {
        const ev = parseEntry(id, fields);
        if (ev.revision !== next) throw compactedError(from, ev.revision - 1);
        w.replay(ev);
        next++;
      }
    }
  }

  private async read(key: string): Promise<Current | undefined> {
    const [m, v] = await this.run(() => this.conn.hmgetBuffer(this.keys.object(key), 'm', 'v'));
    if (m === null || v === null) {
      this.known.delete(key);
      return undefined;
    }
    const cur = { mod: Number(m.toString('latin1')), bytes: v };
    this.known.set(key, cur.mod, v);
    return cur;
  }

  /** The current state a failed CAS answered with ({0, 0}: the key is gone). */
  private learned(key: string, reply: [number, number, Buffer?]): Current | undefined {
    if (reply[1] === 0) {
      this.known.delete(key);
      return undefined;
    }
    this.known.set(key, reply[1], reply[2]!);
    return { mod: reply[1], bytes: reply[2]! };
  }

  private async deleteAt(key: string, mod: number): Promise<[number, number, Buffer?]> {
    const k = this.keys;
    const reply = await this.runWrite(() => this.conn.kemuDeleteBuffer(k.object(key), k.index(key), k.rev, k.log, k.ttl, key, String(mod)));
    if (reply[0] === 1) this.known.delete(key);
    return reply;
  }

  /**
   * Runs first on every (re)connect, before any queued command: gives a new dataset its
   * clusterId and, if Redis lost writes this store saw, raises the revision past them and ends
   * every watch with Compacted so clients relist (shared/reference/storage.md §3.7).
   */
  private async onReady(): Promise<void> {
    const k = this.keys;
    const [id, reset, rev] = await evalInit(
      this.conn,
      k.meta,
      k.rev,
      randomUUID(),
      new Date(this.clock.now()).toISOString(),
      this.seenClusterId,
      String(this.highWater),
    );
    if (reset === 1) {
      this.logger?.warn(
        { clusterId: id, previousClusterId: this.seenClusterId, revision: rev },
        'Redis lost history; watches end with Compacted',
      );
      this.known.clear();
      this.pump.reset(rev);
      this.pump.failAll(compactedError(this.highWater, rev));
    }
    this.seenClusterId = id;
    this.saw(rev);
    if (this.conn.status === 'ready') this.gate.release();
    this.resolveInit();
  }

  private saw(rev: number): number {
    if (rev > this.highWater) this.highWater = rev;
    return rev;
  }

  private deadline(ttlSeconds: number | undefined): string {
    return ttlSeconds !== undefined && ttlSeconds > 0 ? String(Math.round(this.clock.now() + ttlSeconds * 1000)) : '';
  }

  /**
   * Holds the commands of this turn of the event loop in the socket until setImmediate, so the
   * requests handled in one turn reach Redis in one write instead of one syscall each (in the
   * apiserver, every HTTP request is its own callback: process.nextTick batched far less). ioredis'
   * enableAutoPipelining does the same with a Pipeline object per batch, which measured slower
   * (shared/reference/storage.md §5.2; bench/RESULTS.md). Commands held here are in ioredis'
   * command queue: if the connection drops they fail like any in-flight command, never resent.
   */
  private corkForThisTurn(): void {
    const socket = (this.conn as unknown as { stream?: { cork(): void; uncork(): void; writableCorked: number; destroyed: boolean } })
      .stream;
    if (this.corked || !socket || socket.destroyed) return;
    this.corked = true;
    socket.cork();
    setImmediate(() => {
      this.corked = false;
      if (socket.writableCorked > 0) socket.uncork();
    });
  }

  /**
   * run() for a write: a failure after the command went to the connection (a command timeout, the
   * connection lost with the command in flight) leaves the outcome unknown, StorageError('Timeout');
   * a command refused before it was sent, or refused by Redis, stays Unavailable.
   */
  private async runWrite<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.run(fn);
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      if (err instanceof StorageError && err.code === 'Unavailable' && cause !== undefined && outcomeUnknown(cause)) {
        throw unknownOutcomeError(cause);
      }
      throw err;
    }
  }

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) throw closedError();
    // ioredis emits 'close' a tick after the connection went: until then the gate still looks open.
    if (this.gate.open && this.conn.status !== 'ready') this.gate = new Gate();
    if (!this.gate.open && !(await this.gate.wait(GATE_WAIT_MS))) {
      throw unavailableError(new Error('Redis is not connected (or not yet checked after reconnecting)'));
    }
    this.corkForThisTurn();
    try {
      return await fn();
    } catch (err) {
      throw toStorageError(err);
    }
  }
}

function toStorageError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const e = unavailableError(err);
  (e as { cause?: unknown }).cause = err;
  return e;
}

/**
 * Whether a failed command had been sent: ioredis refuses a command it cannot write ("Stream isn't
 * writeable…", the connection closed before) and Redis refuses some (a ReplyError); any other failure
 * (a command timeout, the in-flight queue flushed when the connection dropped) came after the send.
 */
function outcomeUnknown(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'ReplyError') return false;
  if (err.message.startsWith("Stream isn't writeable")) return false;
  if (err.message === 'Connection is closed.') return false;
  return true;
}

/** How long a command waits for a (re)connected, checked Redis before failing Unavailable. */
const GATE_WAIT_MS = 1000;

class Gate {
  open = false;
  private waiters: (() => void)[] = [];
  release(): void {
    this.open = true;
    for (const w of this.waiters.splice(0)) w();
  }
  /** Resolves true once open, false after ms. */
  wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }
}
