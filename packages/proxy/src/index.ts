/**
 * @kemu/proxy — the service proxy of one node (kube-proxy's role on the loopback fabric).
 * For every TCP service port it listens on each ClusterIP (shared with the other nodes' proxies:
 * whoever binds first serves, the rest retry every ~0.5 s and take over when it dies), on
 * external / load-balancer IPs, and on this node's IP at the nodePort; each connection is
 * forwarded to the next ready endpoint from the EndpointSlices (round robin, ClientIP affinity).
 */
export { startProxy, type ProxyOptions, type ServiceProxy } from './proxy.js';
export { Proxier, type ProxierOptions } from './proxier.js';
export { backendsFor, type Backend } from './backends.js';
export { ServicePortProxy } from './service-port.js';
export { RetryingListener } from './listener.js';
