import type { KubeObject } from '@kemu/api';
import { cloneCanonical, decodeObject, encodeObject, withResourceVersion, type Encoded } from './codec.js';
import { StorageError, type Preconditions, type TryUpdate } from './interfaces.js';

/**
 * A stored value as both stores hold it: the encoded object and its modification revision, and
 * optionally the same object already decoded (canonical, without resourceVersion, never handed
 * out: it is copied, which is cheaper than decoding the bytes again).
 */
export interface StoredState {
  bytes: Buffer;
  mod: number;
  object?: KubeObject;
}

/** etcd3 store's checkPreconditions: a mismatch is a Conflict (409). */
export function checkPreconditions(key: string, p: Preconditions | undefined, current: KubeObject): void {
  if (!p) return;
  if (p.uid !== undefined && p.uid !== '' && p.uid !== current.metadata.uid) {
    throw new StorageError(
      'Conflict',
      `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid ?? ''}`,
      key,
      Number(current.metadata.resourceVersion),
    );
  }
  if (p.resourceVersion !== undefined && p.resourceVersion !== '' && p.resourceVersion !== current.metadata.resourceVersion) {
    throw new StorageError(
      'Conflict',
      `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      key,
      Number(current.metadata.resourceVersion),
    );
  }
}

/**
 * The stored object, decoded, once `p` holds for it: where both stores' deletes start. The
 * result is the caller's: a copy of `state.object`, or `state.object` itself when `handedOver`.
 */
export function checkedCurrent(key: string, p: Preconditions | undefined, state: StoredState, handedOver = false): KubeObject {
  const current = state.object
    ? withResourceVersion(handedOver ? state.object : cloneCanonical(state.object), state.mod)
    : decodeObject(state.bytes, state.mod);
  checkPreconditions(key, p, current);
  return current;
}

/**
 * One attempt of GuaranteedUpdate on `state`: preconditions, tryUpdate, encoding. The caller
 * compares the bytes with `state.bytes` (a no-op) and writes only if `state` is still current.
 * `handedOver`: `state.object` is the caller's to give to tryUpdate (no copy).
 */
export async function nextState(
  key: string,
  p: Preconditions | undefined,
  state: StoredState,
  tryUpdate: TryUpdate,
  handedOver = false,
): Promise<Encoded> {
  const current = checkedCurrent(key, p, state, handedOver);
  const next = await tryUpdate(current);
  // `current` is the store's own fresh copy: when tryUpdate changed it in place, no need to copy it again.
  return encodeObject(next, key, next === current);
}
