/**
 * Schemas of the core (`""`) group, version v1: Pod and its PodSpec tree, Node, Service,
 * Endpoints, Event, Binding, ReplicationController, ConfigMap, Secret, ServiceAccount, Namespace.
 * Field names follow Kubernetes v1.32; rarely used deep structures are accepted opaquely.
 */
import { z } from 'zod';
import { int32, int64, intOrString, localObjectReference, microTime, opaque, quantity, resourceList, stringMap, time } from './common.js';
import { condition, labelSelector, listMeta, objectMeta } from './meta-v1.js';

const P = 'io.k8s.api.core.v1';
const s = () => z.string();
const b = () => z.boolean();
const strs = () => z.array(z.string());

// ---- references -------------------------------------------------------------------

export const objectReference = z.strictObject({
  kind: s().optional().describe('Kind of the referent.'),
  namespace: s().optional().describe('Namespace of the referent.'),
  name: s().optional().describe('Name of the referent.'),
  uid: s().optional().describe('UID of the referent.'),
  apiVersion: s().optional().describe('API version of the referent.'),
  resourceVersion: s().optional().describe('Specific resourceVersion the reference was made to, if any.'),
  fieldPath: s().optional().describe('A path inside the referent, such as spec.containers{name} for one container of a pod.'),
}).meta({ id: `${P}.ObjectReference`, description: 'A reference to any object, with enough information to find it.' });

const keyToPath = z.strictObject({
  key: s().describe('The key to project.'),
  path: s().describe('Relative file path the key is written to.'),
  mode: int32.optional().describe('File permission bits for this file.'),
}).meta({ id: `${P}.KeyToPath`, description: 'Maps one key of a ConfigMap or Secret to a file path in a volume.' });

const objectFieldSelector = z.strictObject({
  apiVersion: s().optional().describe('Version of the schema fieldPath is written in; defaults to v1.'),
  fieldPath: s().describe('Path of the field to select, such as metadata.name or status.podIP.'),
}).meta({ id: `${P}.ObjectFieldSelector`, description: 'Selects a field of the pod.' });

const resourceFieldSelector = z.strictObject({
  containerName: s().optional().describe('Container whose resources are read; required for volumes.'),
  resource: s().describe('The resource to select, such as limits.cpu or requests.memory.'),
  divisor: quantity.optional().describe('Output unit of the exposed value; defaults to 1.'),
}).meta({ id: `${P}.ResourceFieldSelector`, description: 'Selects a container resource (limit or request).' });

const keySelector = (kind: string) => z.strictObject({
  name: s().optional().describe(`Name of the ${kind}.`),
  key: s().describe(`The key of the ${kind} to select.`),
  optional: b().optional().describe(`Whether the ${kind} or its key may be missing.`),
}).meta({ id: `${P}.${kind}KeySelector`, description: `Selects one key of a ${kind}.` });

// ---- containers ---------------------------------------------------------------------

export const containerPort = z.strictObject({
  name: s().optional().describe('An IANA_SVC_NAME naming the port, unique within the pod; services refer to it by this name.'),
  hostPort: int32.optional().describe('Port number to expose on the host; rarely needed.'),
  containerPort: int32.describe('Port number exposed on the pod IP, 1-65535.'),
  protocol: s().optional().describe('UDP, TCP or SCTP; defaults to TCP.'),
  hostIP: s().optional().describe('Host IP to bind the host port to.'),
}).meta({ id: `${P}.ContainerPort`, description: 'A network port one container exposes.' });

export const envVar = z.strictObject({
  name: s().describe('Name of the environment variable.'),
  value: s().optional().describe('Literal value; $(VAR) references to earlier variables are expanded.'),
  valueFrom: z.strictObject({
    fieldRef: objectFieldSelector.optional().describe('A field of the pod.'),
    resourceFieldRef: resourceFieldSelector.optional().describe('A resource limit or request of a container.'),
    configMapKeyRef: keySelector('ConfigMap').optional().describe('A key of a ConfigMap.'),
    secretKeyRef: keySelector('Secret').optional().describe('A key of a Secret.'),
  }).meta({ id: `${P}.EnvVarSource`, description: 'Where an environment variable takes its value from.' }).optional()
    .describe('Source of the value; cannot be combined with value.'),
}).meta({ id: `${P}.EnvVar`, description: 'An environment variable set in a container.' });

const envFromSource = z.strictObject({
  prefix: s().optional().describe('Prefix added to every variable name.'),
  configMapRef: z.strictObject({ name: s().optional().describe('Name of the ConfigMap.'), optional: b().optional().describe('Whether the ConfigMap may be missing.') })
    .meta({ id: `${P}.ConfigMapEnvSource`, description: 'Imports every key of a ConfigMap as an environment variable.' }).optional().describe('The ConfigMap to import.'),
  secretRef: z.strictObject({ name: s().optional().describe('Name of the Secret.'), optional: b().optional().describe('Whether the Secret may be missing.') })
    .meta({ id: `${P}.SecretEnvSource`, description: 'Imports every key of a Secret as an environment variable.' }).optional().describe('The Secret to import.'),
}).meta({ id: `${P}.EnvFromSource`, description: 'A set of environment variables imported from a ConfigMap or Secret.' });

export const resourceRequirements = z.strictObject({
  limits: resourceList.optional().describe('Maximum amount of compute resources allowed.'),
  requests: resourceList.optional().describe('Minimum amount of compute resources required; used for scheduling. Defaults to limits when omitted.'),
  claims: z.array(z.strictObject({
    name: s().describe('Name of an entry of pod.spec.resourceClaims.'),
    request: s().optional().describe('Name of one request in the claim.'),
  }).meta({ id: `${P}.ResourceClaim`, description: 'Reference to one pod resource claim.' })).optional().describe('Dynamically allocated resources used by the container.'),
}).meta({ id: `${P}.ResourceRequirements`, description: 'Compute resource requests and limits of a container.' });

