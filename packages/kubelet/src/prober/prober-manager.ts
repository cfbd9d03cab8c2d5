/**
 * Runs the startup, readiness and liveness probes of every running container instance, as
 * kubelet's prober manager: one worker per (instance, probe type) on the injected clock.
 * Results are read by the pod worker; every flip calls `onChange(podUid)`.
 *
 * Semantics: readiness starts false, liveness true, startup false; a result flips after
 * successThreshold consecutive successes / failureThreshold consecutive failures. Until the
 * startup probe succeeds no other probe runs. Each failed probe records an Unhealthy event.
 */
import type { Clock, Container, Pod, Probe } from '@kemu/api';
import type { EventRecorder } from '@kemu/client';
import type { ContainerInstance } from '../runtime/container.js';
import { runProbe } from './probe.js';

export type ProbeType = 'startup' | 'readiness' | 'liveness';

interface Worker {
  type: ProbeType;
  probe: Probe;
  result: boolean;
  successes: number;
  failures: number;
  cancel?: () => void;
  stopped: boolean;
}

interface Entry {
  uid: string;
  inst: ContainerInstance;
  workers: Map<ProbeType, Worker>;
}

export interface ProberManagerOptions {
  clock: Clock;
  recorder: EventRecorder;
  onChange: (uid: string) => void;
}

const LABEL: Record<ProbeType, string> = { startup: 'Startup', readiness: 'Readiness', liveness: 'Liveness' };

export class ProberManager {
  /** by container instance id */
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly opts: ProberManagerOptions) {}

  /** Starts the probes of a freshly started instance. */
  add(pod: Pod, container: Container, inst: ContainerInstance, podIP: string): void {
    const entry: Entry = { uid: pod.metadata.uid!, inst, workers: new Map() };
    this.entries.set(inst.id, entry);
    const specs: [ProbeType, Probe | undefined][] = [
      ['startup', container.startupProbe],
      ['readiness', container.readinessProbe],
      ['liveness', container.livenessProbe],
    ];
    for (const [type, probe] of specs) {
      if (!probe) continue;
      const w: Worker = { type, probe, result: type === 'liveness', successes: 0, failures: 0, stopped: false };
      entry.workers.set(type, w);
      const tick = async () => {
        if (w.stopped || inst.state !== 'running') return;
        const startup = entry.workers.get('startup');
        if (type === 'startup' ? w.result : startup && !startup.result) {
          schedule();
          return;
        }
        const r = await runProbe(probe, podIP, container);
        if (w.stopped || inst.state !== 'running') return;
        this.record(pod, entry, w, r.ok, r.output);
        schedule();
      };
      const schedule = (ms = Math.max(1, probe.periodSeconds ?? 10) * 1000) => {
        if (!w.stopped)
          w.cancel = this.opts.clock.setTimeout(() => {
            void tick();
          }, ms);
      };
      schedule(Math.max(0, probe.initialDelaySeconds ?? 0) * 1000);
    }
  }

  private record(pod: Pod, entry: Entry, w: Worker, ok: boolean, output: string): void {
    const before = w.result;
    if (ok) {
      w.failures = 0;
      w.successes++;
      const need = w.type === 'readiness' ? Math.max(1, w.probe.successThreshold ?? 1) : 1;
      if (w.successes >= need) w.result = true;
    } else {
      w.successes = 0;
      w.failures++;
      this.opts.recorder.event(pod, 'Warning', 'Unhealthy', `${LABEL[w.type]} probe failed: ${output}`);
      if (w.failures >= Math.max(1, w.probe.failureThreshold ?? 3)) {
        w.result = false;
        if (w.type === 'startup') {
          w.stopped = true;
          this.startupFailed.add(entry.inst.id);
        }
      }
    }
    if (before !== w.result || this.startupFailed.has(entry.inst.id)) this.opts.onChange(entry.uid);
  }

  private readonly startupFailed = new Set<string>();

  /** Readiness of an instance: the probe's result, or undefined when it has no readiness probe. */
  ready(inst: ContainerInstance): boolean | undefined {
    const w = this.entries.get(inst.id)?.workers.get('readiness');
    return w ? w.result : undefined;
  }

  /** Whether the startup probe passed (true when there is none). */
  started(inst: ContainerInstance): boolean {
    const w = this.entries.get(inst.id)?.workers.get('startup');
    return w ? w.result : true;
  }

  /** The probe type that demands a restart (liveness or startup failure), if any. */
  failed(inst: ContainerInstance): ProbeType | undefined {
    if (this.startupFailed.has(inst.id)) return 'startup';
    const w = this.entries.get(inst.id)?.workers.get('liveness');
    return w && !w.result ? 'liveness' : undefined;
  }

  remove(inst: ContainerInstance): void {
    const e = this.entries.get(inst.id);
    if (!e) return;
    for (const w of e.workers.values()) {
      w.stopped = true;
      w.cancel?.();
    }
    this.entries.delete(inst.id);
    this.startupFailed.delete(inst.id);
  }

  removePod(uid: string): void {
    for (const e of [...this.entries.values()]) if (e.uid === uid) this.remove(e.inst);
  }

  close(): void {
    for (const e of [...this.entries.values()]) this.remove(e.inst);
  }
}
