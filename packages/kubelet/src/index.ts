/**
 * @kemu/kubelet — the node agent. `startKubelet` registers a Node, heartbeats its Lease, posts
 * NodeStatus, and runs the pods bound to it on a simulated container runtime whose containers
 * really listen on their pod IP (127.244.<node>.x) inside this process. Its HTTP API
 * (containerLogs, pods, healthz) is what the apiserver proxies `kubectl logs` to.
 *
 * Simulated images are data (`IMAGE_CATALOG`); per-container behaviour can be overridden with
 * KEMU_* env vars (see runtime/behaviour.ts and the package README).
 */
export { startKubelet, type Kubelet, type KubeletOptions } from './kubelet.js';
export {
  startHollowNodes,
  HOLLOW_MODES,
  type HollowMode,
  type HollowNodes,
  type HollowNodesOptions,
  type HollowNodesStats,
} from './hollow/hollow-nodes.js';
export { hollowNodeIP, hollowPodCIDR, MAX_HOLLOW_NODE_INDEX } from './hollow/address-plan.js';
export {
  IMAGE_CATALOG,
  FALLBACK_IMAGE,
  resolveImage,
  imageDigest,
  type ImageRecord,
  type ImageResolution,
  type AppName,
} from './runtime/image-catalog.js';
export { parseImageRef, normalizedName, type ImageRef } from './runtime/image-ref.js';
export { behaviourFromEnv, type Behaviour } from './runtime/behaviour.js';
export { SimRuntime, type Sandbox } from './runtime/runtime.js';
export { LogBuffer, formatLogLine, type LogLine } from './runtime/log-buffer.js';
export { IPAllocator } from './pod/ip-allocator.js';
export { generatePodStatus, podPhase, qosClass } from './pod/pod-status.js';
export { KUBELET_VERSION, RUNTIME_VERSION } from './node/node-object.js';
export { NODE_LEASE_NAMESPACE } from './node/node-lease.js';
