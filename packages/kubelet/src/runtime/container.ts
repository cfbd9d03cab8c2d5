/**
 * One instance (attempt) of a simulated container: the app's servers REALLY listen on
 * podIP:port inside this process, its output goes to a LogBuffer, its exit is a timer or the
 * app's own `run`. An instance never restarts; the pod worker starts a new one.
 */
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { bytes, type Clock, type Container } from '@kemu/api';
import { APPS, type App, type AppContext } from './apps.js';
import { behaviourFromEnv, type Behaviour } from './behaviour.js';
import type { ImageRecord } from './image-catalog.js';
import { LogBuffer } from './log-buffer.js';
import { DEFAULT_CONTAINER_MEMORY_LIMIT, MemoryAccount, OutOfMemoryError, processMemoryPool, type MemoryPool } from './memory-account.js';
import { containerFiles, type ShellEnv } from './shell.js';

export interface ContainerInstanceOptions {
  id: string;
  pod: { name: string; namespace: string; uid: string; hostname: string };
  nodeName: string;
  podIP: string;
  container: Container;
  /** Resolved environment (spec env plus the runtime's own). */
  env: Record<string, string>;
  record: ImageRecord;
  clock: Clock;
  maxLogLines?: number;
  /** Bytes of log kept (oldest lines dropped first); default DEFAULT_LOG_MAX_BYTES. */
  maxLogBytes?: number;
  /** Memory all containers of the process may hold together; default the process's pool. */
  memoryPool?: MemoryPool;
  /** Called once when the instance exits, for whatever reason. */
  onExit?: (inst: ContainerInstance) => void;
  /** Called when appReady() may have changed (listening began, KEMU_READY_AFTER_MS passed). */
  onChange?: (inst: ContainerInstance) => void;
}

/** Thrown by start() when the container cannot be created (reported as CreateContainerError). */
export class ContainerStartError extends Error {}

const DEFAULT_DRAIN_MS = 1000;
/** After a graceful stop, requests still in flight get this long before their sockets are cut. */
const IN_FLIGHT_GRACE_MS = 2000;

const PROBE_PATHS = new Set(['/healthz', '/livez', '/readyz', '/health', '/ready']);

export class ContainerInstance {
  readonly id: string;
  readonly name: string;
  readonly logs: LogBuffer;
  readonly behaviour: Behaviour;
  /** The image the spec named when this instance started (a changed spec restarts it). */
  readonly specImage: string | undefined;
  state: 'created' | 'running' | 'exited' = 'created';
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  /** True once every port listens (after KEMU_STARTUP_DELAY_MS). */
  listening = false;
  /** What the container's processes hold, against its memory limit; past it the container is OOMKilled. */
  readonly memory: MemoryAccount;
  /** Files written by exec'd commands (kept for the instance's life). */
  execFiles?: { files: Record<string, string>; dirs: Set<string> };
  private readonly servers: Server[] = [];
  private readonly abort = new AbortController();
  private readonly cancels: (() => void)[] = [];
  private app?: App;

  constructor(private readonly opts: ContainerInstanceOptions) {
    this.id = opts.id;
    this.name = opts.container.name;
    this.logs = new LogBuffer(opts.maxLogLines ?? 1000, opts.maxLogBytes);
    this.behaviour = behaviourFromEnv(opts.env);
    this.specImage = opts.container.image;
    this.memory = new MemoryAccount(memoryLimit(opts.container), opts.memoryPool ?? processMemoryPool(), () => this.exit(137, 'OOMKilled'));
  }

  /** Aborts when the instance exits: its processes (exec'd ones too) end with it. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** The environment `kubectl exec` commands run in (a fresh copy of the variables per call). */
  shellEnv(print: ShellEnv['print']): ShellEnv {
    const { pod, podIP, env, record, clock } = this.opts;
    return {
      hostname: pod.hostname,
      vars: { ...env },
      files: containerFiles(pod.hostname, podIP, record.files),
      localhost: podIP,
      print,
      sleep: (ms, signal) => clock.sleep(ms, signal),
      now: () => clock.now(),
      memory: this.memory,
    };
  }