const volumeMount = z.strictObject({
  name: s().describe('Name of the pod volume to mount.'),
  readOnly: b().optional().describe('Mount read-only when true.'),
  recursiveReadOnly: s().optional().describe('Disabled, IfPossible or Enabled: whether submounts are read-only too.'),
  mountPath: s().describe('Path inside the container to mount at; must not contain a colon.'),
  subPath: s().optional().describe('Sub-path of the volume to mount instead of its root.'),
  mountPropagation: s().optional().describe('How mounts propagate between host and container.'),
  subPathExpr: s().optional().describe('Like subPath, with $(VAR) expansion from the container environment.'),
}).meta({ id: `${P}.VolumeMount`, description: 'Mounts a volume into a container.' });

const volumeDevice = z.strictObject({
  name: s().describe('Name of a persistentVolumeClaim volume of the pod.'),
  devicePath: s().describe('Path inside the container the device is mapped to.'),
}).meta({ id: `${P}.VolumeDevice`, description: 'Maps a raw block volume into a container.' });

const httpHeader = z.strictObject({ name: s().describe('Header name.'), value: s().describe('Header value.') })
  .meta({ id: `${P}.HTTPHeader`, description: 'A custom header of an HTTP probe.' });

export const httpGetAction = z.strictObject({
  path: s().optional().describe('Path to request; defaults to /.'),
  port: intOrString.describe('Port number or name to connect to.'),
  host: s().optional().describe('Host to connect to; defaults to the pod IP.'),
  scheme: s().optional().describe('HTTP or HTTPS; defaults to HTTP.'),
  httpHeaders: z.array(httpHeader).optional().describe('Extra request headers.'),
}).meta({ id: `${P}.HTTPGetAction`, description: 'An HTTP GET request used as a probe or hook.' });

const tcpSocketAction = z.strictObject({
  port: intOrString.describe('Port number or name to connect to.'),
  host: s().optional().describe('Host to connect to; defaults to the pod IP.'),
}).meta({ id: `${P}.TCPSocketAction`, description: 'A TCP connection attempt used as a probe.' });

const execAction = z.strictObject({
  command: strs().optional().describe('Command line run inside the container, not in a shell; exit status 0 means healthy.'),
}).meta({ id: `${P}.ExecAction`, description: 'A command executed in the container.' });

const grpcAction = z.strictObject({
  port: int32.describe('Port of the gRPC health service.'),
  service: s().optional().describe('Service name sent in the HealthCheckRequest.'),
}).meta({ id: `${P}.GRPCAction`, description: 'A gRPC health check.' });

export const probe = z.strictObject({
  exec: execAction.optional().describe('Run a command.'),
  httpGet: httpGetAction.optional().describe('Send an HTTP GET.'),
  tcpSocket: tcpSocketAction.optional().describe('Open a TCP connection.'),
  grpc: grpcAction.optional().describe('Call the gRPC health service.'),
  initialDelaySeconds: int32.optional().describe('Seconds after container start before the first probe.'),
  timeoutSeconds: int32.optional().describe('Seconds after which one probe times out; defaults to 1.'),
  periodSeconds: int32.optional().describe('How often to probe, in seconds; defaults to 10.'),
  successThreshold: int32.optional().describe('Consecutive successes needed after a failure; defaults to 1 (must be 1 for liveness and startup).'),
  failureThreshold: int32.optional().describe('Consecutive failures before giving up; defaults to 3.'),
  terminationGracePeriodSeconds: int64.optional().describe('Grace period used when a failed probe kills the container.'),
}).meta({ id: `${P}.Probe`, description: 'A health check run against a container.' });

const lifecycleHandler = z.strictObject({
  exec: execAction.optional().describe('Run a command.'),
  httpGet: httpGetAction.optional().describe('Send an HTTP GET.'),
  tcpSocket: tcpSocketAction.optional().describe('Deprecated; accepted for compatibility.'),
  sleep: z.strictObject({ seconds: int64.describe('Seconds to sleep.') })
    .meta({ id: `${P}.SleepAction`, description: 'Sleeps for a while.' }).optional().describe('Sleep.'),
}).meta({ id: `${P}.LifecycleHandler`, description: 'An action run at a lifecycle hook.' });

const lifecycle = z.strictObject({
  postStart: lifecycleHandler.optional().describe('Runs right after the container is created.'),
  preStop: lifecycleHandler.optional().describe('Runs before the container is terminated.'),
}).meta({ id: `${P}.Lifecycle`, description: 'Hooks run at container lifecycle events.' });

const seLinuxOptions = opaque('SELinux labels (user, role, type, level).');
const seccompProfile = z.strictObject({
  type: s().describe('RuntimeDefault, Unconfined or Localhost.'),
  localhostProfile: s().optional().describe('Profile file on the node, for type Localhost.'),
}).meta({ id: `${P}.SeccompProfile`, description: 'The seccomp profile applied.' });
const appArmorProfile = z.strictObject({
  type: s().describe('RuntimeDefault, Unconfined or Localhost.'),
  localhostProfile: s().optional().describe('Profile loaded on the node, for type Localhost.'),
}).meta({ id: `${P}.AppArmorProfile`, description: 'The AppArmor profile applied.' });

export const securityContext = z.strictObject({
  capabilities: z.strictObject({
    add: strs().optional().describe('Capabilities to add.'),
    drop: strs().optional().describe('Capabilities to drop.'),
  }).meta({ id: `${P}.Capabilities`, description: 'POSIX capabilities added to or dropped from the container.' }).optional().describe('Capabilities to add and drop.'),
  privileged: b().optional().describe('Run as privileged, equivalent to root on the host.'),
  seLinuxOptions: seLinuxOptions.optional(),
  windowsOptions: opaque('Windows-specific settings.').optional(),
  runAsUser: int64.optional().describe('UID the entrypoint runs as.'),
  runAsGroup: int64.optional().describe('GID the entrypoint runs as.'),
  runAsNonRoot: b().optional().describe('Refuse to start when the image would run as UID 0.'),
  readOnlyRootFilesystem: b().optional().describe('Mount the root filesystem read-only.'),
  allowPrivilegeEscalation: b().optional().describe('Whether a process can gain more privileges than its parent.'),
  procMount: s().optional().describe('Default or Unmasked /proc mount.'),
  seccompProfile: seccompProfile.optional().describe('Seccomp profile of the container.'),
  appArmorProfile: appArmorProfile.optional().describe('AppArmor profile of the container.'),
}).meta({ id: `${P}.SecurityContext`, description: 'Security settings of one container; they override the pod security context.' });

