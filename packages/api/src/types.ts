/**
 * TypeScript shapes of the Kubernetes objects the components read and write.
 * They follow the v1.32 API field names exactly; validation lives in the zod schemas
 * (`schema/`), these are the views the controllers and agents program against.
 */

export interface OwnerReference {
  apiVersion: string; kind: string; name: string; uid: string;
  controller?: boolean; blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry { manager?: string; operation?: string; apiVersion?: string; time?: string; fieldsType?: string; fieldsV1?: unknown; subresource?: string }

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ListMeta { resourceVersion?: string; continue?: string; remainingItemCount?: number }

export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string; kind: string; metadata: ListMeta; items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export interface WatchEvent<T = KubeObject> { type: WatchEventType; object: T }

export interface LabelSelectorRequirement { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }
export interface LabelSelector { matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[] }

export type IntOrString = number | string;
export type ResourceList = Record<string, string>;

// ---- core/v1: Pod ----------------------------------------------------------------

export interface ContainerPort { name?: string; containerPort: number; protocol?: string; hostPort?: number; hostIP?: string }
export interface EnvVar { name: string; value?: string; valueFrom?: unknown }
export interface HTTPGetAction { path?: string; port: IntOrString; host?: string; scheme?: string; httpHeaders?: { name: string; value: string }[] }
export interface Probe {
  httpGet?: HTTPGetAction; tcpSocket?: { port: IntOrString; host?: string }; exec?: { command?: string[] };
  initialDelaySeconds?: number; timeoutSeconds?: number; periodSeconds?: number;
  successThreshold?: number; failureThreshold?: number; terminationGracePeriodSeconds?: number;
}
export interface Container {
  name: string; image?: string; command?: string[]; args?: string[]; workingDir?: string;
  ports?: ContainerPort[]; env?: EnvVar[];
  resources?: { limits?: ResourceList; requests?: ResourceList };
  livenessProbe?: Probe; readinessProbe?: Probe; startupProbe?: Probe;
  imagePullPolicy?: string; terminationMessagePath?: string; terminationMessagePolicy?: string;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  [field: string]: unknown;
}
export interface Toleration { key?: string; operator?: 'Exists' | 'Equal'; value?: string; effect?: TaintEffect | ''; tolerationSeconds?: number }
export interface PodSpec {
  containers: Container[]; initContainers?: Container[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number; activeDeadlineSeconds?: number;
  dnsPolicy?: string; nodeSelector?: Record<string, string>; nodeName?: string;
  serviceAccountName?: string; serviceAccount?: string; hostname?: string; subdomain?: string;
  schedulerName?: string; tolerations?: Toleration[]; priority?: number; priorityClassName?: string;
  securityContext?: Record<string, unknown>; volumes?: { name: string; [k: string]: unknown }[];
  affinity?: unknown; enableServiceLinks?: boolean; preemptionPolicy?: string;
  [field: string]: unknown;
}
export interface ContainerStateWaiting { reason?: string; message?: string }
export interface ContainerStateRunning { startedAt?: string }
export interface ContainerStateTerminated { exitCode: number; signal?: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string; containerID?: string }
export interface ContainerState { waiting?: ContainerStateWaiting; running?: ContainerStateRunning; terminated?: ContainerStateTerminated }
export interface ContainerStatus {
  name: string; state?: ContainerState; lastState?: ContainerState; ready: boolean; restartCount: number;
  image: string; imageID: string; containerID?: string; started?: boolean;
}
export interface Condition {
  type: string; status: 'True' | 'False' | 'Unknown';
  lastProbeTime?: string | null; lastTransitionTime?: string; lastUpdateTime?: string; lastHeartbeatTime?: string;
  reason?: string; message?: string; observedGeneration?: number;
}
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
export interface PodStatus {
  phase?: PodPhase; conditions?: Condition[]; message?: string; reason?: string;
  hostIP?: string; hostIPs?: { ip: string }[]; podIP?: string; podIPs?: { ip: string }[];
  startTime?: string; containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[];
  qosClass?: string; nominatedNodeName?: string;
}
export interface Pod extends KubeObject { spec: PodSpec; status?: PodStatus }

export interface PodTemplateSpec { metadata?: ObjectMeta; spec: PodSpec }

// ---- core/v1: Node ---------------------------------------------------------------

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
export interface Taint { key: string; value?: string; effect: TaintEffect; timeAdded?: string }
export interface NodeAddress { type: 'InternalIP' | 'ExternalIP' | 'Hostname' | 'InternalDNS' | 'ExternalDNS'; address: string }
export interface NodeSystemInfo {
  machineID: string; systemUUID: string; bootID: string; kernelVersion: string; osImage: string;
  containerRuntimeVersion: string; kubeletVersion: string; kubeProxyVersion: string; operatingSystem: string; architecture: string;
}
export interface NodeSpec { podCIDR?: string; podCIDRs?: string[]; unschedulable?: boolean; taints?: Taint[]; providerID?: string }
export interface NodeStatus {
  capacity?: ResourceList; allocatable?: ResourceList; conditions?: Condition[]; addresses?: NodeAddress[];
  daemonEndpoints?: { kubeletEndpoint: { Port: number } }; nodeInfo?: NodeSystemInfo; phase?: string;
  images?: { names: string[]; sizeBytes?: number }[];
}
export interface Node extends KubeObject { spec: NodeSpec; status?: NodeStatus }

// ---- core/v1: Service, Endpoints, Namespace, Event, Binding --------------------

export interface ServicePort { name?: string; protocol?: string; port: number; targetPort?: IntOrString; nodePort?: number; appProtocol?: string }
export interface ServiceSpec {
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  selector?: Record<string, string>; ports?: ServicePort[];
  clusterIP?: string; clusterIPs?: string[]; externalIPs?: string[]; externalName?: string;
  sessionAffinity?: string; ipFamilies?: string[]; ipFamilyPolicy?: string;
  externalTrafficPolicy?: string; internalTrafficPolicy?: string; loadBalancerIP?: string;
  [field: string]: unknown;
}
export interface Service extends KubeObject { spec: ServiceSpec; status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] }; conditions?: Condition[] } }