  /** The app answers (HTTP 503 before) and, with no readiness probe, the container is ready. */
  appReady(): boolean {
    return this.state === 'running' && this.opts.clock.now() >= (this.startedAt ?? 0) + this.behaviour.readyAfterMs;
  }

  /** Starts the app. Rejects with ContainerStartError if a port cannot be bound right away. */
  async start(): Promise<void> {
    const { clock, container, record } = this.opts;
    const ctx: AppContext = {
      podName: this.opts.pod.name,
      namespace: this.opts.pod.namespace,
      nodeName: this.opts.nodeName,
      podIP: this.opts.podIP,
      image: container.image ?? '',
      containerName: container.name,
      hostname: this.opts.pod.hostname,
      env: this.opts.env,
      command: container.command ?? [],
      args: container.args ?? [],
      declaredPorts: (container.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.containerPort),
      params: record.params ?? {},
      now: () => clock.now(),
      log: (text) => this.logs.append(clock.now(), text),
      sleep: (ms, signal) => clock.sleep(ms, signal),
      memory: this.memory,
    };
    const app = APPS[record.app](ctx);
    this.app = app;
    const ports = [...new Set(this.behaviour.listenPorts ?? app.ports)];
    this.state = 'running';
    this.startedAt = clock.now();
    if (this.behaviour.startupDelayMs > 0) {
      this.cancels.push(
        clock.setTimeout(() => {
          this.listenAll(ports).then(
            () => this.onListening(),
            (err: Error) => this.exit(1, 'Error', err.message),
          );
        }, this.behaviour.startupDelayMs),
      );
    } else {
      try {
        await this.listenAll(ports);
      } catch (err) {
        this.state = 'created';
        this.closeServers();
        throw new ContainerStartError((err as Error).message);
      }
      this.onListening();
    }
    if (this.behaviour.readyAfterMs > 0) {
      this.cancels.push(clock.setTimeout(() => this.opts.onChange?.(this), this.behaviour.readyAfterMs));
    }
    const limit = container.resources?.limits?.memory;
    if (this.behaviour.memoryBytes !== undefined && limit !== undefined && this.behaviour.memoryBytes > bytes(limit)) {
      this.cancels.push(clock.setTimeout(() => this.exit(137, 'OOMKilled'), 1000));
    }
    if (this.behaviour.crashAfterMs !== undefined) {
      const code = this.behaviour.exitCode;
      this.cancels.push(
        clock.setTimeout(() => {
          this.logs.append(clock.now(), `kemu: exiting with code ${code} (KEMU_CRASH_AFTER_SECONDS)`);
          this.exit(code, code === 0 ? 'Completed' : 'Error');
        }, this.behaviour.crashAfterMs),
      );
    }
    if (app.run) {
      app.run(this.abort.signal).then(
        (code) => this.exit(code, code === 0 ? 'Completed' : 'Error'),
        (err: Error) => (err instanceof OutOfMemoryError ? this.exit(137, 'OOMKilled') : this.exit(1, 'Error', err.message)),
      );
    }
  }

  /**
   * Sends the app SIGTERM. An app with servers keeps serving for its drain time
   * (KEMU_TERMINATION_DELAY_MS, default 1 s — long enough for the endpoints to drop it, like a
   * preStop sleep), then stops accepting and lets in-flight requests finish; others exit at once.
   * When the grace period runs out first the app is killed (137).
   */
  async stop(gracePeriodMs: number): Promise<void> {
    if (this.state !== 'running') {
      this.exit(this.state === 'created' ? 137 : (this.exitCode ?? 0), 'Error');
      return;
    }
    const delay = this.behaviour.terminationDelayMs ?? (this.servers.length > 0 ? DEFAULT_DRAIN_MS : 0);
    const graceful = delay <= gracePeriodMs;
    if (Math.min(delay, gracePeriodMs) > 0) {
      // Ends early if the app exits on its own meanwhile.
      await this.opts.clock.sleep(Math.min(delay, gracePeriodMs), this.abort.signal);
    }
    const code = graceful ? (this.opts.record.app === 'shell' ? 143 : 0) : 137;
    this.exit(code, code === 0 ? 'Completed' : 'Error', undefined, graceful);
  }

