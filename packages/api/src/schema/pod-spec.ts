/**
 * The schemas of a PodSpec and what it is built from (containers, volumes, probes, tolerations),
 * shared by Pod and every kind with a pod template.
 */
import { z } from 'zod';
import { int32, int64, intOrString, localObjectReference, opaque, quantity, resourceList, stringMap } from './common.js';
import { labelSelector, objectMeta } from './meta-v1.js';

const P = 'io.k8s.api.core.v1';

export const objectReference = z
  .strictObject({
    kind: z.string().optional().describe('Kind of the referent.'),
    namespace: z.string().optional().describe('Namespace of the referent.'),
    name: z.string().optional().describe('Name of the referent.'),
    uid: z.string().optional().describe('UID of the referent.'),
    apiVersion: z.string().optional().describe('API version of the referent.'),
    resourceVersion: z.string().optional().describe('Specific resourceVersion the reference was made to, if any.'),
    fieldPath: z.string().optional().describe('A path inside the referent, such as spec.containers{name} for one container of a pod.'),
  })
  .meta({ id: `${P}.ObjectReference`, description: 'A reference to any object, with enough information to find it.' });

const keyToPath = z
  .strictObject({
    key: z.string().describe('The key to project.'),
    path: z.string().describe('Relative file path the key is written to.'),
    mode: int32.optional().describe('File permission bits for this file.'),
  })
  .meta({ id: `${P}.KeyToPath`, description: 'Maps one key of a ConfigMap or Secret to a file path in a volume.' });

const objectFieldSelector = z
  .strictObject({
    apiVersion: z.string().optional().describe('Version of the schema fieldPath is written in; defaults to v1.'),
    fieldPath: z.string().describe('Path of the field to select, such as metadata.name or status.podIP.'),
  })
  .meta({ id: `${P}.ObjectFieldSelector`, description: 'Selects a field of the pod.' });

const resourceFieldSelector = z
  .strictObject({
    containerName: z.string().optional().describe('Container whose resources are read; required for volumes.'),
    resource: z.string().describe('The resource to select, such as limits.cpu or requests.memory.'),
    divisor: quantity.optional().describe('Output unit of the exposed value; defaults to 1.'),
  })
  .meta({ id: `${P}.ResourceFieldSelector`, description: 'Selects a container resource (limit or request).' });

const keySelector = (kind: string) =>
  z
    .strictObject({
      name: z.string().optional().describe(`Name of the ${kind}.`),
      key: z.string().describe(`The key of the ${kind} to select.`),
      optional: z.boolean().optional().describe(`Whether the ${kind} or its key may be missing.`),
    })
    .meta({ id: `${P}.${kind}KeySelector`, description: `Selects one key of a ${kind}.` });

export const containerPort = z
  .strictObject({
    name: z.string().optional().describe('An IANA_SVC_NAME naming the port, unique within the pod; services refer to it by this name.'),
    hostPort: int32.optional().describe('Port number to expose on the host; rarely needed.'),
    containerPort: int32.describe('Port number exposed on the pod IP, 1-65535.'),
    protocol: z.string().optional().describe('UDP, TCP or SCTP; defaults to TCP.'),
    hostIP: z.string().optional().describe('Host IP to bind the host port to.'),
  })
  .meta({ id: `${P}.ContainerPort`, description: 'A network port one container exposes.' });

export const envVar = z
  .strictObject({
    name: z.string().describe('Name of the environment variable.'),
    value: z.string().optional().describe('Literal value; $(VAR) references to earlier variables are expanded.'),
    valueFrom: z
      .strictObject({
        fieldRef: objectFieldSelector.optional().describe('A field of the pod.'),
        resourceFieldRef: resourceFieldSelector.optional().describe('A resource limit or request of a container.'),
        configMapKeyRef: keySelector('ConfigMap').optional().describe('A key of a ConfigMap.'),
        secretKeyRef: keySelector('Secret').optional().describe('A key of a Secret.'),
      })
      .meta({ id: `${P}.EnvVarSource`, description: 'Where an environment variable takes its value from.' })
      .optional()
      .describe('Source of the value; cannot be combined with value.'),
  })
  .meta({ id: `${P}.EnvVar`, description: 'An environment variable set in a container.' });

