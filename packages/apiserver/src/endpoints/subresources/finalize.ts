/** `namespaces/finalize`: PUT replaces spec.finalizers only (the namespace strategy's finalize rules). */
import { updateHandler } from '../handlers/index.js';
import type { VerbHandlers } from '../scope.js';

export const finalizeHandlers: VerbHandlers = { update: updateHandler };
