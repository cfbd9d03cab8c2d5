/**
 * `kemu supervise`: what the kubelet is to kubeadm's static pods. A process started by `kemu up`
 * (detached, so it outlives `kemu up --detach`; its pid in state.json) that starts again every
 * component that exits on its own — a crash, an OOM, a lost Lease — after the kubelet's back-off
 * (restart-backoff.ts), counting restarts and the last exit reason in state.json for
 * `kemu status`.
 *
 * - What `kemu kill`/`kemu stop` ended (its record says `stopped`) stays down until `kemu start`
 *   or `kemu restart`; a paused component is left alone.
 * - state.json is the desired state, read afresh every tick, so a pid the CLI set (`kemu restart`)
 *   is adopted at once; each write re-reads the file and changes one record (updateComponent).
 * - The exit of a process this supervisor started is known exactly; for one `kemu up` or the CLI
 *   started, the reason is read from the end of its log: runComponent logs its exit code last,
 *   and V8 prints "Reached heap limit" when it runs out of heap.
 * It ends when state.json goes (`kemu down`) or names another cluster, or on SIGTERM.
 */
import { readFileSync, existsSync } from 'node:fs';
import { realClock, type Clock } from '@kemu/api';
import { EXIT_LEADERSHIP_LOST } from '@kemu/client';
import type { ProcessState, StartedProcess } from './processes.js';
import { nextRestartDelay, restartBackoffFor, type RestartBackoff } from './restart-backoff.js';
import { readState, updateComponent, type ComponentRecord } from './state.js';

export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null };

/** What the supervisor does to processes (tests pass fakes). */
export interface SupervisorHost {
  state(rec: ComponentRecord): ProcessState;
  /** Starts the component's process; sets rec.pid and rec.startedAt. */
  launch(rec: ComponentRecord): StartedProcess;
  /** The end of the component's log since its last start (for the exit reason). */
  logTail(rec: ComponentRecord): string;
  log(fields: Record<string, unknown>, msg: string): void;
}

export interface SupervisorOptions {
  clock?: Clock;
  /** Default 250 ms. */
  intervalMs?: number;
}

/** One component as the supervisor follows it. */
interface Tracked {
  pid: number;
  /** The delay of the last restart (undefined: none yet). */
  delayMs?: number;
  /** Set when this supervisor started the process and it ended. */
  exit?: ProcessExit;
  /** This supervisor started the process: wait (a few ticks) for its exit status once it is dead. */
  ownChild?: boolean;
  ticksDead?: number;
  /** When the death was noticed and the restart is due. */
  restartAt?: number;
  /** A stopped component was reported once. */
  reportedStopped?: boolean;
}

const OOM = /Reached heap limit|JavaScript heap out of memory|Allocation failed - process out of memory/;

/** Why a component's process ended, from its exit (when known) and the end of its log. */
export function exitReason(exit: ProcessExit | undefined, logTail: string): string {
  if (OOM.test(logTail)) return 'OOM';
  const code = exit ? exit.code : lastExitCode(logTail);
  if (exit?.signal) return exit.signal;
  if (code === EXIT_LEADERSHIP_LOST) return 'lost leadership';
  if (code !== null && code !== undefined) return `exit code ${code}`;
  return 'exited';
}

function lastExitCode(logTail: string): number | undefined {
  const all = [...logTail.matchAll(/"exitCode":(\d+)/g)];
  return all.length ? Number(all[all.length - 1][1]) : undefined;
}

/** The lines of `log` after the last `# kemu: … starting:` line (startDetached writes one per start). */
export function logSinceLastStart(log: string, maxChars = 64 * 1024): string {
  if (!existsSync(log)) return '';
  const text = readFileSync(log, 'utf8');
  const tail = text.slice(-maxChars);
  const i = tail.lastIndexOf('# kemu: ');
  return i < 0 ? tail : tail.slice(i);
}