const envFromSource = z
  .strictObject({
    prefix: z.string().optional().describe('Prefix added to every variable name.'),
    configMapRef: z
      .strictObject({
        name: z.string().optional().describe('Name of the ConfigMap.'),
        optional: z.boolean().optional().describe('Whether the ConfigMap may be missing.'),
      })
      .meta({ id: `${P}.ConfigMapEnvSource`, description: 'Imports every key of a ConfigMap as an environment variable.' })
      .optional()
      .describe('The ConfigMap to import.'),
    secretRef: z
      .strictObject({
        name: z.string().optional().describe('Name of the Secret.'),
        optional: z.boolean().optional().describe('Whether the Secret may be missing.'),
      })
      .meta({ id: `${P}.SecretEnvSource`, description: 'Imports every key of a Secret as an environment variable.' })
      .optional()
      .describe('The Secret to import.'),
  })
  .meta({ id: `${P}.EnvFromSource`, description: 'A set of environment variables imported from a ConfigMap or Secret.' });

export const resourceRequirements = z
  .strictObject({
    limits: resourceList.optional().describe('Maximum amount of compute resources allowed.'),
    requests: resourceList
      .optional()
      .describe('Minimum amount of compute resources required; used for scheduling. Defaults to limits when omitted.'),
    claims: z
      .array(
        z
          .strictObject({
            name: z.string().describe('Name of an entry of pod.spec.resourceClaims.'),
            request: z.string().optional().describe('Name of one request in the claim.'),
          })
          .meta({ id: `${P}.ResourceClaim`, description: 'Reference to one pod resource claim.' }),
      )
      .optional()
      .describe('Dynamically allocated resources used by the container.'),
  })
  .meta({ id: `${P}.ResourceRequirements`, description: 'Compute resource requests and limits of a container.' });

const volumeMount = z
  .strictObject({
    name: z.string().describe('Name of the pod volume to mount.'),
    readOnly: z.boolean().optional().describe('Mount read-only when true.'),
    recursiveReadOnly: z.string().optional().describe('Disabled, IfPossible or Enabled: whether submounts are read-only too.'),
    mountPath: z.string().describe('Path inside the container to mount at; must not contain a colon.'),
    subPath: z.string().optional().describe('Sub-path of the volume to mount instead of its root.'),
    mountPropagation: z.string().optional().describe('How mounts propagate between host and container.'),
    subPathExpr: z.string().optional().describe('Like subPath, with $(VAR) expansion from the container environment.'),
  })
  .meta({ id: `${P}.VolumeMount`, description: 'Mounts a volume into a container.' });

const volumeDevice = z
  .strictObject({
    name: z.string().describe('Name of a persistentVolumeClaim volume of the pod.'),
    devicePath: z.string().describe('Path inside the container the device is mapped to.'),
  })
  .meta({ id: `${P}.VolumeDevice`, description: 'Maps a raw block volume into a container.' });

const httpHeader = z
  .strictObject({ name: z.string().describe('Header name.'), value: z.string().describe('Header value.') })
  .meta({ id: `${P}.HTTPHeader`, description: 'A custom header of an HTTP probe.' });

export const httpGetAction = z
  .strictObject({
    path: z.string().optional().describe('Path to request; defaults to /.'),
    port: intOrString.describe('Port number or name to connect to.'),
    host: z.string().optional().describe('Host to connect to; defaults to the pod IP.'),
    scheme: z.string().optional().describe('HTTP or HTTPS; defaults to HTTP.'),
    httpHeaders: z.array(httpHeader).optional().describe('Extra request headers.'),
  })
  .meta({ id: `${P}.HTTPGetAction`, description: 'An HTTP GET request used as a probe or hook.' });

const tcpSocketAction = z
  .strictObject({
    port: intOrString.describe('Port number or name to connect to.'),
    host: z.string().optional().describe('Host to connect to; defaults to the pod IP.'),
  })
  .meta({ id: `${P}.TCPSocketAction`, description: 'A TCP connection attempt used as a probe.' });