const containerFields = {
  name: s().describe('Name of the container, a DNS label unique within the pod.'),
  image: s().optional().describe('Container image reference.'),
  command: strs().optional().describe('Entrypoint array, replacing the image ENTRYPOINT; not run in a shell.'),
  args: strs().optional().describe('Arguments to the entrypoint, replacing the image CMD.'),
  workingDir: s().optional().describe('Working directory of the entrypoint.'),
  ports: z.array(containerPort).optional().describe('Ports exposed by the container; informational, but named ports can be targeted by services.'),
  envFrom: z.array(envFromSource).optional().describe('Sources to import environment variables from.'),
  env: z.array(envVar).optional().describe('Environment variables to set.'),
  resources: resourceRequirements.optional().describe('Compute resources required by the container.'),
  resizePolicy: z.array(z.strictObject({
    resourceName: s().describe('cpu or memory.'),
    restartPolicy: s().describe('NotRequired or RestartContainer.'),
  }).meta({ id: `${P}.ContainerResizePolicy`, description: 'How a resource can be resized in place.' })).optional().describe('Resize policies per resource.'),
  restartPolicy: s().optional().describe('Only Always, for init containers that run as sidecars.'),
  volumeMounts: z.array(volumeMount).optional().describe('Volumes mounted into the container filesystem.'),
  volumeDevices: z.array(volumeDevice).optional().describe('Block devices used by the container.'),
  livenessProbe: probe.optional().describe('Restarts the container when it fails.'),
  readinessProbe: probe.optional().describe('Removes the pod from service endpoints while it fails.'),
  startupProbe: probe.optional().describe('Holds back the other probes until it succeeds.'),
  lifecycle: lifecycle.optional().describe('Actions run on container start and stop.'),
  terminationMessagePath: s().optional().describe('File the termination message is read from; defaults to /dev/termination-log.'),
  terminationMessagePolicy: s().optional().describe('File or FallbackToLogsOnError; defaults to File.'),
  imagePullPolicy: s().optional().describe('Always, Never or IfNotPresent; defaults to Always for :latest or untagged images, else IfNotPresent.'),
  securityContext: securityContext.optional().describe('Security options of the container.'),
  stdin: b().optional().describe('Allocate a stdin buffer for the container.'),
  stdinOnce: b().optional().describe('Close stdin after the first attach session ends.'),
  tty: b().optional().describe('Allocate a TTY (needs stdin).'),
};

export const container = z.strictObject(containerFields)
  .meta({ id: `${P}.Container`, description: 'A single application container run in a pod.' });

export const ephemeralContainer = z.strictObject({
  ...containerFields,
  targetContainerName: s().optional().describe('Container whose namespaces this ephemeral container joins.'),
}).meta({ id: `${P}.EphemeralContainer`, description: 'A temporary container added to a running pod for debugging.' });

// ---- volumes --------------------------------------------------------------------------

export const hostPathVolumeSource = z.strictObject({
  path: s().describe('Path on the host.'),
  type: s().optional().describe('Expected type of the path (DirectoryOrCreate, File, …); empty skips checks.'),
}).meta({ id: `${P}.HostPathVolumeSource`, description: 'A directory or file of the host.' });

export const volume = z.strictObject({
  name: s().describe('Name of the volume, a DNS label unique within the pod.'),
  hostPath: hostPathVolumeSource.optional().describe('A path of the node filesystem.'),
  emptyDir: z.strictObject({
    medium: s().optional().describe('Storage medium: empty for the node default or Memory.'),
    sizeLimit: quantity.optional().describe('Maximum size of the volume.'),
  }).meta({ id: `${P}.EmptyDirVolumeSource`, description: 'A scratch directory that lives as long as the pod.' }).optional().describe('A temporary directory sharing the pod lifetime.'),
  secret: z.strictObject({
    secretName: s().optional().describe('Name of the Secret.'),
    items: z.array(keyToPath).optional().describe('Keys to project; all keys when empty.'),
    defaultMode: int32.optional().describe('Default file mode bits; defaults to 0644.'),
    optional: b().optional().describe('Whether the Secret may be missing.'),
  }).meta({ id: `${P}.SecretVolumeSource`, description: 'Projects a Secret as files.' }).optional().describe('A Secret as files.'),
  configMap: z.strictObject({
    name: s().optional().describe('Name of the ConfigMap.'),
    items: z.array(keyToPath).optional().describe('Keys to project; all keys when empty.'),
    defaultMode: int32.optional().describe('Default file mode bits; defaults to 0644.'),
    optional: b().optional().describe('Whether the ConfigMap may be missing.'),
  }).meta({ id: `${P}.ConfigMapVolumeSource`, description: 'Projects a ConfigMap as files.' }).optional().describe('A ConfigMap as files.'),
  persistentVolumeClaim: z.strictObject({
    claimName: s().describe('Name of the claim in the pod namespace.'),
    readOnly: b().optional().describe('Mount read-only.'),
  }).meta({ id: `${P}.PersistentVolumeClaimVolumeSource`, description: 'References a PersistentVolumeClaim.' }).optional().describe('A persistent volume claim.'),
  downwardAPI: opaque('Pod fields and resources exposed as files.').optional(),
  projected: opaque('Several sources (secrets, config maps, downward API, tokens) projected into one directory.').optional(),
  ephemeral: opaque('A volume provisioned for the pod by a claim template.').optional(),
  csi: opaque('A volume provided by a CSI driver.').optional(),
  nfs: opaque('An NFS export.').optional(),
  image: opaque('An OCI image or artifact mounted as a volume.').optional(),
  iscsi: opaque('An iSCSI disk.').optional(),
  awsElasticBlockStore: opaque('Deprecated in-tree AWS EBS volume.').optional(),
  gcePersistentDisk: opaque('Deprecated in-tree GCE persistent disk.').optional(),
  azureDisk: opaque('Deprecated in-tree Azure disk.').optional(),
  azureFile: opaque('Deprecated in-tree Azure file share.').optional(),
  cephfs: opaque('Deprecated CephFS mount.').optional(),
  cinder: opaque('Deprecated Cinder volume.').optional(),
  fc: opaque('A Fibre Channel disk.').optional(),
  flexVolume: opaque('Deprecated FlexVolume.').optional(),
  flocker: opaque('Deprecated Flocker volume.').optional(),
  gitRepo: opaque('Deprecated git repository checkout.').optional(),
  glusterfs: opaque('Deprecated GlusterFS mount.').optional(),
  photonPersistentDisk: opaque('Deprecated Photon disk.').optional(),
  portworxVolume: opaque('Deprecated Portworx volume.').optional(),
  quobyte: opaque('Deprecated Quobyte mount.').optional(),
  rbd: opaque('Deprecated Rados block device.').optional(),
  scaleIO: opaque('Deprecated ScaleIO volume.').optional(),
  storageos: opaque('Deprecated StorageOS volume.').optional(),
  vsphereVolume: opaque('Deprecated vSphere volume.').optional(),
}).meta({ id: `${P}.Volume`, description: 'A named volume that containers of the pod can mount; exactly one source may be set.' });

