/** Pod (core/v1): containers scheduled together onto one node; starts Pending with its QoS class. */
import { z } from 'zod';
import { clone, deepEqual } from '../../meta.js';
import { int32, opaque, resourceList, time } from '../../schema/common.js';
import { arr, child, setIfEmpty } from '../../schema/defaulting.js';
import { ErrorList, root } from '../../schema/field-errors.js';
import { kindObject } from '../../schema/kind.js';
import { isObj, list } from '../../schema/meta-validation.js';
import { defaultPodSpec } from '../../schema/pod-spec-defaults.js';
import { validatePodSpec } from '../../schema/pod-spec-validation.js';
import { podSpec, resourceRequirements } from '../../schema/pod-spec.js';
import { defineKind, statusSubresource } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';


const containerState = z.strictObject({
  waiting: z.strictObject({
    reason: z.string().optional().describe('Why the container is not yet running.'),
    message: z.string().optional().describe('Details.'),
  }).meta({ id: `${P}.ContainerStateWaiting`, description: 'The container is waiting to start.' }).optional().describe('Waiting state.'),
  running: z.strictObject({ startedAt: time.optional().describe('When the container (re)started.') })
    .meta({ id: `${P}.ContainerStateRunning`, description: 'The container is running.' }).optional().describe('Running state.'),
  terminated: z.strictObject({
    exitCode: int32.describe('Exit status of the last termination.'),
    signal: int32.optional().describe('Signal of the last termination.'),
    reason: z.string().optional().describe('Brief reason of the termination.'),
    message: z.string().optional().describe('Details of the termination.'),
    startedAt: time.optional().describe('When the previous execution started.'),
    finishedAt: time.optional().describe('When the container terminated.'),
    containerID: z.string().optional().describe('Container ID, as <type>://<id>.'),
  }).meta({ id: `${P}.ContainerStateTerminated`, description: 'The container has terminated.' }).optional().describe('Terminated state.'),
}).meta({ id: `${P}.ContainerState`, description: 'The state of a container; at most one member is set.' });

const containerStatus = z.strictObject({
  name: z.string().describe('Name of the container.'),
  state: containerState.optional().describe('Current state.'),
  lastState: containerState.optional().describe('State of the previous termination.'),
  ready: z.boolean().optional().describe('Whether the container passes its readiness probe.'),
  restartCount: int32.optional().describe('Number of restarts.'),
  image: z.string().optional().describe('Image the container runs.'),
  imageID: z.string().optional().describe('Image ID of the running image.'),
  containerID: z.string().optional().describe('Container ID, as <type>://<id>.'),
  started: z.boolean().optional().describe('Whether the startup probe has passed.'),
  allocatedResources: resourceList.optional().describe('Resources allocated to the container.'),
  resources: resourceRequirements.optional().describe('Resources actually configured.'),
  volumeMounts: z.array(opaque('Status of one volume mount.')).optional().describe('Status of the volume mounts.'),
  user: opaque('Identities of the first process.').optional(),
  allocatedResourcesStatus: z.array(opaque('Health of allocated resources.')).optional().describe('Health of allocated resources.'),
}).meta({ id: `${P}.ContainerStatus`, description: 'Observed state of one container.' });

const podIP = z.strictObject({ ip: z.string().describe('An IP address.') }).meta({ id: `${P}.PodIP`, description: 'An IP address of the pod.' });

const hostIP = z.strictObject({ ip: z.string().describe('An IP address.') }).meta({ id: `${P}.HostIP`, description: 'An IP address of the host.' });

export const podStatus = z.strictObject({
  phase: z.string().optional().describe('Pending, Running, Succeeded, Failed or Unknown.'),
  conditions: z.array(z.strictObject({
    type: z.string().describe('PodScheduled, Initialized, ContainersReady, Ready, PodReadyToStartContainers, …'),
    status: z.string().describe('True, False or Unknown.'),
    lastProbeTime: time.nullable().optional().describe('When the condition was last probed.'),
    lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
    reason: z.string().optional().describe('CamelCase reason of the last transition.'),
    message: z.string().optional().describe('Human-readable details.'),
  }).meta({ id: `${P}.PodCondition`, description: 'One condition of a pod.' })).optional().describe('Current service state of the pod.'),
  message: z.string().optional().describe('Human-readable reason for the pod being in this state.'),
  reason: z.string().optional().describe('Brief CamelCase reason for the state, such as Evicted.'),
  nominatedNodeName: z.string().optional().describe('Node the pod may be placed on after preemption.'),
  hostIP: z.string().optional().describe('Primary IP of the node the pod runs on.'),
  hostIPs: z.array(hostIP).optional().describe('IPs of the node the pod runs on.'),
  podIP: z.string().optional().describe('Primary IP of the pod.'),
  podIPs: z.array(podIP).optional().describe('IPs of the pod.'),
  startTime: time.optional().describe('When the kubelet acknowledged the pod.'),
  initContainerStatuses: z.array(containerStatus).optional().describe('Status of the init containers.'),
  containerStatuses: z.array(containerStatus).optional().describe('Status of the app containers.'),
  qosClass: z.string().optional().describe('Guaranteed, Burstable or BestEffort.'),
  ephemeralContainerStatuses: z.array(containerStatus).optional().describe('Status of the ephemeral containers.'),
  resize: z.string().optional().describe('State of a requested in-place resize.'),
  resourceClaimStatuses: z.array(opaque('Status of one resource claim.')).optional().describe('Status of the resource claims.'),
}).meta({ id: `${P}.PodStatus`, description: 'Observed state of a pod.' });