  private onListening(): void {
    if (this.state !== 'running') return;
    this.listening = true;
    this.app?.onListening?.();
    this.opts.onChange?.(this);
  }

  private async listenAll(ports: number[]): Promise<void> {
    for (const port of ports) {
      if (this.state !== 'running') return;
      const server = createServer((req, res) => this.serve(req, res));
      server.keepAliveTimeout = 5000;
      this.servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(listenErrorMessage(err, this.opts.podIP, port))));
        server.listen({ host: this.opts.podIP, port, exclusive: true }, () => resolve());
      });
    }
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const now = this.opts.clock.now();
    const started = this.startedAt ?? now;
    const path = (req.url ?? '/').split('?')[0];
    const fail = this.behaviour.failProbesAfterMs;
    if (fail !== undefined && now >= started + fail && PROBE_PATHS.has(path)) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('unhealthy (KEMU_FAIL_PROBES_AFTER_SECONDS)\n');
      return;
    }
    if (now < started + this.behaviour.readyAfterMs) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('not ready yet (KEMU_READY_AFTER_MS)\n');
      return;
    }
    if (this.app?.handle) this.app.handle(req, res);
    else res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
  }

  /** Ends the instance: servers and their connections closed, timers cancelled, logs closed. */
  exit(code: number, reason: string, message?: string, graceful = false): void {
    if (this.state === 'exited') return;
    const wasRunning = this.state === 'running';
    this.state = 'exited';
    this.listening = false;
    this.exitCode = code;
    this.reason = reason;
    this.message = message;
    this.finishedAt = this.opts.clock.now();
    if (!wasRunning) this.startedAt ??= this.finishedAt;
    if (message) this.logs.append(this.finishedAt, message);
    this.abort.abort();
    this.execFiles = undefined;
    this.memory.release();
    for (const c of this.cancels.splice(0)) c();
    this.closeServers(graceful);
    this.logs.close();
    this.opts.onExit?.(this);
  }

  private closeServers(graceful = false): void {
    for (const s of this.servers.splice(0)) {
      s.close();
      if (!graceful) {
        s.closeAllConnections();
        continue;
      }
      s.closeIdleConnections();
      setTimeout(() => s.closeAllConnections(), IN_FLIGHT_GRACE_MS).unref();
    }
  }
}

/** The container's memory limit in bytes: resources.limits.memory, else DEFAULT_CONTAINER_MEMORY_LIMIT. */
function memoryLimit(c: Container): number {
  const limit = c.resources?.limits?.memory;
  if (limit === undefined) return DEFAULT_CONTAINER_MEMORY_LIMIT;
  try {
    return bytes(limit);
  } catch {
    return DEFAULT_CONTAINER_MEMORY_LIMIT;
  }
}

function listenErrorMessage(err: NodeJS.ErrnoException, ip: string, port: number): string {
  if (err.code === 'EACCES') {
    return `cannot listen on ${ip}:${port}: permission denied (ports below 1024 need root, or sysctl net.ipv4.ip_unprivileged_port_start=0)`;
  }
  if (err.code === 'EADDRINUSE') return `cannot listen on ${ip}:${port}: address already in use`;
  if (err.code === 'EADDRNOTAVAIL') return `cannot listen on ${ip}:${port}: address not available (is ${ip} a loopback address?)`;
  return `cannot listen on ${ip}:${port}: ${err.message}`;
}
