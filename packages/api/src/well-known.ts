/**
 * Well-known labels, annotations and taint keys (k8s.io/api/core/v1 well_known_labels.go,
 * well_known_taints.go, and the controllers' own keys). Each key kemu writes or reads is spelled
 * here once.
 */

// Labels on objects of any kind.
/** Set by the apiserver on every Namespace to its name. */
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';

// Node labels the kubelet sets.
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_OS = 'kubernetes.io/os';
export const LABEL_ARCH = 'kubernetes.io/arch';
export const LABEL_OS_BETA = 'beta.kubernetes.io/os';
export const LABEL_ARCH_BETA = 'beta.kubernetes.io/arch';
/** `node-role.kubernetes.io/<role>`: a node's roles, shown in `kubectl get nodes`. */
export const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
/** The older single-valued role label. */
export const LABEL_NODE_ROLE_LEGACY = 'kubernetes.io/role';

// Node annotations the kubelet sets.
export const ANNOTATION_NODE_TTL = 'node.alpha.kubernetes.io/ttl';
export const ANNOTATION_CONTROLLER_MANAGED_ATTACH_DETACH = 'volumes.kubernetes.io/controller-managed-attach-detach';

// Taint keys the node lifecycle controller manages.
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

// Services, Endpoints and EndpointSlices.
/** On an EndpointSlice: the Service it belongs to. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** On an EndpointSlice: the controller that manages it. */
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** LABEL_MANAGED_BY's value for slices of the EndpointSlice controller. */
export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** On an Endpoints object: do not mirror it into an EndpointSlice. */
export const LABEL_SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
/** On Endpoints and EndpointSlices of a headless Service. */
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';

// Workloads.
/** On a Deployment's ReplicaSets and their pods: the hash of the pod template. */
export const LABEL_POD_TEMPLATE_HASH = 'pod-template-hash';
/** On a StatefulSet's or DaemonSet's pods and ControllerRevisions. */
export const LABEL_CONTROLLER_REVISION_HASH = 'controller-revision-hash';
export const ANNOTATION_DEPLOYMENT_REVISION = 'deployment.kubernetes.io/revision';
export const ANNOTATION_DEPLOYMENT_REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const ANNOTATION_DEPLOYMENT_DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const ANNOTATION_DEPLOYMENT_MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** The command that made a change (`kubectl ... --record`); copied onto a Deployment's ReplicaSets. */
export const ANNOTATION_CHANGE_CAUSE = 'kubernetes.io/change-cause';
/** What `kubectl apply` last applied. */
export const ANNOTATION_LAST_APPLIED_CONFIGURATION = 'kubectl.kubernetes.io/last-applied-configuration';
