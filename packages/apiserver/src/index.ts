/**
 * @kemu/apiserver — a kube-apiserver the real kubectl works against: discovery, generic REST over
 * the @kemu/storage Store for every resource of the @kemu/api registry, watch, server-side Table
 * printing, the create/update pipeline (defaults, validation, admission, ClusterIP and NodePort
 * allocation), graceful deletion and finalizers, subresources (status, scale, binding, eviction,
 * log) and OpenAPI v3. Start one in-process with `startApiServer`.
 */
export { startApiServer, type ApiServer, type ApiServerOptions } from './api-server.js';
export { VERSION_INFO } from './discovery.js';
export { humanDuration } from './tables/index.js';
export { TokenAuthenticator, parseTokenFile, readTokenFile, tokenFileLine, type Authenticator, type UserInfo } from './auth/index.js';