// ---- pod spec -------------------------------------------------------------------------

export const toleration = z.strictObject({
  key: s().optional().describe('Taint key the toleration applies to; empty with Exists matches all taints.'),
  operator: s().optional().describe('Exists or Equal; defaults to Equal.'),
  value: s().optional().describe('Taint value to match with Equal.'),
  effect: s().optional().describe('Taint effect to match; empty matches all effects.'),
  tolerationSeconds: int64.optional().describe('For NoExecute: how long the pod stays bound after the taint appears.'),
}).meta({ id: `${P}.Toleration`, description: 'Allows a pod onto nodes with a matching taint.' });

const podSecurityContext = z.strictObject({
  seLinuxOptions: seLinuxOptions.optional(),
  windowsOptions: opaque('Windows-specific settings.').optional(),
  runAsUser: int64.optional().describe('UID the container entrypoints run as.'),
  runAsGroup: int64.optional().describe('GID the container entrypoints run as.'),
  runAsNonRoot: b().optional().describe('Refuse to start containers that would run as UID 0.'),
  supplementalGroups: z.array(int64).optional().describe('Extra groups of the first process of each container.'),
  supplementalGroupsPolicy: s().optional().describe('Merge or Strict.'),
  fsGroup: int64.optional().describe('Group that owns supported volumes.'),
  sysctls: z.array(z.strictObject({ name: s().describe('Sysctl name.'), value: s().describe('Sysctl value.') })
    .meta({ id: `${P}.Sysctl`, description: 'A kernel parameter to set.' })).optional().describe('Namespaced sysctls to set.'),
  fsGroupChangePolicy: s().optional().describe('OnRootMismatch or Always.'),
  seccompProfile: seccompProfile.optional().describe('Seccomp profile of the containers.'),
  appArmorProfile: appArmorProfile.optional().describe('AppArmor profile of the containers.'),
  seLinuxChangePolicy: s().optional().describe('How SELinux labels are applied to volumes.'),
}).meta({ id: `${P}.PodSecurityContext`, description: 'Pod-level security attributes shared by all containers.' });

const topologySpreadConstraint = z.strictObject({
  maxSkew: int32.describe('Maximum permitted difference in matching pods between topology domains.'),
  topologyKey: s().describe('Node label key that defines the domains.'),
  whenUnsatisfiable: s().describe('DoNotSchedule or ScheduleAnyway.'),
  labelSelector: labelSelector.optional().describe('Selects the pods that are counted.'),
  minDomains: int32.optional().describe('Minimum number of eligible domains.'),
  nodeAffinityPolicy: s().optional().describe('Honor or Ignore the pod node affinity when counting.'),
  nodeTaintsPolicy: s().optional().describe('Honor or Ignore node taints when counting.'),
  matchLabelKeys: strs().optional().describe('Pod label keys whose values are added to the selector.'),
}).meta({ id: `${P}.TopologySpreadConstraint`, description: 'How matching pods are spread over a topology.' });

