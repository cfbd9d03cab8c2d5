/**
 * @kemu/controller-manager — kube-controller-manager for kemu: the workload and networking
 * controllers, each a folder (`replicaset/`, `replication-controller/`, `deployment/`,
 * `endpoints/`, `endpointslice/`, `node-lifecycle/`, `garbage-collector/`, `namespace/`), built from one
 * ControllerContext and run only while this process holds the kube-controller-manager Lease.
 */
export type { Controller, ControllerContext } from './controller-context.js';
export { ReplicaSetController } from './replicaset/controller.js';
export { ReplicationManager } from './replication-controller/controller.js';
export { DeploymentController } from './deployment/controller.js';
export { computeHash as podTemplateHash } from './deployment/pod-template-hash.js';
export { EndpointsController } from './endpoints/controller.js';
export { EndpointSliceController } from './endpointslice/controller.js';
export { ControllerExpectations } from './expectations.js';
export { runControllerManager, CONTROLLERS, LEASE, type ControllerManagerOptions, type ControllerName } from './controller-manager.js';
export { NodeLifecycleController } from './node-lifecycle/index.js';
export { GarbageCollector } from './garbage-collector/index.js';
export { NamespaceController, NamespacedResourcesDeleter } from './namespace/index.js';