const execAction = z
  .strictObject({
    command: z.array(z.string()).optional().describe('Command line run inside the container, not in a shell; exit status 0 means healthy.'),
  })
  .meta({ id: `${P}.ExecAction`, description: 'A command executed in the container.' });

const grpcAction = z
  .strictObject({
    port: int32.describe('Port of the gRPC health service.'),
    service: z.string().optional().describe('Service name sent in the HealthCheckRequest.'),
  })
  .meta({ id: `${P}.GRPCAction`, description: 'A gRPC health check.' });

export const probe = z
  .strictObject({
    exec: execAction.optional().describe('Run a command.'),
    httpGet: httpGetAction.optional().describe('Send an HTTP GET.'),
    tcpSocket: tcpSocketAction.optional().describe('Open a TCP connection.'),
    grpc: grpcAction.optional().describe('Call the gRPC health service.'),
    initialDelaySeconds: int32.optional().describe('Seconds after container start before the first probe.'),
    timeoutSeconds: int32.optional().describe('Seconds after which one probe times out; defaults to 1.'),
    periodSeconds: int32.optional().describe('How often to probe, in seconds; defaults to 10.'),
    successThreshold: int32
      .optional()
      .describe('Consecutive successes needed after a failure; defaults to 1 (must be 1 for liveness and startup).'),
    failureThreshold: int32.optional().describe('Consecutive failures before giving up; defaults to 3.'),
    terminationGracePeriodSeconds: int64.optional().describe('Grace period used when a failed probe kills the container.'),
  })
  .meta({ id: `${P}.Probe`, description: 'A health check run against a container.' });

const lifecycleHandler = z
  .strictObject({
    exec: execAction.optional().describe('Run a command.'),
    httpGet: httpGetAction.optional().describe('Send an HTTP GET.'),
    tcpSocket: tcpSocketAction.optional().describe('Deprecated; accepted for compatibility.'),
    sleep: z
      .strictObject({ seconds: int64.describe('Seconds to sleep.') })
      .meta({ id: `${P}.SleepAction`, description: 'Sleeps for a while.' })
      .optional()
      .describe('Sleep.'),
  })
  .meta({ id: `${P}.LifecycleHandler`, description: 'An action run at a lifecycle hook.' });

const lifecycle = z
  .strictObject({
    postStart: lifecycleHandler.optional().describe('Runs right after the container is created.'),
    preStop: lifecycleHandler.optional().describe('Runs before the container is terminated.'),
  })
  .meta({ id: `${P}.Lifecycle`, description: 'Hooks run at container lifecycle events.' });

const seLinuxOptions = opaque('SELinux labels (user, role, type, level).');

const seccompProfile = z
  .strictObject({
    type: z.string().describe('RuntimeDefault, Unconfined or Localhost.'),
    localhostProfile: z.string().optional().describe('Profile file on the node, for type Localhost.'),
  })
  .meta({ id: `${P}.SeccompProfile`, description: 'The seccomp profile applied.' });

const appArmorProfile = z
  .strictObject({
    type: z.string().describe('RuntimeDefault, Unconfined or Localhost.'),
    localhostProfile: z.string().optional().describe('Profile loaded on the node, for type Localhost.'),
  })
  .meta({ id: `${P}.AppArmorProfile`, description: 'The AppArmor profile applied.' });

