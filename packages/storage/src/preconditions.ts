import type { KubeObject } from '@kemu/api';
import { StorageError, type Preconditions } from './interfaces.js';

/** etcd3 store's checkPreconditions: a mismatch is a Conflict (409). */
export function checkPreconditions(key: string, p: Preconditions | undefined, current: KubeObject): void {
  if (!p) return;
  if (p.uid !== undefined && p.uid !== '' && p.uid !== current.metadata.uid) {
    throw new StorageError('Conflict',
      `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid ?? ''}`,
      key, Number(current.metadata.resourceVersion));
  }
  if (p.resourceVersion !== undefined && p.resourceVersion !== '' && p.resourceVersion !== current.metadata.resourceVersion) {
    throw new StorageError('Conflict',
      `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      key, Number(current.metadata.resourceVersion));
  }
}