export const podSpec = z.strictObject({
  volumes: z.array(volume).optional().describe('Volumes that containers of the pod can mount.'),
  initContainers: z.array(container).optional().describe('Containers run in order to completion before the app containers start.'),
  containers: z.array(container).describe('The application containers; at least one is required.'),
  ephemeralContainers: z.array(ephemeralContainer).optional().describe('Debug containers added to the running pod.'),
  restartPolicy: s().optional().describe('Always, OnFailure or Never; defaults to Always.'),
  terminationGracePeriodSeconds: int64.optional().describe('Seconds between the termination signal and a forced kill; defaults to 30.'),
  activeDeadlineSeconds: int64.optional().describe('Seconds the pod may be active before it is failed.'),
  dnsPolicy: s().optional().describe('ClusterFirst, ClusterFirstWithHostNet, Default or None; defaults to ClusterFirst.'),
  nodeSelector: stringMap.optional().describe('Labels a node must have for the pod to be scheduled onto it.'),
  serviceAccountName: s().optional().describe('Name of the ServiceAccount the pod runs as.'),
  serviceAccount: s().optional().describe('Deprecated alias of serviceAccountName.'),
  automountServiceAccountToken: b().optional().describe('Whether a service account token is mounted automatically.'),
  nodeName: s().optional().describe('The node the pod is bound to; set by the scheduler.'),
  hostNetwork: b().optional().describe('Use the node network namespace.'),
  hostPID: b().optional().describe('Use the node PID namespace.'),
  hostIPC: b().optional().describe('Use the node IPC namespace.'),
  shareProcessNamespace: b().optional().describe('Share one PID namespace among the containers.'),
  securityContext: podSecurityContext.optional().describe('Pod-level security attributes.'),
  imagePullSecrets: z.array(localObjectReference).optional().describe('Secrets used to pull the images.'),
  hostname: s().optional().describe('Hostname of the pod; defaults to the pod name.'),
  subdomain: s().optional().describe('Subdomain, giving the FQDN <hostname>.<subdomain>.<namespace>.svc.<cluster domain>.'),
  affinity: z.strictObject({
    nodeAffinity: opaque('Node affinity scheduling rules.').optional(),
    podAffinity: opaque('Rules co-locating the pod with other pods.').optional(),
    podAntiAffinity: opaque('Rules keeping the pod away from other pods.').optional(),
  }).meta({ id: `${P}.Affinity`, description: 'Affinity and anti-affinity scheduling constraints.' }).optional().describe('Scheduling constraints.'),
  schedulerName: s().optional().describe('The scheduler that places the pod; defaults to default-scheduler.'),
  tolerations: z.array(toleration).optional().describe('Taints the pod tolerates.'),
  hostAliases: z.array(z.strictObject({
    ip: s().describe('IP address of the host file entry.'),
    hostnames: strs().optional().describe('Hostnames for the IP.'),
  }).meta({ id: `${P}.HostAlias`, description: 'An /etc/hosts entry.' })).optional().describe('Extra /etc/hosts entries.'),
  priorityClassName: s().optional().describe('Name of the PriorityClass giving the pod its priority.'),
  priority: int32.optional().describe('Priority value, set from priorityClassName by admission.'),
  dnsConfig: z.strictObject({
    nameservers: strs().optional().describe('Extra DNS servers.'),
    searches: strs().optional().describe('Extra search domains.'),
    options: z.array(z.strictObject({ name: s().optional().describe('Option name.'), value: s().optional().describe('Option value.') })
      .meta({ id: `${P}.PodDNSConfigOption`, description: 'A resolver option.' })).optional().describe('Resolver options.'),
  }).meta({ id: `${P}.PodDNSConfig`, description: 'DNS parameters of the pod beyond those of the DNS policy.' }).optional().describe('Extra DNS configuration.'),
  readinessGates: z.array(z.strictObject({ conditionType: s().describe('A pod condition type that must be True for readiness.') })
    .meta({ id: `${P}.PodReadinessGate`, description: 'An extra condition for pod readiness.' })).optional().describe('Extra conditions for readiness.'),
  runtimeClassName: s().optional().describe('RuntimeClass used to run the pod.'),
  enableServiceLinks: b().optional().describe('Inject environment variables describing services; defaults to true.'),
  preemptionPolicy: s().optional().describe('PreemptLowerPriority or Never.'),
  overhead: resourceList.optional().describe('Resource overhead of the pod sandbox.'),
  topologySpreadConstraints: z.array(topologySpreadConstraint).optional().describe('How the pods are spread over topology domains.'),
  setHostnameAsFQDN: b().optional().describe('Use the FQDN as the hostname.'),
  os: z.strictObject({ name: s().describe('linux or windows.') }).meta({ id: `${P}.PodOS`, description: 'Operating system of the pod.' }).optional().describe('Operating system of the containers.'),
  hostUsers: b().optional().describe('Use the host user namespace; false enables user namespaces.'),
  schedulingGates: z.array(z.strictObject({ name: s().describe('Name of the gate.') })
    .meta({ id: `${P}.PodSchedulingGate`, description: 'A gate holding back scheduling.' })).optional().describe('Gates that block scheduling while present.'),
  resourceClaims: z.array(z.strictObject({
    name: s().describe('Name of the claim within the pod.'),
    resourceClaimName: s().optional().describe('Existing ResourceClaim to use.'),
    resourceClaimTemplateName: s().optional().describe('Template to create a claim from.'),
  }).meta({ id: `${P}.PodResourceClaim`, description: 'A resource claim the pod uses.' })).optional().describe('Dynamic resource claims.'),
  resources: resourceRequirements.optional().describe('Pod-level resource requirements.'),
}).meta({ id: `${P}.PodSpec`, description: 'The desired behaviour of a pod.' });

export const podTemplateSpec = z.strictObject({
  metadata: objectMeta.optional().describe('Metadata of the pods created from the template.'),
  spec: podSpec.optional().describe('Specification of the pods created from the template.'),
}).meta({ id: `${P}.PodTemplateSpec`, description: 'Describes the pods a controller creates.' });

// ---- pod status ---------------------------------------------------------------------------

const containerState = z.strictObject({
  waiting: z.strictObject({
    reason: s().optional().describe('Why the container is not yet running.'),
    message: s().optional().describe('Details.'),
  }).meta({ id: `${P}.ContainerStateWaiting`, description: 'The container is waiting to start.' }).optional().describe('Waiting state.'),
  running: z.strictObject({ startedAt: time.optional().describe('When the container (re)started.') })
    .meta({ id: `${P}.ContainerStateRunning`, description: 'The container is running.' }).optional().describe('Running state.'),
  terminated: z.strictObject({
    exitCode: int32.describe('Exit status of the last termination.'),
    signal: int32.optional().describe('Signal of the last termination.'),
    reason: s().optional().describe('Brief reason of the termination.'),
    message: s().optional().describe('Details of the termination.'),
    startedAt: time.optional().describe('When the previous execution started.'),
    finishedAt: time.optional().describe('When the container terminated.'),
    containerID: s().optional().describe('Container ID, as <type>://<id>.'),
  }).meta({ id: `${P}.ContainerStateTerminated`, description: 'The container has terminated.' }).optional().describe('Terminated state.'),
}).meta({ id: `${P}.ContainerState`, description: 'The state of a container; at most one member is set.' });

const containerStatus = z.strictObject({
  name: s().describe('Name of the container.'),
  state: containerState.optional().describe('Current state.'),
  lastState: containerState.optional().describe('State of the previous termination.'),
  ready: b().optional().describe('Whether the container passes its readiness probe.'),
  restartCount: int32.optional().describe('Number of restarts.'),
  image: s().optional().describe('Image the container runs.'),
  imageID: s().optional().describe('Image ID of the running image.'),
  containerID: s().optional().describe('Container ID, as <type>://<id>.'),
  started: b().optional().describe('Whether the startup probe has passed.'),
  allocatedResources: resourceList.optional().describe('Resources allocated to the container.'),
  resources: resourceRequirements.optional().describe('Resources actually configured.'),
  volumeMounts: z.array(opaque('Status of one volume mount.')).optional().describe('Status of the volume mounts.'),
  user: opaque('Identities of the first process.').optional(),
  allocatedResourcesStatus: z.array(opaque('Health of allocated resources.')).optional().describe('Health of allocated resources.'),
}).meta({ id: `${P}.ContainerStatus`, description: 'Observed state of one container.' });