export const securityContext = z
  .strictObject({
    capabilities: z
      .strictObject({
        add: z.array(z.string()).optional().describe('Capabilities to add.'),
        drop: z.array(z.string()).optional().describe('Capabilities to drop.'),
      })
      .meta({ id: `${P}.Capabilities`, description: 'POSIX capabilities added to or dropped from the container.' })
      .optional()
      .describe('Capabilities to add and drop.'),
    privileged: z.boolean().optional().describe('Run as privileged, equivalent to root on the host.'),
    seLinuxOptions: seLinuxOptions.optional(),
    windowsOptions: opaque('Windows-specific settings.').optional(),
    runAsUser: int64.optional().describe('UID the entrypoint runs as.'),
    runAsGroup: int64.optional().describe('GID the entrypoint runs as.'),
    runAsNonRoot: z.boolean().optional().describe('Refuse to start when the image would run as UID 0.'),
    readOnlyRootFilesystem: z.boolean().optional().describe('Mount the root filesystem read-only.'),
    allowPrivilegeEscalation: z.boolean().optional().describe('Whether a process can gain more privileges than its parent.'),
    procMount: z.string().optional().describe('Default or Unmasked /proc mount.'),
    seccompProfile: seccompProfile.optional().describe('Seccomp profile of the container.'),
    appArmorProfile: appArmorProfile.optional().describe('AppArmor profile of the container.'),
  })
  .meta({ id: `${P}.SecurityContext`, description: 'Security settings of one container; they override the pod security context.' });

const containerFields = {
  name: z.string().describe('Name of the container, a DNS label unique within the pod.'),
  image: z.string().optional().describe('Container image reference.'),
  command: z.array(z.string()).optional().describe('Entrypoint array, replacing the image ENTRYPOINT; not run in a shell.'),
  args: z.array(z.string()).optional().describe('Arguments to the entrypoint, replacing the image CMD.'),
  workingDir: z.string().optional().describe('Working directory of the entrypoint.'),
  ports: z
    .array(containerPort)
    .optional()
    .describe('Ports exposed by the container; informational, but named ports can be targeted by services.'),
  envFrom: z.array(envFromSource).optional().describe('Sources to import environment variables from.'),
  env: z.array(envVar).optional().describe('Environment variables to set.'),
  resources: resourceRequirements.optional().describe('Compute resources required by the container.'),
  resizePolicy: z
    .array(
      z
        .strictObject({
          resourceName: z.string().describe('cpu or memory.'),
          restartPolicy: z.string().describe('NotRequired or RestartContainer.'),
        })
        .meta({ id: `${P}.ContainerResizePolicy`, description: 'How a resource can be resized in place.' }),
    )
    .optional()
    .describe('Resize policies per resource.'),
  restartPolicy: z.string().optional().describe('Only Always, for init containers that run as sidecars.'),
  volumeMounts: z.array(volumeMount).optional().describe('Volumes mounted into the container filesystem.'),
  volumeDevices: z.array(volumeDevice).optional().describe('Block devices used by the container.'),
  livenessProbe: probe.optional().describe('Restarts the container when it fails.'),
  readinessProbe: probe.optional().describe('Removes the pod from service endpoints while it fails.'),
  startupProbe: probe.optional().describe('Holds back the other probes until it succeeds.'),
  lifecycle: lifecycle.optional().describe('Actions run on container start and stop.'),
  terminationMessagePath: z.string().optional().describe('File the termination message is read from; defaults to /dev/termination-log.'),
  terminationMessagePolicy: z.string().optional().describe('File or FallbackToLogsOnError; defaults to File.'),
  imagePullPolicy: z
    .string()
    .optional()
    .describe('Always, Never or IfNotPresent; defaults to Always for :latest or untagged images, else IfNotPresent.'),
  securityContext: securityContext.optional().describe('Security options of the container.'),
  stdin: z.boolean().optional().describe('Allocate a stdin buffer for the container.'),
  stdinOnce: z.boolean().optional().describe('Close stdin after the first attach session ends.'),
  tty: z.boolean().optional().describe('Allocate a TTY (needs stdin).'),
};

export const container = z
  .strictObject(containerFields)
  .meta({ id: `${P}.Container`, description: 'A single application container run in a pod.' });

export const ephemeralContainer = z
  .strictObject({
    ...containerFields,
    targetContainerName: z.string().optional().describe('Container whose namespaces this ephemeral container joins.'),
  })
  .meta({ id: `${P}.EphemeralContainer`, description: 'A temporary container added to a running pod for debugging.' });

