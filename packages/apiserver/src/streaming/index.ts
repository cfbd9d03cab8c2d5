/**
 * Streaming subresources of the apiserver: exec/attach (WebSocket v5 passed to the kubelet; SPDY
 * fallback terminated here), portforward (SPDY over WebSocket and plain SPDY, terminated here)
 * and the pods/services/nodes proxy. `spdy/` holds the SPDY/3.1 implementation.
 */
export type { StreamingDeps } from './deps.js';
export { createUpgradeHandler } from './upgrade-handler.js';
export { parseProxyPath, locateProxy, serveProxy, type ProxyRequest, type ProxyLocation } from './http-proxy.js';
export { routeStreaming } from './http-routes.js';
export * as spdy from './spdy/index.js';
