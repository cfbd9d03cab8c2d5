/**
 * PodSyncer: kubelet's syncPod / syncTerminatingPod for the simulated runtime. `sync(key)` is
 * level-triggered: it reads the pod from the lister and converges the runtime to it —
 * sandbox and IP, image pulls with ImagePullBackOff, container starts and restarts with
 * CrashLoopBackOff, liveness kills, graceful termination and the final delete — then posts
 * the pod's status. Calls for one key never overlap (PodWorkers).
 */
import {
  R,
  formatDuration,
  isConflict,
  isNotFound,
  rfc3339,
  type Clock,
  type Container,
  type ContainerState,
  type ContainerStateTerminated,
  type Pod,
  type Timings,
} from '@kemu/api';
import type { Client, EventRecorder, Lister } from '@kemu/client';
import type { Logger } from 'pino';
import type { ProberManager } from '../prober/prober-manager.js';
import { ContainerBackoff } from '../runtime/container-backoff.js';
import { ContainerStartError } from '../runtime/container.js';
import { resolveImage } from '../runtime/image-catalog.js';
import type { Sandbox, SimRuntime } from '../runtime/runtime.js';
import { containerEnv } from './container-env.js';
import type { IPAllocator } from './ip-allocator.js';
import { admitPodCount, rejectedStatus } from './pod-admission.js';
import { generatePodStatus, type ContainerView } from './pod-status.js';
import type { StatusManager } from './status-manager.js';

export interface PodSyncerDeps {
  nodeName: string;
  nodeIP: string;
  client: Client;
  pods: Lister<Pod>;
  runtime: SimRuntime;
  ips: IPAllocator;
  prober: ProberManager;
  status: StatusManager;
  recorder: EventRecorder;
  clock: Clock;
  timings: Timings;
  log: Logger;
  /** Asks for another sync of key after ms. */
  requeue(key: string, ms: number): void;
  /** Pods this node runs at once (`--max-pods`); more are rejected OutOfpods. Default 110. */
  maxPods?: number;
}

interface Seed {
  restartCount: number;
  /** The container ran in a previous incarnation, so its next start is a restart. */
  ranBefore: boolean;
  lastState?: ContainerState;
  terminated?: ContainerStateTerminated;
}

/** What the kubelet remembers about a pod between syncs. */
interface PodRecord {
  uid: string;
  key: string;
  startTime: number;
  /** Why a container is not running (ErrImagePull, ImagePullBackOff, CrashLoopBackOff, CreateContainerError…). */
  waiting: Map<string, { reason: string; message?: string }>;
  pullFailure: Map<string, { at: number; message: string }>;
  starts: Map<string, number>;
  seeds: Map<string, Seed>;
  /** container name → finishedAt of the exit a BackOff event was already recorded for */
  backoffNoted: Map<string, number>;
}

export class PodSyncer {
  private readonly records = new Map<string, PodRecord>();
  private readonly crashBackoff: ContainerBackoff;
  private readonly pullBackoff: ContainerBackoff;

  constructor(private readonly d: PodSyncerDeps) {
    this.crashBackoff = new ContainerBackoff(d.clock, d.timings.backoffInitialMs, d.timings.backoffMaxMs);
    this.pullBackoff = new ContainerBackoff(d.clock, d.timings.backoffInitialMs, d.timings.backoffMaxMs);
  }

  /** The key of the pod with this uid, if the kubelet knows it. */
  keyOf(uid: string): string | undefined {
    for (const r of this.records.values()) if (r.uid === uid) return r.key;
    return undefined;
  }

  /** Waiting reason of a container (the kubelet API uses it for "waiting to start" answers). */
  waitingReason(uid: string, container: string): string | undefined {
    for (const r of this.records.values()) if (r.uid === uid) return r.waiting.get(container)?.reason;
    return undefined;
  }