export const pod = kindObject(P, 'Pod', {
  spec: podSpec.optional().describe('Desired behaviour of the pod.'),
  status: podStatus.optional().describe('Most recently observed status of the pod. Read-only.'),
}, 'A group of containers scheduled together onto one node.');

/** SetDefaults_Pod: requests from limits, service links, then the PodSpec defaults. Service account, priority and tolerations are admission's. */
export function defaultPod(pod: Obj): void {
  const spec = child(pod, 'spec');
  for (const key of ['containers', 'initContainers']) {
    for (const c of arr(spec[key])) {
      const res = isObj(c.resources) ? c.resources : (c.resources = {});
      if (isObj(res.limits)) {
        const requests = isObj(res.requests) ? res.requests : (res.requests = {});
        for (const [k, v] of Object.entries(res.limits)) if (!(k in requests)) requests[k] = v;
      }
    }
  }
  if (typeof spec.enableServiceLinks !== 'boolean') spec.enableServiceLinks = true;
  defaultPodSpec(spec);
  setIfEmpty(spec, 'preemptionPolicy', 'PreemptLowerPriority');
}

/** Fields of a pod that a PUT may change (ValidatePodUpdate's allow-list, simplified). */
function podSpecForUpdateCompare(spec: Obj): Obj {
  const copy: Obj = clone(spec);
  for (const key of ['containers', 'initContainers']) for (const c of list(copy[key])) if (isObj(c)) delete c.image;
  delete copy.activeDeadlineSeconds;
  delete copy.tolerations;
  delete copy.terminationGracePeriodSeconds;
  delete copy.schedulingGates;
  return copy;
}

export function validatePod(pod: Obj, old: Obj | undefined, errs: ErrorList): void {
  validatePodSpec(pod.spec, root('spec'), errs);
  if (old && isObj(old.spec) && isObj(pod.spec)) {
    if (!deepEqual(podSpecForUpdateCompare(pod.spec), podSpecForUpdateCompare(old.spec))) {
      errs.forbidden(root('spec'), 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)');
    }
  }
}

function qosClass(pod: Obj): string {
  const containers: Obj[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    if (Object.keys(requests).length || Object.keys(limits).length) any = true;
    for (const res of ['cpu', 'memory']) {
      if (limits[res] === undefined || String(requests[res]) !== String(limits[res])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export const podKind = defineKind({
  group: '', version: 'v1', kind: 'Pod', resource: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'],
  subresources: [
    statusSubresource,
    { name: 'binding', kind: 'Binding', verbs: ['create'] },
    { name: 'log', kind: 'Pod', verbs: ['get'] },
    { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
    { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
    { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
    { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
  ],
  schema: pod, protobuf: 'api.core.v1.Pod',
  default: defaultPod,
  validate: validatePod,
  fields: {
    'spec.nodeName': (p) => p.spec?.nodeName ?? '',
    'spec.restartPolicy': (p) => p.spec?.restartPolicy ?? '',
    'spec.schedulerName': (p) => p.spec?.schedulerName ?? '',
    'spec.serviceAccountName': (p) => p.spec?.serviceAccountName ?? '',
    'spec.hostNetwork': (p) => String(p.spec?.hostNetwork ?? false),
    'status.phase': (p) => p.status?.phase ?? '',
    'status.podIP': (p) => p.status?.podIP ?? '',
    'status.nominatedNodeName': (p) => p.status?.nominatedNodeName ?? '',
  },
  strategy: {
    returnDeletedObject: true,
    prepareForCreate(pod) { pod.status = { phase: 'Pending', qosClass: qosClass(pod) }; },
  },
});