export const hostPathVolumeSource = z
  .strictObject({
    path: z.string().describe('Path on the host.'),
    type: z.string().optional().describe('Expected type of the path (DirectoryOrCreate, File, …); empty skips checks.'),
  })
  .meta({ id: `${P}.HostPathVolumeSource`, description: 'A directory or file of the host.' });

export const volume = z
  .strictObject({
    name: z.string().describe('Name of the volume, a DNS label unique within the pod.'),
    hostPath: hostPathVolumeSource.optional().describe('A path of the node filesystem.'),
    emptyDir: z
      .strictObject({
        medium: z.string().optional().describe('Storage medium: empty for the node default or Memory.'),
        sizeLimit: quantity.optional().describe('Maximum size of the volume.'),
      })
      .meta({ id: `${P}.EmptyDirVolumeSource`, description: 'A scratch directory that lives as long as the pod.' })
      .optional()
      .describe('A temporary directory sharing the pod lifetime.'),
    secret: z
      .strictObject({
        secretName: z.string().optional().describe('Name of the Secret.'),
        items: z.array(keyToPath).optional().describe('Keys to project; all keys when empty.'),
        defaultMode: int32.optional().describe('Default file mode bits; defaults to 0644.'),
        optional: z.boolean().optional().describe('Whether the Secret may be missing.'),
      })
      .meta({ id: `${P}.SecretVolumeSource`, description: 'Projects a Secret as files.' })
      .optional()
      .describe('A Secret as files.'),
    configMap: z
      .strictObject({
        name: z.string().optional().describe('Name of the ConfigMap.'),
        items: z.array(keyToPath).optional().describe('Keys to project; all keys when empty.'),
        defaultMode: int32.optional().describe('Default file mode bits; defaults to 0644.'),
        optional: z.boolean().optional().describe('Whether the ConfigMap may be missing.'),
      })
      .meta({ id: `${P}.ConfigMapVolumeSource`, description: 'Projects a ConfigMap as files.' })
      .optional()
      .describe('A ConfigMap as files.'),
    persistentVolumeClaim: z
      .strictObject({
        claimName: z.string().describe('Name of the claim in the pod namespace.'),
        readOnly: z.boolean().optional().describe('Mount read-only.'),
      })
      .meta({ id: `${P}.PersistentVolumeClaimVolumeSource`, description: 'References a PersistentVolumeClaim.' })
      .optional()
      .describe('A persistent volume claim.'),
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
  })
  .meta({ id: `${P}.Volume`, description: 'A named volume that containers of the pod can mount; exactly one source may be set.' });

export const toleration = z
  .strictObject({
    key: z.string().optional().describe('Taint key the toleration applies to; empty with Exists matches all taints.'),
    operator: z.string().optional().describe('Exists or Equal; defaults to Equal.'),
    value: z.string().optional().describe('Taint value to match with Equal.'),
    effect: z.string().optional().describe('Taint effect to match; empty matches all effects.'),
    tolerationSeconds: int64.optional().describe('For NoExecute: how long the pod stays bound after the taint appears.'),
  })
  .meta({ id: `${P}.Toleration`, description: 'Allows a pod onto nodes with a matching taint.' });

const podSecurityContext = z
  .strictObject({
    seLinuxOptions: seLinuxOptions.optional(),
    windowsOptions: opaque('Windows-specific settings.').optional(),
    runAsUser: int64.optional().describe('UID the container entrypoints run as.'),
    runAsGroup: int64.optional().describe('GID the container entrypoints run as.'),
    runAsNonRoot: z.boolean().optional().describe('Refuse to start containers that would run as UID 0.'),
    supplementalGroups: z.array(int64).optional().describe('Extra groups of the first process of each container.'),
    supplementalGroupsPolicy: z.string().optional().describe('Merge or Strict.'),
    fsGroup: int64.optional().describe('Group that owns supported volumes.'),
    sysctls: z
      .array(
        z
          .strictObject({ name: z.string().describe('Sysctl name.'), value: z.string().describe('Sysctl value.') })
          .meta({ id: `${P}.Sysctl`, description: 'A kernel parameter to set.' }),
      )
      .optional()
      .describe('Namespaced sysctls to set.'),
    fsGroupChangePolicy: z.string().optional().describe('OnRootMismatch or Always.'),
    seccompProfile: seccompProfile.optional().describe('Seccomp profile of the containers.'),
    appArmorProfile: appArmorProfile.optional().describe('AppArmor profile of the containers.'),
    seLinuxChangePolicy: z.string().optional().describe('How SELinux labels are applied to volumes.'),
  })
  .meta({ id: `${P}.PodSecurityContext`, description: 'Pod-level security attributes shared by all containers.' });

