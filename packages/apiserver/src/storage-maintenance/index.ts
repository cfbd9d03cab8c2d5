/**
 * What an apiserver runs for the store and the other apiservers beside its request handling:
 * elected compaction (timed and by size) and TTL reaping, and the lease-based reconciler of the
 * `kubernetes` Service's endpoints.
 */
export {
  startStorageMaintenance,
  MAINTENANCE_LEASE,
  DEFAULT_COMPACTION_INTERVAL_MS,
  DEFAULT_MAX_HISTORY_REVISIONS,
  DEFAULT_SIZE_CHECK_INTERVAL_MS,
  type StorageMaintenance,
  type StorageMaintenanceOptions,
} from './maintenance.js';
export { compactBySize, runSizeCompactor, type SizeCompactorOptions } from './size-compactor.js';
export {
  EndpointReconciler,
  endpointLeaseName,
  subsetsFor,
  slicesFor,
  IDENTITY_LABEL,
  ENDPOINT_ANNOTATION,
  type EndpointReconcilerOptions,
  type ApiserverEndpoint,
} from './endpoint-reconciler.js';
export { newLoopback, type Loopback, type LoopbackClient } from './loopback.js';
export { startBackground, type Background, type BackgroundOptions } from './background.js';