  async sync(key: string): Promise<void> {
    const pod = this.d.pods.get(key);
    const rec = this.records.get(key);
    if (rec && (!pod || pod.metadata.uid !== rec.uid)) await this.teardown(rec);
    if (!pod || pod.spec.nodeName !== this.d.nodeName) return;
    if (pod.metadata.deletionTimestamp) {
      await this.terminate(pod);
      return;
    }
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
      this.d.prober.removePod(pod.metadata.uid!);
      this.d.ips.release(pod.metadata.uid!);
      return;
    }
    if (!this.records.has(key)) {
      // Counting and recording happen in one turn of the event loop, so two pods never share a slot.
      const verdict = admitPodCount(this.activePods(), this.d.maxPods ?? 110);
      if (!verdict.admit) {
        await this.reject(pod, verdict.reason, verdict.message);
        return;
      }
    }
    await this.syncRunning(pod, this.record(pod));
  }

  /** Pods admitted here that have not reached Succeeded or Failed. */
  private activePods(): number {
    let active = 0;
    for (const r of this.records.values()) {
      const p = this.d.pods.get(r.key);
      if (p && p.metadata.uid === r.uid && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') active++;
    }
    return active;
  }

  /** kubelet's rejectPod: a Warning event and the Failed status; the pod is never started. */
  private async reject(pod: Pod, reason: string, message: string): Promise<void> {
    this.d.log.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, reason }, 'pod rejected at admission');
    this.d.recorder.event(pod, 'Warning', reason, message);
    await this.d.status.setStatus(pod, rejectedStatus(pod.status, reason, message));
  }

  private record(pod: Pod): PodRecord {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    let rec = this.records.get(key);
    if (rec) return rec;
    const now = this.d.clock.now();
    const started = pod.status?.startTime ? Date.parse(pod.status.startTime) : NaN;
    rec = {
      uid: pod.metadata.uid!,
      key,
      startTime: Number.isFinite(started) ? started : now,
      waiting: new Map(),
      pullFailure: new Map(),
      starts: new Map(),
      seeds: new Map(),
      backoffNoted: new Map(),
    };
    // Containers of a previous kubelet incarnation died with its process: their next start is a restart.
    for (const cs of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      const ranBefore = !!(cs.state?.running || cs.state?.terminated || cs.lastState?.terminated);
      if (!ranBefore) continue;
      rec.seeds.set(cs.name, {
        restartCount: cs.restartCount ?? 0,
        ranBefore,
        lastState: cs.state?.running
          ? {
              terminated: {
                exitCode: 255,
                reason: 'Unknown',
                startedAt: cs.state.running.startedAt,
                finishedAt: rfc3339(now),
                containerID: cs.containerID,
              },
            }
          : cs.lastState,
        terminated: cs.state?.terminated,
      });
    }
    this.records.set(key, rec);
    return rec;
  }

  private async syncRunning(pod: Pod, rec: PodRecord): Promise<void> {
    const uid = pod.metadata.uid!;
    let sb = this.d.runtime.sandbox(uid);
    if (!sb) {
      const ip = pod.spec.hostNetwork ? this.d.nodeIP : this.d.ips.allocate(uid, pod.status?.podIP);
      sb = this.d.runtime.runSandbox(
        { uid, namespace: pod.metadata.namespace!, name: pod.metadata.name!, hostname: pod.spec.hostname ?? pod.metadata.name! },
        ip,
      );
    }
    let current = (await this.postStatus(pod, rec, sb)) ?? pod;
    // Init containers run one at a time, in order, each to success (sidecars — restartPolicy
    // Always — only to a start) before the app containers start.
    let initialized = true;
    for (const c of pod.spec.initContainers ?? []) {
      if (this.initDone(rec, sb, c)) continue;
      initialized = false;
      await this.syncContainer(current, rec, sb, c, isSidecar(c) ? 'Always' : initRestartPolicy(pod));
      break;
    }
    if (initialized) {
      for (const c of pod.spec.initContainers ?? []) if (isSidecar(c)) await this.syncContainer(current, rec, sb, c, 'Always');
      for (const c of pod.spec.containers) await this.syncContainer(current, rec, sb, c, pod.spec.restartPolicy);
    }
    current = (await this.postStatus(current, rec, sb)) ?? current;
  }

  /** An init container has done its part: exited 0 (a sidecar: started). */
  private initDone(rec: PodRecord, sb: Sandbox | undefined, c: Container): boolean {
    const cur = sb?.containers.get(c.name)?.current;
    if (isSidecar(c)) return cur !== undefined || !!rec.seeds.get(c.name)?.ranBefore;
    if (cur) return cur.state === 'exited' && cur.exitCode === 0;
    return rec.seeds.get(c.name)?.terminated?.exitCode === 0;
  }

  private async syncContainer(pod: Pod, rec: PodRecord, sb: Sandbox, c: Container, policy: string | undefined): Promise<void> {
    const slot = sb.containers.get(c.name);
    const cur = slot?.current;
    if (cur?.state === 'running') {
      const changed = cur.specImage !== c.image;
      const failed = changed ? undefined : this.d.prober.failed(cur);
      if (!changed && !failed) return;
      this.d.recorder.event(
        pod,
        'Normal',
        'Killing',
        changed
          ? `Container ${c.name} definition changed, will be restarted`
          : `Container ${c.name} failed ${failed} probe, will be restarted`,
      );
      this.d.prober.remove(cur);
      await cur.stop(this.graceMs(pod));
    }
    const seed = rec.seeds.get(c.name);
    const exited =
      cur?.state === 'exited'
        ? { code: cur.exitCode ?? 0, at: cur.finishedAt ?? 0 }
        : !cur && seed?.terminated
          ? { code: seed.terminated.exitCode, at: Date.parse(seed.terminated.finishedAt ?? '') || 0 }
          : undefined;
    if (exited) {
      if (cur) this.d.prober.remove(cur);
      if (!shouldRestart(policy, exited.code)) {
        rec.waiting.delete(c.name);
        return;
      }
      // Keyed by image too, like kubelet's container hash: a changed spec restarts at once.
      const bkey = `${rec.uid}/${c.name}/${c.image}`;
      const left = this.crashBackoff.remaining(bkey, exited.at);
      if (left > 0) {
        const who = `${pod.metadata.name}_${pod.metadata.namespace}(${rec.uid})`;
        rec.waiting.set(c.name, {
          reason: 'CrashLoopBackOff',
          message: `back-off ${formatDuration(this.crashBackoff.get(bkey))} restarting failed container=${c.name} pod=${who}`,
        });
        if (rec.backoffNoted.get(c.name) !== exited.at) {
          rec.backoffNoted.set(c.name, exited.at);
          this.d.recorder.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${who}`);
        }
        this.d.requeue(rec.key, left);
        return;
      }
      this.crashBackoff.next(bkey);
    }
    await this.startContainer(pod, rec, sb, c);
  }

  private async startContainer(pod: Pod, rec: PodRecord, sb: Sandbox, c: Container): Promise<void> {
    const { recorder, runtime, clock } = this.d;
    const image = c.image ?? '';
    const res = resolveImage(c.image, runtime.catalog);
    if (!res.found && res.reason === 'InvalidImageName') {
      rec.waiting.set(c.name, { reason: 'InvalidImageName', message: res.message });
      recorder.event(pod, 'Warning', 'InspectFailed', res.message);
      recorder.event(pod, 'Warning', 'Failed', 'Error: InvalidImageName');
      return;
    }
    const present = res.found && runtime.hasImage(res.name);
    const policy = c.imagePullPolicy ?? (res.ref?.tag === 'latest' ? 'Always' : 'IfNotPresent');
    if (policy === 'Never' && !present) {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      rec.waiting.set(c.name, { reason: 'ErrImageNeverPull', message });
      recorder.event(pod, 'Warning', 'ErrImageNeverPull', message);
      return;
    }
    if (policy === 'Always' || !present) {
      const pkey = `${rec.uid}/${image}`;
      const failure = rec.pullFailure.get(c.name);
      if (failure) {
        const left = this.pullBackoff.remaining(pkey, failure.at);
        if (left > 0) {
          if (rec.waiting.get(c.name)?.reason !== 'ImagePullBackOff') {
            rec.waiting.set(c.name, {
              reason: 'ImagePullBackOff',
              message: `Back-off pulling image "${image}": ErrImagePull: ${failure.message}`,
            });
            recorder.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`);
            recorder.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
          }
          this.d.requeue(rec.key, left);
          return;
        }
      }
      recorder.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`);
      let ms: number;
      try {
        ms = await runtime.pullImage(res);
      } catch (err) {
        const message = (err as Error).message;
        rec.pullFailure.set(c.name, { at: clock.now(), message });
        this.pullBackoff.next(pkey);
        rec.waiting.set(c.name, { reason: 'ErrImagePull', message });
        recorder.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${message}`);
        recorder.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
        this.d.requeue(rec.key, Math.min(1000, this.pullBackoff.get(pkey) / 2));
        return;
      }
      rec.pullFailure.delete(c.name);
      this.pullBackoff.reset(pkey);
      const size = res.found ? res.record.sizeBytes : 0;
      recorder.event(
        pod,
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${formatDuration(ms)} (${formatDuration(ms)} including waiting). Image size: ${size} bytes.`,
      );
    } else {
      recorder.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`);
    }
    if (!res.found) return;
    const env = containerEnv(pod, c, sb.ip, this.d.nodeIP, this.d.nodeName);
    let inst;
    try {
      inst = await runtime.startContainer(sb, c, res.record, env);
    } catch (err) {
      if (!(err instanceof ContainerStartError)) throw err;
      const bkey = `${rec.uid}/${c.name}/${c.image}`;
      this.crashBackoff.next(bkey);
      rec.waiting.set(c.name, { reason: 'CreateContainerError', message: err.message });
      recorder.event(pod, 'Warning', 'Failed', `Error: ${err.message}`);
      this.d.requeue(rec.key, this.crashBackoff.get(bkey));
      return;
    }
    rec.starts.set(c.name, (rec.starts.get(c.name) ?? 0) + 1);
    rec.waiting.delete(c.name);
    recorder.event(pod, 'Normal', 'Created', `Created container: ${c.name}`);
    recorder.event(pod, 'Normal', 'Started', `Started container ${c.name}`);
    this.d.prober.add(pod, c, inst, sb.ip);
  }

  private restartCount(rec: PodRecord, name: string): number {
    const starts = rec.starts.get(name) ?? 0;
    const seed = rec.seeds.get(name);
    if (!seed) return Math.max(0, starts - 1);
    return seed.restartCount + (seed.ranBefore ? starts : Math.max(0, starts - 1));
  }

  private views(containers: Container[], rec: PodRecord, sb: Sandbox | undefined, initialized: boolean): ContainerView[] {
    return containers.map((c) => {
      const slot = sb?.containers.get(c.name);
      const cur = slot?.current;
      // The image of the instance that runs (it may predate a spec change), else the spec's.
      const res = resolveImage(cur?.specImage ?? c.image, this.d.runtime.catalog);
      const seed = rec.seeds.get(c.name);
      const running = cur?.state === 'running';
      const started = running ? this.d.prober.started(cur) : false;
      return {
        container: c,
        current: cur,
        previous: slot?.previous,
        waiting: rec.waiting.get(c.name) ?? (initialized ? undefined : { reason: 'PodInitializing' }),
        lastState: seed?.lastState,
        terminated: cur ? undefined : seed?.terminated,
        restartCount: this.restartCount(rec, c.name),
        ready: running && started && (this.d.prober.ready(cur) ?? cur.appReady()),
        started,
        image: res.found ? res.name : (cur?.specImage ?? c.image ?? ''),
        imageID: res.found && (cur || this.d.runtime.hasImage(res.name)) ? res.imageID : '',
      };
    });
  }

  private async postStatus(pod: Pod, rec: PodRecord, sb: Sandbox | undefined): Promise<Pod | undefined> {
    const inits = pod.spec.initContainers ?? [];
    const incomplete = inits.filter((c) => !this.initDone(rec, sb, c)).map((c) => c.name);
    const initFailed =
      initRestartPolicy(pod) === 'Never' &&
      inits.some((c) => {
        const cur = sb?.containers.get(c.name)?.current;
        return !isSidecar(c) && cur?.state === 'exited' && cur.exitCode !== 0;
      });
    const status = generatePodStatus({
      pod,
      hostIP: this.d.nodeIP,
      podIP: sb?.ip,
      startTime: rec.startTime,
      sandboxReady: !!sb,
      initContainers: this.views(inits, rec, sb, true),
      incompleteInit: incomplete,
      initFailed,
      containers: this.views(pod.spec.containers, rec, sb, incomplete.length === 0),
      now: this.d.clock.now(),
    });
    return this.d.status.setStatus(pod, status);
  }

  private graceMs(pod: Pod): number {
    const s =
      pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? this.d.timings.terminationGracePeriodSeconds;
    return Math.max(0, s) * 1000;
  }

  /** Graceful deletion: stop the containers, then delete the pod for good (grace 0, uid precondition). */
  private async terminate(pod: Pod): Promise<void> {
    const uid = pod.metadata.uid!;
    const sb = this.d.runtime.sandbox(uid);
    for (const [name, slot] of sb?.containers ?? []) {
      if (slot.current?.state === 'running') this.d.recorder.event(pod, 'Normal', 'Killing', `Stopping container ${name}`);
    }
    this.d.prober.removePod(uid);
    await this.d.runtime.removeSandbox(uid, this.graceMs(pod));
    this.forgetPod(uid);
    try {
      await this.d.client.delete(R.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid } });
      this.d.log.debug({ pod: `${pod.metadata.namespace}/${pod.metadata.name}` }, 'pod terminated and deleted');
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  /** A pod that vanished from the API (or was replaced by a namesake): stop everything. */
  private async teardown(rec: PodRecord): Promise<void> {
    this.d.prober.removePod(rec.uid);
    await this.d.runtime.removeSandbox(rec.uid, 0);
    this.forgetPod(rec.uid);
  }

  private forgetPod(uid: string): void {
    this.d.ips.release(uid);
    this.d.status.forget(uid);
    this.crashBackoff.resetPrefix(`${uid}/`);
    this.pullBackoff.resetPrefix(`${uid}/`);
    for (const [k, r] of this.records) if (r.uid === uid) this.records.delete(k);
  }

  /** Keys of the pods the kubelet currently tracks. */
  trackedKeys(): string[] {
    return [...this.records.keys()];
  }
}

/** Init containers restart on failure unless the pod never restarts. */
function initRestartPolicy(pod: Pod): string {
  return pod.spec.restartPolicy === 'Never' ? 'Never' : 'OnFailure';
}

function isSidecar(c: Container): boolean {
  return (c as { restartPolicy?: string }).restartPolicy === 'Always';
}

export function shouldRestart(policy: string | undefined, exitCode: number): boolean {
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return exitCode !== 0;
  return true;
}
