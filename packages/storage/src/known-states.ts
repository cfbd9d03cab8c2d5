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
export interface KnownState { mod: number; bytes: Buffer }

export const DEFAULT_KNOWN_STATES = 10_000;

export class KnownStates {
  private readonly m = new Map<string, KnownState>();

  constructor(private readonly max = DEFAULT_KNOWN_STATES) {}

  get(key: string): KnownState | undefined {
    return this.m.get(key);
  }

  /** Records a state; an older revision than the one known is ignored (replies can race). */
  set(key: string, mod: number, bytes: Uint8Array): void {
    if (this.max <= 0) return;
    const old = this.m.get(key);
    if (old && old.mod > mod) return;
    this.m.delete(key);
    this.m.set(key, { mod, bytes: Buffer.from(bytes) });
    if (this.m.size > this.max) this.m.delete(this.m.keys().next().value!);
  }

  delete(key: string): void {
    this.m.delete(key);
  }

  clear(): void {
    this.m.clear();
  }

  get size(): number {
    return this.m.size;
  }
}
