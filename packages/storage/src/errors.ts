/** The StorageErrors the stores throw, built in one place. */
import { StorageError } from './interfaces.js';

export const notFoundError = (key: string, rev?: number) => new StorageError('KeyNotFound', `key not found: ${key}`, key, rev);
export const existsError = (key: string, rev?: number) => new StorageError('KeyExists', `key exists: ${key}`, key, rev);
export const compactedError = (from: number, compactRev: number) =>
  new StorageError('Compacted', `too old resource version: ${from} (${compactRev})`, undefined, compactRev);
export const futureRevisionError = (rev: number, current: number) =>
  new StorageError('TooLargeRevision', `revision ${rev} is newer than the current revision ${current}`, undefined, current);
export const closedError = () => new StorageError('Unavailable', 'the store is closed');
/** A write that reached the connection but got no reply (timeout, connection lost): it may have been applied. */
export const unknownOutcomeError = (err: unknown) =>
  new StorageError('Timeout', `the outcome of the write is unknown: ${err instanceof Error ? err.message : String(err)}`);
export const unavailableError = (err: unknown) =>
  new StorageError('Unavailable', `storage unavailable: ${err instanceof Error ? err.message : String(err)}`);