const topologySpreadConstraint = z
  .strictObject({
    maxSkew: int32.describe('Maximum permitted difference in matching pods between topology domains.'),
    topologyKey: z.string().describe('Node label key that defines the domains.'),
    whenUnsatisfiable: z.string().describe('DoNotSchedule or ScheduleAnyway.'),
    labelSelector: labelSelector.optional().describe('Selects the pods that are counted.'),
    minDomains: int32.optional().describe('Minimum number of eligible domains.'),
    nodeAffinityPolicy: z.string().optional().describe('Honor or Ignore the pod node affinity when counting.'),
    nodeTaintsPolicy: z.string().optional().describe('Honor or Ignore node taints when counting.'),
    matchLabelKeys: z.array(z.string()).optional().describe('Pod label keys whose values are added to the selector.'),
  })
  .meta({ id: `${P}.TopologySpreadConstraint`, description: 'How matching pods are spread over a topology.' });

export const podSpec = z
  .strictObject({
    volumes: z.array(volume).optional().describe('Volumes that containers of the pod can mount.'),
    initContainers: z.array(container).optional().describe('Containers run in order to completion before the app containers start.'),
    containers: z.array(container).describe('The application containers; at least one is required.'),
    ephemeralContainers: z.array(ephemeralContainer).optional().describe('Debug containers added to the running pod.'),
    restartPolicy: z.string().optional().describe('Always, OnFailure or Never; defaults to Always.'),
    terminationGracePeriodSeconds: int64.optional().describe('Seconds between the termination signal and a forced kill; defaults to 30.'),
    activeDeadlineSeconds: int64.optional().describe('Seconds the pod may be active before it is failed.'),
    dnsPolicy: z.string().optional().describe('ClusterFirst, ClusterFirstWithHostNet, Default or None; defaults to ClusterFirst.'),
    nodeSelector: stringMap.optional().describe('Labels a node must have for the pod to be scheduled onto it.'),
    serviceAccountName: z.string().optional().describe('Name of the ServiceAccount the pod runs as.'),
    serviceAccount: z.string().optional().describe('Deprecated alias of serviceAccountName.'),
    automountServiceAccountToken: z.boolean().optional().describe('Whether a service account token is mounted automatically.'),
    nodeName: z.string().optional().describe('The node the pod is bound to; set by the scheduler.'),
    hostNetwork: z.boolean().optional().describe('Use the node network namespace.'),
    hostPID: z.boolean().optional().describe('Use the node PID namespace.'),
    hostIPC: z.boolean().optional().describe('Use the node IPC namespace.'),
    shareProcessNamespace: z.boolean().optional().describe('Share one PID namespace among the containers.'),
    securityContext: podSecurityContext.optional().describe('Pod-level security attributes.'),
    imagePullSecrets: z.array(localObjectReference).optional().describe('Secrets used to pull the images.'),
    hostname: z.string().optional().describe('Hostname of the pod; defaults to the pod name.'),
    subdomain: z.string().optional().describe('Subdomain, giving the FQDN <hostname>.<subdomain>.<namespace>.svc.<cluster domain>.'),
    affinity: z
      .strictObject({
        nodeAffinity: opaque('Node affinity scheduling rules.').optional(),
        podAffinity: opaque('Rules co-locating the pod with other pods.').optional(),
        podAntiAffinity: opaque('Rules keeping the pod away from other pods.').optional(),
      })
      .meta({ id: `${P}.Affinity`, description: 'Affinity and anti-affinity scheduling constraints.' })
      .optional()
      .describe('Scheduling constraints.'),
    schedulerName: z.string().optional().describe('The scheduler that places the pod; defaults to default-scheduler.'),
    tolerations: z.array(toleration).optional().describe('Taints the pod tolerates.'),
    hostAliases: z
      .array(
        z
          .strictObject({
            ip: z.string().describe('IP address of the host file entry.'),
            hostnames: z.array(z.string()).optional().describe('Hostnames for the IP.'),
          })
          .meta({ id: `${P}.HostAlias`, description: 'An /etc/hosts entry.' }),
      )
      .optional()
      .describe('Extra /etc/hosts entries.'),
    priorityClassName: z.string().optional().describe('Name of the PriorityClass giving the pod its priority.'),
    priority: int32.optional().describe('Priority value, set from priorityClassName by admission.'),
    dnsConfig: z
      .strictObject({
        nameservers: z.array(z.string()).optional().describe('Extra DNS servers.'),
        searches: z.array(z.string()).optional().describe('Extra search domains.'),
        options: z
          .array(
            z
              .strictObject({
                name: z.string().optional().describe('Option name.'),
                value: z.string().optional().describe('Option value.'),
              })
              .meta({ id: `${P}.PodDNSConfigOption`, description: 'A resolver option.' }),
          )
          .optional()
          .describe('Resolver options.'),
      })
      .meta({ id: `${P}.PodDNSConfig`, description: 'DNS parameters of the pod beyond those of the DNS policy.' })
      .optional()
      .describe('Extra DNS configuration.'),
    readinessGates: z
      .array(
        z
          .strictObject({ conditionType: z.string().describe('A pod condition type that must be True for readiness.') })
          .meta({ id: `${P}.PodReadinessGate`, description: 'An extra condition for pod readiness.' }),
      )
      .optional()
      .describe('Extra conditions for readiness.'),
    runtimeClassName: z.string().optional().describe('RuntimeClass used to run the pod.'),
    enableServiceLinks: z.boolean().optional().describe('Inject environment variables describing services; defaults to true.'),
    preemptionPolicy: z.string().optional().describe('PreemptLowerPriority or Never.'),
    overhead: resourceList.optional().describe('Resource overhead of the pod sandbox.'),
    topologySpreadConstraints: z.array(topologySpreadConstraint).optional().describe('How the pods are spread over topology domains.'),
    setHostnameAsFQDN: z.boolean().optional().describe('Use the FQDN as the hostname.'),
    os: z
      .strictObject({ name: z.string().describe('linux or windows.') })
      .meta({ id: `${P}.PodOS`, description: 'Operating system of the pod.' })
      .optional()
      .describe('Operating system of the containers.'),
    hostUsers: z.boolean().optional().describe('Use the host user namespace; false enables user namespaces.'),
    schedulingGates: z
      .array(
        z
          .strictObject({ name: z.string().describe('Name of the gate.') })
          .meta({ id: `${P}.PodSchedulingGate`, description: 'A gate holding back scheduling.' }),
      )
      .optional()
      .describe('Gates that block scheduling while present.'),
    resourceClaims: z
      .array(
        z
          .strictObject({
            name: z.string().describe('Name of the claim within the pod.'),
            resourceClaimName: z.string().optional().describe('Existing ResourceClaim to use.'),
            resourceClaimTemplateName: z.string().optional().describe('Template to create a claim from.'),
          })
          .meta({ id: `${P}.PodResourceClaim`, description: 'A resource claim the pod uses.' }),
      )
      .optional()
      .describe('Dynamic resource claims.'),
    resources: resourceRequirements.optional().describe('Pod-level resource requirements.'),
  })
  .meta({ id: `${P}.PodSpec`, description: 'The desired behaviour of a pod.' });

export const podTemplateSpec = z
  .strictObject({
    metadata: objectMeta.optional().describe('Metadata of the pods created from the template.'),
    spec: podSpec.optional().describe('Specification of the pods created from the template.'),
  })
  .meta({ id: `${P}.PodTemplateSpec`, description: 'Describes the pods a controller creates.' });
