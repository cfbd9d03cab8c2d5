import type { KubeObject } from '@kemu/api';
import type { StorageEvent } from './interfaces.js';
import { decodeObject } from './codec.js';

function lazy(target: object, prop: 'object' | 'prevObject', bytes: Uint8Array, revision: number): void {
  let value: KubeObject | undefined;
  Object.defineProperty(target, prop, {
    enumerable: true,
    configurable: true,
    get: () => (value ??= decodeObject(bytes, revision)),
  });
}

/**
 * An event whose objects are decoded on first access and then shared by every watcher that
 * receives it: consumers must treat `object` and `prevObject` as read-only.
 *
 * @param value the new value (for DELETED: the last value before the delete)
 * @param prevRevision the mod revision before this event (0 for ADDED)
 * @param prevValue the value before this event, when known (for DELETED it is `value`)
 */
export function storageEvent(
  type: StorageEvent['type'],
  key: string,
  revision: number,
  value: Uint8Array,
  prevRevision: number,
  prevValue?: Uint8Array,
): StorageEvent {
  const ev = { type, key, revision } as StorageEvent;
  lazy(ev, 'object', value, revision);
  if (type === 'DELETED') lazy(ev, 'prevObject', value, prevRevision);
  else if (type === 'MODIFIED' && prevValue !== undefined && prevValue.length > 0) lazy(ev, 'prevObject', prevValue, prevRevision);
  return ev;
}
