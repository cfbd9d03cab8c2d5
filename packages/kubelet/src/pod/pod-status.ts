/**
 * generatePodStatus: the API status of a pod from what the runtime and the probers know
 * (kubelet's generateAPIPodStatus + getPhase). Pure: the caller passes `now`.
 */
import {
  rfc3339,
  setCondition,
  milliCPU,
  bytes,
  type Condition,
  type Container,
  type ContainerState,
  type ContainerStateTerminated,
  type ContainerStatus,
  type Pod,
  type PodPhase,
  type PodStatus,
} from '@kemu/api';

/** What the status needs of a container instance. */
export interface InstanceView {
  id: string;
  state: 'created' | 'running' | 'exited';
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
}

export interface ContainerView {
  container: Container;
  current?: InstanceView;
  previous?: InstanceView;
  /** Why the container is not running right now (ErrImagePull, CrashLoopBackOff, …). */
  waiting?: { reason: string; message?: string };
  /** Carried over from a previous kubelet incarnation. */
  lastState?: ContainerState;
  /** A terminated state carried over from a previous incarnation with no instance now. */
  terminated?: ContainerStateTerminated;
  restartCount: number;
  ready: boolean;
  started: boolean;
  image: string;
  imageID: string;
}

export interface PodStatusInput {
  pod: Pod;
  hostIP: string;
  podIP?: string;
  startTime: number;
  sandboxReady: boolean;
  containers: ContainerView[];
  initContainers?: ContainerView[];
  /** Init containers that have not done their part yet (Initialized=False while any). */
  incompleteInit?: string[];
  /** An init container failed for good (restartPolicy Never): the pod fails. */
  initFailed?: boolean;
  now: number;
}

export function terminatedOf(i: InstanceView): ContainerStateTerminated {
  const t: ContainerStateTerminated = {
    exitCode: i.exitCode ?? 0,
    reason: i.reason ?? (i.exitCode ? 'Error' : 'Completed'),
    startedAt: rfc3339(i.startedAt ?? i.finishedAt ?? 0),
    finishedAt: rfc3339(i.finishedAt ?? 0),
    containerID: `kemu://${i.id}`,
  };
  if (i.message) t.message = i.message;
  return t;
}

function containerStatus(v: ContainerView): ContainerStatus {
  const cur = v.current;
  let state: ContainerState;
  let lastState: ContainerState = v.previous ? { terminated: terminatedOf(v.previous) } : (v.lastState ?? {});
  if (cur?.state === 'running') {
    state = { running: { startedAt: rfc3339(cur.startedAt ?? 0) } };
  } else if (cur?.state === 'exited' && v.waiting) {
    state = { waiting: { ...v.waiting } };
    lastState = { terminated: terminatedOf(cur) };
  } else if (cur?.state === 'exited') {
    state = { terminated: terminatedOf(cur) };
  } else if (v.terminated && !v.waiting) {
    state = { terminated: v.terminated };
  } else {
    state = { waiting: v.waiting ? { ...v.waiting } : { reason: 'ContainerCreating' } };
  }
  const cs: ContainerStatus = {
    name: v.container.name,
    state,
    lastState,
    ready: cur?.state === 'running' && v.ready,
    restartCount: v.restartCount,
    image: v.image,
    imageID: v.imageID,
    started: cur?.state === 'running' && v.started,
  };
  if (cur) cs.containerID = `kemu://${cur.id}`;
  else if (v.terminated?.containerID) cs.containerID = v.terminated.containerID;
  return cs;
}

/** kubelet's getPhase. */
export function podPhase(pod: Pod, statuses: ContainerStatus[]): PodPhase {
  const policy = pod.spec.restartPolicy ?? 'Always';
  let waiting = 0,
    running = 0,
    stopped = 0,
    succeeded = 0;
  for (const cs of statuses) {
    if (cs.state?.running) running++;
    else if (cs.state?.terminated) {
      stopped++;
      if (cs.state.terminated.exitCode === 0) succeeded++;
    } else if (cs.state?.waiting) {
      if (cs.lastState?.terminated) stopped++;
      else waiting++;
    } else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  if (policy === 'Always') return 'Running';
  if (succeeded === stopped) return 'Succeeded';
  return policy === 'OnFailure' ? 'Running' : 'Failed';
}

/** Guaranteed / Burstable / BestEffort from the containers' requests and limits. */
export function qosClass(pod: Pod): string {
  const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (req[r] !== undefined || lim[r] !== undefined) any = true;
      if (lim[r] === undefined) {
        guaranteed = false;
        continue;
      }
      const reqV = req[r] ?? lim[r];
      const same = r === 'cpu' ? milliCPU(reqV) === milliCPU(lim[r]) : bytes(reqV) === bytes(lim[r]);
      if (!same) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function generatePodStatus(input: PodStatusInput): PodStatus {
  const { pod, now } = input;
  const ts = rfc3339(now);
  const prev = pod.status ?? {};
  const statuses = input.containers.map(containerStatus);
  const initStatuses = (input.initContainers ?? []).map(containerStatus);
  const incomplete = input.incompleteInit ?? [];
  const prevPhase = prev.phase;
  const phase =
    prevPhase === 'Succeeded' || prevPhase === 'Failed'
      ? prevPhase
      : input.initFailed
        ? 'Failed'
        : incomplete.length
          ? 'Pending'
          : podPhase(pod, statuses);
  const cond = (type: string, ok: boolean, reason?: string, message?: string): Condition => {
    const c: Condition = { type, status: ok ? 'True' : 'False', lastProbeTime: null };
    if (!ok && reason) c.reason = reason;
    if (!ok && message) c.message = message;
    return c;
  };
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const readyMsg = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const allReady = unready.length === 0 && !terminal;
  let conditions = prev.conditions;
  conditions = setCondition(conditions, cond('PodReadyToStartContainers', input.sandboxReady && !terminal), ts);
  conditions = setCondition(
    conditions,
    cond(
      'Initialized',
      incomplete.length === 0,
      'ContainersNotInitialized',
      `containers with incomplete status: [${incomplete.join(' ')}]`,
    ),
    ts,
  );
  conditions = setCondition(conditions, cond('Ready', allReady, readyReason, readyMsg), ts);
  conditions = setCondition(conditions, cond('ContainersReady', allReady, readyReason, readyMsg), ts);
  if (!conditions.some((c) => c.type === 'PodScheduled')) conditions = setCondition(conditions, cond('PodScheduled', true), ts);
  const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
  conditions = [...conditions].sort((a, b) => rank(order, a.type) - rank(order, b.type));

  const status: PodStatus = {
    ...prev,
    phase,
    conditions,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    startTime: rfc3339(input.startTime),
    containerStatuses: statuses,
    initContainerStatuses: initStatuses.length ? initStatuses : undefined,
    qosClass: prev.qosClass ?? qosClass(pod),
  };
  if (input.podIP) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  return status;
}

function rank(order: string[], t: string): number {
  const i = order.indexOf(t);
  return i < 0 ? order.length : i;
}
