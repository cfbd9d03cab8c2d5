/** The garbage collector: cascading deletion through ownerReferences (Background, Foreground, Orphan). */
export { GarbageCollector, GC_RESOURCES } from './garbage-collector.js';
export { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN } from './finalizers.js';
