/** Pod (core/v1): containers scheduled together onto one node; starts Pending with its QoS class. */
import { z } from 'zod';
import { clone, deepEqual, isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32, opaque, resourceList, time } from '../../schema/common.js';
import { arr, child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { kindObject } from '../../schema/kind.js';
import { list } from '../../schema/meta-validation.js';
import { defaultPodSpec } from '../../schema/pod-spec-defaults.js';
import { validatePodSpec } from '../../schema/pod-spec-validation.js';
import { podSpec, resourceRequirements } from '../../schema/pod-spec.js';
import { defineKind, statusSubresource, type FieldOf, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const containerState = z
  .strictObject({
    waiting: z
      .strictObject({
        reason: z.string().optional().describe('Why the container is not yet running.'),
        message: z.string().optional().describe('Details.'),
      })
      .meta({ id: `${P}.ContainerStateWaiting`, description: 'The container is waiting to start.' })
      .optional()
      .describe('Waiting state.'),
    running: z
      .strictObject({ startedAt: time.optional().describe('When the container (re)started.') })
      .meta({ id: `${P}.ContainerStateRunning`, description: 'The container is running.' })
      .optional()
      .describe('Running state.'),
    terminated: z
      .strictObject({
        exitCode: int32.describe('Exit status of the last termination.'),
        signal: int32.optional().describe('Signal of the last termination.'),
        reason: z.string().optional().describe('Brief reason of the termination.'),
        message: z.string().optional().describe('Details of the termination.'),
        startedAt: time.optional().describe('When the previous execution started.'),
        finishedAt: time.optional().describe('When the container terminated.'),
        containerID: z.string().optional().describe('Container ID, as <type>://<id>.'),
      })
      .meta({ id: `${P}.ContainerStateTerminated`, description: 'The container has terminated.' })
      .optional()
      .describe('Terminated state.'),
  })
  .meta({ id: `${P}.ContainerState`, description: 'The state of a container; at most one member is set.' });

export const containerStatus = z
  .strictObject({
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
  })
  .meta({ id: `${P}.ContainerStatus`, description: 'Observed state of one container.' });

const podIP = z
  .strictObject({ ip: z.string().describe('An IP address.') })
  .meta({ id: `${P}.PodIP`, description: 'An IP address of the pod.' });

const hostIP = z
  .strictObject({ ip: z.string().describe('An IP address.') })
  .meta({ id: `${P}.HostIP`, description: 'An IP address of the host.' });

export const podStatus = z
  .strictObject({
    phase: z.string().optional().describe('Pending, Running, Succeeded, Failed or Unknown.'),
    conditions: z
      .array(
        z
          .strictObject({
            type: z.string().describe('PodScheduled, Initialized, ContainersReady, Ready, PodReadyToStartContainers, …'),
            status: z.string().describe('True, False or Unknown.'),
            lastProbeTime: time.nullable().optional().describe('When the condition was last probed.'),
            lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
            reason: z.string().optional().describe('CamelCase reason of the last transition.'),
            message: z.string().optional().describe('Human-readable details.'),
          })
          .meta({ id: `${P}.PodCondition`, description: 'One condition of a pod.' }),
      )
      .optional()
      .describe('Current service state of the pod.'),
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
  })
  .meta({ id: `${P}.PodStatus`, description: 'Observed state of a pod.' });

export const pod = kindObject(
  P,
  'Pod',
  {
    spec: podSpec.optional().describe('Desired behaviour of the pod.'),
    status: podStatus.optional().describe('Most recently observed status of the pod. Read-only.'),
  },
  'A group of containers scheduled together onto one node.',
);

export type ContainerState = z.output<typeof containerState>;
export type ContainerStateWaiting = FieldOf<ContainerState, 'waiting'>;
export type ContainerStateRunning = FieldOf<ContainerState, 'running'>;
export type ContainerStateTerminated = FieldOf<ContainerState, 'terminated'>;
export type ContainerStatus = z.output<typeof containerStatus>;
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
export type PodStatus = z.output<typeof podStatus>;
export type Pod = StoredObject<z.output<typeof pod>, 'spec'>;

/** SetDefaults_Pod: requests from limits, service links, then the PodSpec defaults. Service account, priority and tolerations are admission's. */
export function defaultPod(pod: Obj): void {
  const spec = child(pod, 'spec');
  for (const key of ['containers', 'initContainers']) {
    for (const c of arr(spec[key])) {
      const res = isObject(c.resources) ? c.resources : (c.resources = {});
      if (isObject(res.limits)) {
        const requests = isObject(res.requests) ? res.requests : (res.requests = {});
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
  for (const key of ['containers', 'initContainers']) for (const c of list(copy[key])) if (isObject(c)) delete c.image;
  delete copy.activeDeadlineSeconds;
  delete copy.tolerations;
  delete copy.terminationGracePeriodSeconds;
  delete copy.schedulingGates;
  return copy;
}

export function validatePod(pod: Pod, old: Pod | undefined, errs: ErrorList): void {
  validatePodSpec(pod.spec, root('spec'), errs);
  if (old && isObject(old.spec) && isObject(pod.spec)) {
    if (!deepEqual(podSpecForUpdateCompare(pod.spec), podSpecForUpdateCompare(old.spec))) {
      errs.forbidden(
        root('spec'),
        'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      );
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

/** Pod columns and the STATUS/READY/RESTARTS logic of kubectl's pod printer. */

interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

function lastRestart(cs: ContainerStatus, current: number): number {
  const t = cs.lastState?.terminated?.finishedAt;
  const at = t ? Date.parse(t) : NaN;
  return Number.isNaN(at) ? current : Math.max(current, at);
}

function isRestartableInit(pod: Pod, name: string): boolean {
  return pod.spec?.initContainers?.find((c) => c.name === name)?.restartPolicy === 'Always';
}

function hasCondition(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

export function summarizePod(pod: Pod, now: number): PodSummary {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestartDate = 0;
  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  const scheduled = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
  if (scheduled?.reason === 'SchedulingGated') reason = 'SchedulingGated';

  for (const c of spec.initContainers ?? []) if (c.restartPolicy === 'Always') totalContainers++;

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    if ((cs.restartCount ?? 0) > 0) lastRestartDate = lastRestart(cs, lastRestartDate);
    const restartable = isRestartableInit(pod, cs.name);
    if (restartable) {
      restartableInitRestarts += cs.restartCount ?? 0;
      if (cs.started && cs.ready) readyContainers++;
    }
    const term = cs.state?.terminated;
    const wait = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && cs.started) continue;
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (wait?.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = restartableInitRestarts;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      if ((cs.restartCount ?? 0) > 0) lastRestartDate = lastRestart(cs, lastRestartDate);
      const term = cs.state?.terminated;
      const wait = cs.state?.waiting;
      if (wait?.reason) reason = wait.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp) reason = 'Terminating';

  let restartsText = String(restarts);
  if (lastRestartDate > 0) restartsText = `${restarts} (${age(new Date(lastRestartDate).toISOString(), now)} ago)`;
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsText };
}

export const podPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE_COLUMN,
    col('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { priority: 1 }),
    col('Node', 'NodeName is a request to schedule this pod onto a specific node.', { priority: 1 }),
    col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { priority: 1 }),
    col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  cells(pod: Pod, now) {
    const s = summarizePod(pod, now);
    const gates = pod.spec?.readinessGates as { conditionType: string }[] | undefined;
    let gatesText = '<none>';
    if (gates?.length) {
      const ok = gates.filter((g) => hasCondition(pod, g.conditionType)).length;
      gatesText = `${ok}/${gates.length}`;
    }
    return [
      pod.metadata.name ?? '',
      s.ready,
      s.status,
      s.restarts,
      age(pod.metadata.creationTimestamp, now),
      pod.status?.podIP || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      gatesText,
    ];
  },
};

export const podKind: KindDescriptor<Pod> = defineKind({
  group: '',
  version: 'v1',
  kind: 'Pod',
  resource: 'pods',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
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
  schema: pod,
  protobuf: 'api.core.v1.Pod',
  printer: podPrinter,
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
    prepareForCreate(pod) {
      pod.status = { phase: 'Pending', qosClass: qosClass(pod) };
    },
  },
});
