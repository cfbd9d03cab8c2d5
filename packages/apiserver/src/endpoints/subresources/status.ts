/**
 * `status` of any resource that declares it: GET reads the object, PUT and PATCH write only its
 * status (the registry's status update rules).
 */
import { getHandler, patchHandler, updateHandler } from '../handlers/index.js';
import type { VerbHandlers } from '../scope.js';

export const statusHandlers: VerbHandlers = { get: getHandler, update: updateHandler, patch: patchHandler };
