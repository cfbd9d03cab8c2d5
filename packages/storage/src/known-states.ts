/**
 * The last state this process knows for recently used keys (mod revision + stored bytes): where
 * RedisStore.guaranteedUpdate starts instead of reading Redis first, as kube-apiserver's
 * GuaranteedUpdate starts from the watch cache's object (cachedExistingObject). An entry may be
 * stale — another apiserver may have written since — so it is only ever a guess: the CAS script
 * rejects a stale revision and answers with the current state.
 *
 * Bounded: the least recently stored entry goes first. Bytes are copied so an entry never pins a
 * larger reply or encoder buffer.
 */
import type { KubeObject } from '@kemu/api';

export interface KnownState {
  mod: number;
  bytes: Buffer;
  object?: KubeObject;
}

export const DEFAULT_KNOWN_STATES = 10_000;
/** Of those, how many most recently written keys also keep the object decoded (copying it beats decoding). */
export const DEFAULT_KNOWN_OBJECTS = 1_000;

export class KnownStates {
  private readonly m = new Map<string, KnownState>();
  /** Keys whose entry holds an object, least recently stored first. */
  private readonly withObject = new Set<string>();

  constructor(
    private readonly max = DEFAULT_KNOWN_STATES,
    private readonly maxObjects = Math.min(max, DEFAULT_KNOWN_OBJECTS),
  ) {}

  get(key: string): KnownState | undefined {
    return this.m.get(key);
  }

  /**
   * The entry, with its object handed over to the caller: the entry keeps only the bytes, so
   * the caller may change the object (a concurrent update of the same key decodes instead).
   */
  take(key: string): KnownState | undefined {
    const e = this.m.get(key);
    if (e?.object) {
      this.withObject.delete(key);
      this.m.set(key, { mod: e.mod, bytes: e.bytes });
    }
    return e;
  }

  /**
   * Records a state; an older revision than the one known is ignored (replies can race).
   * `object`, when given, is that state decoded (canonical, no resourceVersion) and becomes the
   * store's own: nobody else may hold it.
   */
  set(key: string, mod: number, bytes: Uint8Array, object?: KubeObject): void {
    if (this.max <= 0) return;
    const old = this.m.get(key);
    if (old && old.mod > mod) return;
    this.m.delete(key);
    this.withObject.delete(key);
    this.m.set(key, object ? { mod, bytes: Buffer.from(bytes), object } : { mod, bytes: Buffer.from(bytes) });
    if (object && this.maxObjects > 0) {
      this.withObject.add(key);
      if (this.withObject.size > this.maxObjects) {
        const oldest = this.withObject.values().next().value!;
        this.withObject.delete(oldest);
        const e = this.m.get(oldest);
        if (e) this.m.set(oldest, { mod: e.mod, bytes: e.bytes });
      }
    }
    if (this.m.size > this.max) this.delete(this.m.keys().next().value!);
  }

  delete(key: string): void {
    this.m.delete(key);
    this.withObject.delete(key);
  }

  clear(): void {
    this.m.clear();
    this.withObject.clear();
  }

  get size(): number {
    return this.m.size;
  }
}
