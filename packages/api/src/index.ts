/**
 * @kemu/api — the vocabulary every kemu component shares: object types, the resource
 * registry, label and field selectors, quantities, the Status error catalog, meta helpers,
 * well-known labels and annotations, Go durations, the injectable Clock and the backoff and
 * polling primitives on it (wait/), and the patch engine (JSON, merge, strategic merge and apply
 * patches). Depends on nothing else in kemu.
 */
export * from './types.js';
export * from './errors.js';
export * from './resources.js';
export * from './kinds/index.js';
export * from './labels.js';
export * from './fields.js';
export * from './object-fields.js';
export * from './quantity.js';
export * from './meta.js';
export * from './clock.js';
export * from './duration.js';
export * from './profiles.js';
export * from './taints.js';
export * from './well-known.js';
export * from './wait/index.js';
export * from './schema/index.js';
export * from './patch/index.js';
export * from './leaderelection/index.js';
export * from './printers/index.js';