export interface ObjectReference { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string }
export interface EndpointAddress { ip: string; hostname?: string; nodeName?: string; targetRef?: ObjectReference }
export interface EndpointPort { name?: string; port: number; protocol?: string; appProtocol?: string }
export interface EndpointSubset { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports?: EndpointPort[] }
export interface Endpoints extends KubeObject { subsets?: EndpointSubset[] }

export interface EndpointSliceEndpoint {
  addresses: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string; nodeName?: string; zone?: string; targetRef?: ObjectReference;
}
export interface EndpointSlice extends KubeObject {
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints: EndpointSliceEndpoint[];
  ports?: { name?: string; port?: number; protocol?: string; appProtocol?: string }[];
}

export interface Namespace extends KubeObject { spec?: { finalizers?: string[] }; status?: { phase?: 'Active' | 'Terminating'; conditions?: Condition[] } }

export interface Event extends KubeObject {
  involvedObject: ObjectReference; reason?: string; message?: string;
  source?: { component?: string; host?: string }; firstTimestamp?: string | null; lastTimestamp?: string | null;
  count?: number; type?: 'Normal' | 'Warning'; eventTime?: string | null;
  reportingComponent?: string; reportingInstance?: string; action?: string;
}

export interface Binding extends KubeObject { target: ObjectReference }

// ---- coordination.k8s.io/v1 ------------------------------------------------------

export interface Lease extends KubeObject {
  spec: {
    holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string;
    leaseTransitions?: number;
  };
}

// ---- apps/v1 ---------------------------------------------------------------------

export interface RollingUpdateDeployment { maxUnavailable?: IntOrString; maxSurge?: IntOrString }
export interface DeploymentStrategy { type?: 'RollingUpdate' | 'Recreate'; rollingUpdate?: RollingUpdateDeployment }
export interface DeploymentSpec {
  replicas?: number; selector: LabelSelector; template: PodTemplateSpec; strategy?: DeploymentStrategy;
  minReadySeconds?: number; revisionHistoryLimit?: number; paused?: boolean; progressDeadlineSeconds?: number;
}
export interface DeploymentStatus {
  observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number;
  availableReplicas?: number; unavailableReplicas?: number; conditions?: Condition[]; collisionCount?: number;
}
export interface Deployment extends KubeObject { spec: DeploymentSpec; status?: DeploymentStatus }

export interface ReplicaSetSpec { replicas?: number; minReadySeconds?: number; selector: LabelSelector; template?: PodTemplateSpec }
export interface ReplicaSetStatus {
  replicas: number; fullyLabeledReplicas?: number; readyReplicas?: number; availableReplicas?: number;
  observedGeneration?: number; conditions?: Condition[];
}
export interface ReplicaSet extends KubeObject { spec: ReplicaSetSpec; status?: ReplicaSetStatus }

export interface ReplicationControllerSpec { replicas?: number; minReadySeconds?: number; selector?: Record<string, string>; template?: PodTemplateSpec }
export interface ReplicationController extends KubeObject { spec: ReplicationControllerSpec; status?: ReplicaSetStatus }

export interface Scale extends KubeObject { spec: { replicas?: number }; status?: { replicas: number; selector?: string } }
