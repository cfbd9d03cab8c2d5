/**
 * Watch of a collection or of one object (`?watch=true`, `/watch/` paths): from the watch cache
 * (serve-watch.ts), or through the converting view for a resource served through a conversion.
 */
import { badRequest } from '@kemu/api';
import type { ResourceHandler } from '../scope.js';
import { selection } from '../selection.js';
import { tableOptions } from '../responses.js';
import { serveConvertedWatch } from './converted-watch.js';
import { serveWatch } from './serve-watch.js';

export const watchHandler: ResourceHandler = async (s) => {
  if (s.converted) return serveConvertedWatch(s);
  const { deps, query: q } = s;
  const sel = selection(s.r, q, s.info.name);
  const timeout = q.get('timeoutSeconds');
  const timeoutSeconds = timeout !== null ? Number(timeout) : undefined;
  if (timeoutSeconds !== undefined && !Number.isFinite(timeoutSeconds)) {
    throw badRequest(`invalid timeoutSeconds ${JSON.stringify(timeout)}`);
  }
  return serveWatch(
    s.res,
    {
      resource: s.store,
      namespace: s.info.namespace,
      selection: sel,
      query: q,
      timeoutSeconds,
      table: tableOptions(s),
    },
    { cacher: deps.cacher, clock: deps.ctx.clock, log: deps.log, closing: deps.closing, bookmarkIntervalMs: deps.bookmarkIntervalMs },
  );
};