const podIP = z.strictObject({ ip: s().describe('An IP address.') }).meta({ id: `${P}.PodIP`, description: 'An IP address of the pod.' });
const hostIP = z.strictObject({ ip: s().describe('An IP address.') }).meta({ id: `${P}.HostIP`, description: 'An IP address of the host.' });

export const podStatus = z.strictObject({
  phase: s().optional().describe('Pending, Running, Succeeded, Failed or Unknown.'),
  conditions: z.array(z.strictObject({
    type: s().describe('PodScheduled, Initialized, ContainersReady, Ready, PodReadyToStartContainers, …'),
    status: s().describe('True, False or Unknown.'),
    lastProbeTime: time.nullable().optional().describe('When the condition was last probed.'),
    lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
    reason: s().optional().describe('CamelCase reason of the last transition.'),
    message: s().optional().describe('Human-readable details.'),
  }).meta({ id: `${P}.PodCondition`, description: 'One condition of a pod.' })).optional().describe('Current service state of the pod.'),
  message: s().optional().describe('Human-readable reason for the pod being in this state.'),
  reason: s().optional().describe('Brief CamelCase reason for the state, such as Evicted.'),
  nominatedNodeName: s().optional().describe('Node the pod may be placed on after preemption.'),
  hostIP: s().optional().describe('Primary IP of the node the pod runs on.'),
  hostIPs: z.array(hostIP).optional().describe('IPs of the node the pod runs on.'),
  podIP: s().optional().describe('Primary IP of the pod.'),
  podIPs: z.array(podIP).optional().describe('IPs of the pod.'),
  startTime: time.optional().describe('When the kubelet acknowledged the pod.'),
  initContainerStatuses: z.array(containerStatus).optional().describe('Status of the init containers.'),
  containerStatuses: z.array(containerStatus).optional().describe('Status of the app containers.'),
  qosClass: s().optional().describe('Guaranteed, Burstable or BestEffort.'),
  ephemeralContainerStatuses: z.array(containerStatus).optional().describe('Status of the ephemeral containers.'),
  resize: s().optional().describe('State of a requested in-place resize.'),
  resourceClaimStatuses: z.array(opaque('Status of one resource claim.')).optional().describe('Status of the resource claims.'),
}).meta({ id: `${P}.PodStatus`, description: 'Observed state of a pod.' });

const top = (kind: string, fields: Record<string, z.ZodType>, description: string) =>
  z.strictObject({
    apiVersion: s().optional().describe('Versioned schema of this representation of the object.'),
    kind: s().optional().describe('The REST resource this object represents, in CamelCase.'),
    metadata: objectMeta.optional().describe('Standard object metadata.'),
    ...fields,
  }).meta({ id: `${P}.${kind}`, description });

export const pod = top('Pod', {
  spec: podSpec.optional().describe('Desired behaviour of the pod.'),
  status: podStatus.optional().describe('Most recently observed status of the pod. Read-only.'),
}, 'A group of containers scheduled together onto one node.');

// ---- node ------------------------------------------------------------------------------

export const taint = z.strictObject({
  key: s().describe('Taint key.'),
  value: s().optional().describe('Taint value.'),
  effect: s().describe('NoSchedule, PreferNoSchedule or NoExecute.'),
  timeAdded: time.nullable().optional().describe('When a NoExecute taint was added.'),
}).meta({ id: `${P}.Taint`, description: 'Repels pods that do not tolerate it from a node.' });

export const node = top('Node', {
  spec: z.strictObject({
    podCIDR: s().optional().describe('Pod IP range assigned to the node.'),
    podCIDRs: strs().optional().describe('Pod IP ranges assigned to the node, one per family.'),
    providerID: s().optional().describe('Cloud provider ID of the node.'),
    unschedulable: b().optional().describe('Keeps new pods off the node (cordon).'),
    taints: z.array(taint).optional().describe('Taints of the node.'),
    configSource: opaque('Deprecated dynamic kubelet config source.').optional(),
    externalID: s().optional().describe('Deprecated.'),
  }).meta({ id: `${P}.NodeSpec`, description: 'Desired configuration of a node.' }).optional().describe('Desired configuration of the node.'),
  status: z.strictObject({
    capacity: resourceList.optional().describe('Total resources of the node.'),
    allocatable: resourceList.optional().describe('Resources available for pods; defaults to capacity.'),
    phase: s().optional().describe('Deprecated.'),
    conditions: z.array(z.strictObject({
      type: s().describe('Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.'),
      status: s().describe('True, False or Unknown.'),
      lastHeartbeatTime: time.nullable().optional().describe('Last time the condition was reported.'),
      lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
      reason: s().optional().describe('CamelCase reason.'),
      message: s().optional().describe('Details.'),
    }).meta({ id: `${P}.NodeCondition`, description: 'One condition of a node.' })).optional().describe('Current conditions of the node.'),
    addresses: z.array(z.strictObject({
      type: s().describe('Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.'),
      address: s().describe('The address.'),
    }).meta({ id: `${P}.NodeAddress`, description: 'An address of a node.' })).optional().describe('Addresses reachable on the node.'),
    daemonEndpoints: z.strictObject({
      kubeletEndpoint: z.strictObject({ Port: int32.describe('Port number.') })
        .meta({ id: `${P}.DaemonEndpoint`, description: 'A port of a daemon.' }).optional().describe('The kubelet API endpoint.'),
    }).meta({ id: `${P}.NodeDaemonEndpoints`, description: 'Ports of daemons running on the node.' }).optional().describe('Endpoints of the node daemons.'),
    nodeInfo: z.strictObject({
      machineID: s().optional().describe('Machine ID.'), systemUUID: s().optional().describe('System UUID.'), bootID: s().optional().describe('Boot ID.'),
      kernelVersion: s().optional().describe('Kernel version.'), osImage: s().optional().describe('OS image.'),
      containerRuntimeVersion: s().optional().describe('Container runtime version.'), kubeletVersion: s().optional().describe('Kubelet version.'),
      kubeProxyVersion: s().optional().describe('Deprecated kube-proxy version.'), operatingSystem: s().optional().describe('Operating system.'),
      architecture: s().optional().describe('CPU architecture.'),
    }).meta({ id: `${P}.NodeSystemInfo`, description: 'Identity and versions of the node software.' }).optional().describe('Node software information.'),
    images: z.array(z.strictObject({ names: strs().optional().describe('Names of the image.'), sizeBytes: int64.optional().describe('Size in bytes.') })
      .meta({ id: `${P}.ContainerImage`, description: 'An image present on the node.' })).optional().describe('Images on the node.'),
    volumesInUse: strs().optional().describe('Volumes in use.'),
    volumesAttached: z.array(opaque('An attached volume.')).optional().describe('Attached volumes.'),
    config: opaque('Status of the dynamic kubelet config.').optional(),
    runtimeHandlers: z.array(opaque('A runtime handler.')).optional().describe('Runtime handlers available.'),
    features: opaque('Features supported by the node.').optional(),
  }).meta({ id: `${P}.NodeStatus`, description: 'Observed state of a node.' }).optional().describe('Most recently observed status of the node.'),
}, 'A worker machine of the cluster.');