export class ComponentSupervisor {
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly backoff: RestartBackoff;
  private readonly tracked = new Map<string, Tracked>();

  /** Supervises the cluster recorded in `home` now (its createdAt). */
  constructor(
    private readonly home: string,
    private readonly createdAt: string,
    profile: string,
    private readonly host: SupervisorHost,
    opts: SupervisorOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.intervalMs = opts.intervalMs ?? 250;
    this.backoff = restartBackoffFor(profile);
  }

  /** Ticks until `signal` aborts or the cluster is gone. */
  async run(signal: AbortSignal): Promise<void> {
    this.host.log({ backoff: this.backoff }, 'Supervising');
    while (!signal.aborted && this.safeTick()) await this.clock.sleep(this.intervalMs, signal);
    this.host.log({}, 'Stopped supervising');
  }

  /** A tick whose failure (say, an unreadable state.json) is logged and retried, never fatal. */
  private safeTick(): boolean {
    try {
      return this.tick();
    } catch (err) {
      this.host.log({ err: (err as Error).message }, 'Supervision pass failed; trying again');
      return true;
    }
  }

  /** One pass over the components; false once the cluster is gone. */
  tick(): boolean {
    const state = readState(this.home);
    if (!state || state.createdAt !== this.createdAt) return false;
    const now = this.clock.now();
    for (const rec of state.components) {
      if (!rec.pid) continue;
      let t = this.tracked.get(rec.name);
      if (!t || t.pid !== rec.pid) {
        // A process started since (by us or by the CLI): follow it, keeping the back-off.
        t = { pid: rec.pid, delayMs: t?.delayMs };
        this.tracked.set(rec.name, t);
      }
      if (rec.stopped) {
        if (!t.reportedStopped) this.host.log({ component: rec.name, pid: rec.pid }, 'Left down: stopped by kemu kill/stop');
        t.reportedStopped = true;
        t.restartAt = undefined;
        continue;
      }
      t.reportedStopped = false;
      if (t.restartAt === undefined) {
        if (this.host.state(rec) !== 'dead') continue;
        if (t.ownChild && !t.exit && (t.ticksDead = (t.ticksDead ?? 0) + 1) < 4) continue;
        const ranMs = now - Date.parse(rec.startedAt);
        t.delayMs = nextRestartDelay(this.backoff, t.delayMs, Number.isFinite(ranMs) ? ranMs : 0);
        t.restartAt = now + t.delayMs;
        const reason = exitReason(t.exit, this.host.logTail(rec));
        updateComponent(this.home, rec.name, (r) => {
          if (r.pid === rec.pid) r.lastExit = reason;
        });
        this.host.log({ component: rec.name, pid: rec.pid, reason, restartInMs: t.delayMs }, 'Exited; starting again after a back-off');
        continue;
      }
      if (now < t.restartAt) continue;
      this.restart(rec, t);
    }
    return true;
  }

  private restart(rec: ComponentRecord, t: Tracked): void {
    let started: StartedProcess | undefined;
    try {
      updateComponent(this.home, rec.name, (r) => {
        if (r.pid !== rec.pid || r.stopped) return;
        started = this.host.launch(r);
        r.restarts = (r.restarts ?? 0) + 1;
      });
    } catch (err) {
      // Could not even start (e.g. the entry script went away): try again after the next back-off.
      this.host.log({ component: rec.name, err: (err as Error).message }, 'Could not start again');
      t.delayMs = nextRestartDelay(this.backoff, t.delayMs, 0);
      t.restartAt = this.clock.now() + t.delayMs;
      return;
    }
    if (!started) return;
    const s = started;
    const next: Tracked = { pid: s.pid, delayMs: t.delayMs, ownChild: true };
    this.tracked.set(rec.name, next);
    void s.exited.then((e) => {
      next.exit = e;
    });
    this.host.log({ component: rec.name, pid: s.pid }, 'Started again');
  }
}
