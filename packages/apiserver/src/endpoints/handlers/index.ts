/**
 * The generic handlers of a resource, by verb (k8s.io/apiserver/pkg/endpoints/handlers): a
 * collection path serves list, watch, create and deletecollection; an object path get, watch,
 * update, patch and delete.
 */
import type { VerbHandlers } from '../scope.js';
import { createHandler } from './create.js';
import { deleteCollectionHandler, deleteHandler } from './delete.js';
import { getHandler } from './get.js';
import { listHandler } from './list.js';
import { patchHandler } from './patch.js';
import { updateHandler } from './update.js';
import { watchHandler } from './watch.js';

export const COLLECTION_HANDLERS: VerbHandlers = {
  list: listHandler,
  watch: watchHandler,
  create: createHandler,
  deletecollection: deleteCollectionHandler,
};

export const OBJECT_HANDLERS: VerbHandlers = {
  get: getHandler,
  watch: watchHandler,
  update: updateHandler,
  patch: patchHandler,
  delete: deleteHandler,
};

export { getHandler } from './get.js';
export { updateHandler } from './update.js';
export { patchHandler, readPatchRequest } from './patch.js';
