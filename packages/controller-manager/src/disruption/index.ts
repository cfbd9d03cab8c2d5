export { DisruptionController, DELETION_TIMEOUT_MS, type PodDisruptionBudget } from './controller.js';
export { countHealthy, desiredHealthy, scaledValue } from './budget.js';
