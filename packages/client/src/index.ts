/**
 * @kemu/client — the client-go equivalent every kemu component is built on:
 * - RestClient (`clientFromFlags`): the Client over HTTP with failover between apiservers;
 * - informers: Reflector (list + watch + resume + relist on 410) → DefaultSharedInformer
 *   (Indexer cache + handlers) ← SharedInformerFactory (one per resource);
 * - workqueue: FIFO → delaying → rate-limiting (`newRateLimitingQueue`), and `runWorkers`;
 * - LeaderElector on Leases and runLeaderElected (work only while leading), retryOnConflict
 *   (util/retry's DefaultRetry/DefaultBackoff), EventBroadcaster/EventRecorder, serveHealthz, createLogger;
 * - runComponent: flags, logger, signals and exit code of a component's main.ts.
 * Test doubles (FakeClient, waitFor) are a separate entry point, `@kemu/client/testing`.
 * Objects coming out of informer caches are shared: never mutate them.
 */
export * from './interfaces.js';
export { RestClient, TransportError, clientFromFlags, statusFromResponse, type RestClientOptions } from './rest-client.js';
export { resourcesFromAggregatedDiscovery, DiscoveryError, AGGREGATED_DISCOVERY_ACCEPT } from './discovery.js';
export { loadKubeconfig, parseKubeconfig, type KubeconfigCredentials } from './kubeconfig.js';
export { Indexer, NAMESPACE_INDEX, type IndexFunc } from './indexer.js';
export { deepFreeze, keyFunc, type ReflectorStore } from './store.js';
export { Reflector, type ReflectorOptions } from './reflector.js';
export { DefaultSharedInformer, newSharedInformer, type SharedInformerOptions } from './shared-informer.js';
export {
  SharedInformerFactory,
  DefaultSharedInformerFactory,
  type SharedInformerFactoryOptions,
  type InformerFilter,
} from './shared-informer-factory.js';
export * from './workqueue/index.js';
export { retryOnConflict, retryOnError, DefaultRetry, DefaultBackoff } from './retry.js';
export { LeaderElector, type LeaderElectionConfig, type LeaderElectorOptions, type LeaseLock } from '@kemu/api';
export { EXIT_LEADERSHIP_LOST, fencedClient, LeadershipLostError, runLeaderElected, type LeaderElectedOptions } from './leader-elected.js';
export { EventBroadcaster, type EventBroadcasterOptions } from './event-recorder.js';
export { runWorkers, processNextWorkItem, type RunWorkersOptions } from './controller-loop.js';
export { serveHealthz, type HealthCheck, type HealthzServer } from './healthz.js';
export { createLogger, silentLogger, type Logger } from './logger.js';
export {
  runComponent,
  portFlag,
  CLIENT_FLAGS,
  type ComponentSpec,
  type ComponentHost,
  type FlagValues,
  type Running,
} from './component.js';
