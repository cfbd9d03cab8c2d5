/**
 * @kemu/proxy — the service proxy of one node (kube-proxy's role on the loopback fabric).
 * For every TCP service port it listens on each ClusterIP (shared with the other nodes' proxies:
 * whoever binds first serves, the rest retry every ~0.5 s and take over when it dies), on
 * external / load-balancer IPs, and on this node's IP at the nodePort; each connection is
 * forwarded to the next ready endpoint from the EndpointSlices (round robin, ClientIP affinity).
 * It never binds an address a kemu component owns (reserved.ts): such a service address gets a
 * Warning Event `AddressReserved` on its Service and a log line instead of a listener.
 */
export { startProxy, type ProxyOptions, type ServiceProxy } from './proxy.js';
export { Proxier, REASON_ADDRESS_RESERVED, type ProxierOptions } from './proxier.js';
export { backendsFor, type Backend } from './backends.js';
export { ServicePortProxy } from './service-port.js';
export { RetryingListener } from './listener.js';
export { ReservedAddresses, BUILT_IN_RESERVED } from './reserved.js';