// ---- binding --------------------------------------------------------------------------

export const binding = top('Binding', {
  target: objectReference.describe('The node the pod is bound to.'),
}, 'Binds a pod to a node; used by the scheduler.');

// ---- service / endpoints ---------------------------------------------------------------

export const servicePort = z.strictObject({
  name: s().optional().describe('DNS label naming the port; required when there are several ports.'),
  protocol: s().optional().describe('TCP, UDP or SCTP; defaults to TCP.'),
  appProtocol: s().optional().describe('Application protocol hint.'),
  port: int32.describe('Port the service exposes.'),
  targetPort: intOrString.optional().describe('Port number or name on the pods; defaults to port.'),
  nodePort: int32.optional().describe('Port on every node for NodePort and LoadBalancer services; allocated when omitted.'),
}).meta({ id: `${P}.ServicePort`, description: 'A port a service exposes.' });

export const service = top('Service', {
  spec: z.strictObject({
    ports: z.array(servicePort).optional().describe('Ports exposed by the service.'),
    selector: stringMap.optional().describe('Routes traffic to pods whose labels match; none means endpoints are managed externally.'),
    clusterIP: s().optional().describe('Virtual IP of the service; allocated when empty, None for a headless service.'),
    clusterIPs: strs().optional().describe('Virtual IPs of the service, one per family.'),
    type: s().optional().describe('ClusterIP, NodePort, LoadBalancer or ExternalName; defaults to ClusterIP.'),
    externalIPs: strs().optional().describe('Extra IPs the service accepts traffic on.'),
    sessionAffinity: s().optional().describe('ClientIP or None; defaults to None.'),
    loadBalancerIP: s().optional().describe('Deprecated requested load balancer IP.'),
    loadBalancerSourceRanges: strs().optional().describe('Client CIDRs allowed through the load balancer.'),
    externalName: s().optional().describe('DNS name returned as a CNAME for ExternalName services.'),
    externalTrafficPolicy: s().optional().describe('Cluster or Local routing of external traffic.'),
    healthCheckNodePort: int32.optional().describe('Health check node port for Local external traffic.'),
    publishNotReadyAddresses: b().optional().describe('Publish endpoints of pods that are not ready.'),
    sessionAffinityConfig: z.strictObject({
      clientIP: z.strictObject({ timeoutSeconds: int32.optional().describe('Affinity timeout in seconds.') })
        .meta({ id: `${P}.ClientIPConfig`, description: 'Client IP affinity settings.' }).optional().describe('Client IP affinity settings.'),
    }).meta({ id: `${P}.SessionAffinityConfig`, description: 'Session affinity settings.' }).optional().describe('Session affinity settings.'),
    ipFamilies: strs().optional().describe('IP families of the service: IPv4 and/or IPv6.'),
    ipFamilyPolicy: s().optional().describe('SingleStack, PreferDualStack or RequireDualStack.'),
    allocateLoadBalancerNodePorts: b().optional().describe('Whether LoadBalancer services get node ports.'),
    loadBalancerClass: s().optional().describe('Load balancer implementation class.'),
    internalTrafficPolicy: s().optional().describe('Cluster or Local routing of in-cluster traffic.'),
    trafficDistribution: s().optional().describe('Preference for traffic distribution, such as PreferClose.'),
  }).meta({ id: `${P}.ServiceSpec`, description: 'Desired behaviour of a service.' }).optional().describe('Desired behaviour of the service.'),
  status: z.strictObject({
    loadBalancer: z.strictObject({
      ingress: z.array(z.strictObject({
        ip: s().optional().describe('IP of the ingress point.'),
        hostname: s().optional().describe('Hostname of the ingress point.'),
        ipMode: s().optional().describe('VIP or Proxy.'),
        ports: z.array(opaque('Status of one port.')).optional().describe('Status of the ports.'),
      }).meta({ id: `${P}.LoadBalancerIngress`, description: 'An ingress point of a load balancer.' })).optional().describe('Ingress points.'),
    }).meta({ id: `${P}.LoadBalancerStatus`, description: 'Status of a load balancer.' }).optional().describe('Status of the load balancer.'),
    conditions: z.array(condition).optional().describe('Current conditions of the service.'),
  }).meta({ id: `${P}.ServiceStatus`, description: 'Observed state of a service.' }).optional().describe('Most recently observed status of the service.'),
}, 'A named abstraction of a set of pods, with a stable virtual IP and ports.');

const endpointAddress = z.strictObject({
  ip: s().describe('IP of the endpoint.'),
  hostname: s().optional().describe('Hostname of the endpoint.'),
  nodeName: s().optional().describe('Node hosting the endpoint.'),
  targetRef: objectReference.optional().describe('The object providing the endpoint, usually a pod.'),
}).meta({ id: `${P}.EndpointAddress`, description: 'One IP of an endpoint.' });

