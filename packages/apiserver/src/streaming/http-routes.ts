/**
 * The streaming paths as plain HTTP requests (no `Upgrade:`): the proxy subresources are served;
 * exec/attach/portforward without an upgrade get kube-apiserver's 400.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from '@kemu/api';
import type { Registry } from '../registry/registry.js';
import { parseProxyPath, serveProxy } from './http-proxy.js';

const POD_STREAM = /^\/api\/v1\/namespaces\/[^/]+\/pods\/[^/]+\/(exec|attach|portforward)\/?$/;

/** Serves the request if it is a streaming path; undefined when it is not one. */
export function routeStreaming(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  search: string,
  registry: Registry,
): Promise<void> | undefined {
  const proxy = parseProxyPath(rawPath);
  if (proxy) return serveProxy(req, res, registry, proxy, search);
  if (POD_STREAM.test(rawPath)) return Promise.reject(badRequest('Upgrade request required'));
  return undefined;
}
