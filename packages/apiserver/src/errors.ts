/**
 * The one place where anything thrown inside a request becomes the wire Status: ApiErrors pass
 * through, StorageErrors map by code, anything else is a 500 (and is logged by the caller).
 */
import {
  ApiError,
  alreadyExists,
  conflict,
  expired,
  internalError,
  notFound,
  serviceUnavailable,
  timeout,
  tooLarge,
  tooLargeResourceVersion,
  type Qualified,
  type Status,
} from '@kemu/api';
import { StorageError } from '@kemu/storage';

/** What a failing request was about, for NotFound/AlreadyExists/Conflict messages. */
export interface ErrorTarget extends Qualified {
  name?: string;
}

export function toApiError(err: unknown, target?: ErrorTarget): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof StorageError) return storageToApiError(err, target);
  const message = err instanceof Error ? err.message : String(err);
  return internalError(message);
}

function storageToApiError(err: StorageError, target?: ErrorTarget): ApiError {
  const q: Qualified = target ?? { group: '', resource: '' };
  const name = target?.name ?? '';
  switch (err.code) {
    case 'KeyNotFound':
      return notFound(q, name);
    case 'KeyExists':
      return alreadyExists(q, name);
    case 'Conflict':
      return conflict(q, name, err.message.startsWith('Precondition failed') ? err.message : undefined);
    case 'Compacted':
      return expired(err.message);
    case 'TooLargeRevision':
      return tooLargeResourceVersion('', String(err.currentRevision ?? ''));
    case 'TooLarge':
      return tooLarge(err.message);
    case 'Unavailable':
      return serviceUnavailable(err.message);
    case 'Timeout':
      // kube-apiserver's answer when storage did not reply in time: the write may or may not be applied.
      return timeout('request did not complete within requested timeout - context deadline exceeded');
  }
}

export function toStatus(err: unknown, target?: ErrorTarget): Status {
  return toApiError(err, target).status;
}

/** True for errors that are the server's fault rather than the request's. */
export function isServerFault(err: unknown): boolean {
  return !(err instanceof ApiError) && !(err instanceof StorageError);
}
