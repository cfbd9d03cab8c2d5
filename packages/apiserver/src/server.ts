/**
 * The HTTP front: every request goes through the route table (endpoints/routes.ts), and
 * anything a handler throws becomes a Status response (or ends a response already started).
 * Nothing here knows a particular kind.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isServerFault, toApiError } from './errors.js';
import { sendStatus } from './http/respond.js';
import { route } from './endpoints/routes.js';
import type { ServerDeps } from './endpoints/scope.js';

export type { ServerDeps } from './endpoints/scope.js';

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = Date.now();
    route(deps, req, res)
      .catch((err) => {
        const apiErr = toApiError(err);
        if (isServerFault(err)) deps.log.error({ err, method: req.method, url: req.url }, 'request failed');
        try {
          if (res.headersSent) {
            if (!res.writableEnded) res.end();
            return;
          }
          sendStatus(res, apiErr.status);
        } catch (writeErr) {
          deps.log.debug({ err: writeErr }, 'could not answer a failed request');
          res.destroy();
        }
      })
      .finally(() => {
        deps.log.debug({ method: req.method, url: req.url, code: res.statusCode, ms: Date.now() - started }, 'request');
      });
  };
}
