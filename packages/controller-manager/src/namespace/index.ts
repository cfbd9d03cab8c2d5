export { NamespaceController } from './controller.js';
export { NamespacedResourcesDeleter, FINALIZER_KUBERNETES, FINALIZER_ESTIMATE_SECONDS } from './deleter.js';
export { namespaceConditions, type NamespaceConditionType, type DeletionReport } from './conditions.js';
