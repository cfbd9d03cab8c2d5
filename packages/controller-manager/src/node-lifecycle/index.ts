/** Node lifecycle: node health monitoring, condition-driven taints and taint-based eviction. */
export { NodeLifecycleController, NODE_LEASE_NAMESPACE } from './controller.js';
export { NoExecuteTaintManager, evictionDeadline, PODS_BY_NODE_INDEX } from './taint-manager.js';
export { NodeHealthTracker } from './node-health.js';
export { OrphanedPodCollector } from './orphaned-pods.js';
export { desiredManagedTaints, reconcileTaints } from './taints.js';
