/**
 * Responses of resource handlers: an object as JSON, or as a one-row Table when a GET asked for
 * one (`Accept: …;as=Table`), and a written object with the pipeline's Warning headers.
 */
import type { KubeObject } from '@kemu/api';
import { wantsTable } from '../http/negotiation.js';
import { sendJson } from '../http/respond.js';
import type { WriteOptions } from '../registry/context.js';
import { parseIncludeObject, toTable, type IncludeObject } from '../tables/index.js';
import type { RequestScope } from './scope.js';
import { warningHeaders } from './write-options.js';

/** The Table options of a read that asked for a Table, else undefined. */
export function tableOptions(s: RequestScope): { includeObject: IncludeObject } | undefined {
  return wantsTable(s.req.headers.accept) ? { includeObject: parseIncludeObject(s.query.get('includeObject')) } : undefined;
}

export function respondObject(s: RequestScope, code: number, obj: KubeObject): void {
  const table = s.req.method === 'GET' ? tableOptions(s) : undefined;
  if (table) {
    return sendJson(s.res, code, toTable(s.r, [obj], s.deps.ctx.clock.now(), { ...table, resourceVersion: obj.metadata.resourceVersion }));
  }
  return sendJson(s.res, code, obj);
}

/** 201 for a created object, else 200, with the write's warnings. */
export function respondWritten(s: RequestScope, result: { object: KubeObject; created: boolean }, opts: WriteOptions): void {
  return sendJson(s.res, result.created ? 201 : 200, result.object, warningHeaders(opts));
}
