/**
 * Admission: the ordered plugin chain every write passes (mutating plugins, then validating
 * plugins). One folder per plugin; the enabled ones and their order are in plugins.ts.
 */
export type { AdmissionPlugin, Attributes, Operation } from './interfaces.js';
export { AdmissionChain } from './chain.js';
export { ENABLED_ADMISSION_PLUGINS } from './plugins.js';
export { CachedNamespaceLister, type NamespaceLister } from './namespace-lifecycle/namespace-lister.js';
export { isImmortalNamespace } from './namespace-lifecycle/index.js';
