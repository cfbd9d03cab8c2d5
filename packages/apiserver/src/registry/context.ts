/** What every registry operation needs from the server: the store, time, timings, logs, allocators, admission. */
import type { Logger } from 'pino';
import type { Clock, Timings } from '@kemu/api';
import type { Store } from '@kemu/storage';
import type { RangeAllocator } from '../allocator/range-allocator.js';
import type { AdmissionChain, NamespaceLister } from '../admission/index.js';

export interface RegistryContext {
  store: Store;
  clock: Clock;
  timings: Timings;
  log: Logger;
  clusterIPs: RangeAllocator;
  nodePorts: RangeAllocator;
  /** How long an Event lives after its last write (kube-apiserver --event-ttl). Default 1 h. */
  eventTTLSeconds?: number;
  /** The admission plugins every create, update and delete passes, in order. */
  admission: AdmissionChain;
  /** Namespaces from the watch cache for admission; without it admission reads the store. */
  namespaces?: NamespaceLister;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Per-request write options (query parameters of kubectl's writes, wire §8). Without `fieldValidation` the server warns, as kube-apiserver does. */
export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: FieldValidation;
  fieldManager?: string;
  /** Server-side apply: take over fields other managers own (`?force=true`). */
  force?: boolean;
  /** Warnings for the `Warning:` response header, appended by the pipeline. */
  warnings: string[];
}

export function defaultWriteOptions(): WriteOptions {
  return { dryRun: false, fieldValidation: 'Warn', warnings: [] };
}