export const endpoints = top('Endpoints', {
  subsets: z.array(z.strictObject({
    addresses: z.array(endpointAddress).optional().describe('Ready addresses.'),
    notReadyAddresses: z.array(endpointAddress).optional().describe('Addresses not ready yet.'),
    ports: z.array(z.strictObject({
      name: s().optional().describe('Name of the port, matching the service port name.'),
      port: int32.describe('Port number.'),
      protocol: s().optional().describe('TCP, UDP or SCTP; defaults to TCP.'),
      appProtocol: s().optional().describe('Application protocol hint.'),
    }).meta({ id: `${P}.EndpointPort`, description: 'A port of the endpoints.' })).optional().describe('Ports of the addresses.'),
  }).meta({ id: `${P}.EndpointSubset`, description: 'A group of addresses sharing ports.' })).optional().describe('The endpoints of the service.'),
}, 'The addresses implementing a service.');

// ---- event ------------------------------------------------------------------------------

export const eventSource = z.strictObject({
  component: s().optional().describe('Component reporting the event.'),
  host: s().optional().describe('Node the event came from.'),
}).meta({ id: `${P}.EventSource`, description: 'Origin of an event.' });

export const event = top('Event', {
  involvedObject: objectReference.describe('The object the event is about.'),
  reason: s().optional().describe('Short CamelCase reason.'),
  message: s().optional().describe('Human-readable description.'),
  source: eventSource.optional().describe('Component reporting the event.'),
  firstTimestamp: time.nullable().optional().describe('When the event was first recorded.'),
  lastTimestamp: time.nullable().optional().describe('When the event last recurred.'),
  count: int32.optional().describe('How many times the event occurred.'),
  type: s().optional().describe('Normal or Warning.'),
  eventTime: microTime.nullable().optional().describe('When the event was first observed, with microseconds.'),
  series: z.strictObject({
    count: int32.optional().describe('Occurrences in the series.'),
    lastObservedTime: microTime.optional().describe('Last occurrence.'),
  }).meta({ id: `${P}.EventSeries`, description: 'A series of recurring events.' }).optional().describe('Series data for recurring events.'),
  action: s().optional().describe('What was done, or failed.'),
  related: objectReference.optional().describe('A secondary object involved.'),
  reportingComponent: s().optional().describe('Controller that emitted the event.'),
  reportingInstance: s().optional().describe('Instance of that controller.'),
}, 'A report of something that happened in the cluster.');

// ---- replication controller ----------------------------------------------------------------

export const replicationController = top('ReplicationController', {
  spec: z.strictObject({
    replicas: int32.optional().describe('Desired number of pods; defaults to 1.'),
    minReadySeconds: int32.optional().describe('Seconds a pod must be ready to count as available.'),
    selector: stringMap.optional().describe('Labels of the pods counted; defaults to the template labels.'),
    template: podTemplateSpec.optional().describe('Template of the pods created.'),
  }).meta({ id: `${P}.ReplicationControllerSpec`, description: 'Desired state of a replication controller.' }).optional().describe('Desired state.'),
  status: z.strictObject({
    replicas: int32.optional().describe('Most recently observed number of pods.'),
    fullyLabeledReplicas: int32.optional().describe('Pods whose labels match the template labels.'),
    readyReplicas: int32.optional().describe('Ready pods.'),
    availableReplicas: int32.optional().describe('Available pods.'),
    observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
    conditions: z.array(z.strictObject({
      type: s().describe('Condition type.'), status: s().describe('True, False or Unknown.'),
      lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
      reason: s().optional().describe('CamelCase reason.'), message: s().optional().describe('Details.'),
    }).meta({ id: `${P}.ReplicationControllerCondition`, description: 'One condition of a replication controller.' })).optional().describe('Conditions.'),
  }).meta({ id: `${P}.ReplicationControllerStatus`, description: 'Observed state of a replication controller.' }).optional().describe('Observed state.'),
}, 'Keeps a number of pod replicas running (the predecessor of ReplicaSet).');

// ---- config ----------------------------------------------------------------------------------

export const configMap = top('ConfigMap', {
  immutable: b().optional().describe('Forbids changes to the data once set.'),
  data: stringMap.optional().describe('UTF-8 configuration values.'),
  binaryData: stringMap.optional().describe('Binary configuration values, base64 encoded.'),
}, 'Non-confidential configuration data as key/value pairs.');

export const secret = top('Secret', {
  immutable: b().optional().describe('Forbids changes to the data once set.'),
  data: stringMap.optional().describe('Secret values, base64 encoded.'),
  stringData: stringMap.optional().describe('Write-only plain-text values merged into data.'),
  type: s().optional().describe('Type used for programmatic handling; defaults to Opaque.'),
}, 'Holds a small amount of sensitive data.');

export const serviceAccount = top('ServiceAccount', {
  secrets: z.array(objectReference).optional().describe('Secrets pods running as this account may use.'),
  imagePullSecrets: z.array(localObjectReference).optional().describe('Secrets used to pull images of pods using this account.'),
  automountServiceAccountToken: b().optional().describe('Whether pods mount a token automatically.'),
}, 'An identity for processes running in pods.');

export const namespace = top('Namespace', {
  spec: z.strictObject({
    finalizers: strs().optional().describe('Finalizers that must be cleared before the namespace is removed.'),
  }).meta({ id: `${P}.NamespaceSpec`, description: 'Desired state of a namespace.' }).optional().describe('Desired state.'),
  status: z.strictObject({
    phase: s().optional().describe('Active or Terminating.'),
    conditions: z.array(z.strictObject({
      type: s().describe('Condition type.'), status: s().describe('True, False or Unknown.'),
      lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
      reason: s().optional().describe('CamelCase reason.'), message: s().optional().describe('Details.'),
    }).meta({ id: `${P}.NamespaceCondition`, description: 'One condition of a namespace.' })).optional().describe('Conditions.'),
  }).meta({ id: `${P}.NamespaceStatus`, description: 'Observed state of a namespace.' }).optional().describe('Observed state.'),
}, 'A scope for names, isolating groups of objects.');

export { listMeta, int64 };
