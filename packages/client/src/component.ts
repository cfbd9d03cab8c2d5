/**
 * runComponent: the whole life of a component process, so each `main.ts` says only what is its
 * own — its flags and how it starts. It parses the flags (node:util parseArgs, strict, plus
 * `--log-level`), builds the process's root logger, starts the component, turns the first
 * SIGTERM/SIGINT into an abort, and exits: with the code `start` resolved with, or 0 once the
 * handle it resolved with is closed. A failure is printed as `<name>: <message>` on stderr
 * (and logged) and exits 1.
 *
 * The exit code is logged last (`{"exitCode":N,"msg":"Exiting"}`), so a supervisor that did not
 * start the process can still tell why it ended.
 *
 * An exit code listed in `restartOn` does not end the process: the component starts again after
 * the kubelet's CrashLoopBackOff, for a component run with no supervisor. kemu's components leave
 * restarts to `kemu supervise` (or docker compose), which counts and reports them.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BackoffSequence } from '@kemu/api';
import type { Logger } from 'pino';
import { createLogger } from './logger.js';

type Flags = NonNullable<ParseArgsConfig['options']>;

/** The parsed values of `flags` (with `--log-level`), typed as parseArgs types them. */
export type FlagValues<F extends Flags> = ReturnType<
  typeof parseArgs<{ options: F & { 'log-level': { type: 'string' } }; strict: true }>
>['values'];

/** The flags of every component that talks to the apiserver. */
export const CLIENT_FLAGS = {
  /** Comma-separated apiserver URLs, failed over in order. */
  apiserver: { type: 'string', default: 'http://127.0.0.1:6443' },
  /** Credentials and CA (see clientFromFlags). */
  kubeconfig: { type: 'string' },
  /** Timing profile: fast | realistic. */
  profile: { type: 'string', default: 'fast' },
} as const;

/** A started component that runs until closed. */
export interface Running {
  close(): Promise<void> | void;
}

export interface ComponentSpec<F extends Flags> {
  /** Root logger name and stderr prefix, e.g. `kube-scheduler`. */
  name: string;
  flags: F;
  /**
   * Starts the component. Resolve with an exit code once it is done (it must finish when
   * `signal` aborts), or at once with a handle that runs until SIGTERM/SIGINT closes it.
   */
  start(values: FlagValues<F>, ctx: { logger: Logger; signal: AbortSignal }): Promise<number | Running>;
  /** Exit codes after which `start` runs again (after a back-off) instead of the process exiting. */
  restartOn?: readonly number[];
}

/** The kubelet's container restart back-off: 10 s, doubling to 5 min, back to 10 s after 10 min of running. */
export const RESTART_BACKOFF = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 } as const;

/** What runComponent touches of the process (tests pass their own). */
export interface ComponentHost {
  argv: string[];
  on(signal: 'SIGTERM' | 'SIGINT', fn: () => void): unknown;
  exit(code: number): void;
  stderr: { write(s: string): unknown };
  /** Default: createLogger(name, { level: --log-level }). */
  logger?(name: string, level: string | undefined): Logger;
  /** Waits ms or until signal aborts (default: a timer). */
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  /** Milliseconds, for the back-off's reset (default Date.now). */
  now?(): number;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const processHost = (): ComponentHost => ({
  argv: process.argv.slice(2),
  on: (signal, fn) => process.on(signal, fn),
  exit: (code) => process.exit(code),
  stderr: process.stderr,
});

/** Runs the component described by `spec` as this process; see the file comment. */
export async function runComponent<const F extends Flags>(
  spec: ComponentSpec<F>,
  processHostArg: ComponentHost = processHost(),
): Promise<void> {
  let logger: Logger | undefined;
  const host: ComponentHost = {
    ...processHostArg,
    exit: (code) => {
      logger?.info({ exitCode: code }, 'Exiting');
      processHostArg.exit(code);
    },
  };
  try {
    const { values } = parseArgs({
      args: host.argv,
      options: { ...spec.flags, 'log-level': { type: 'string' } },
      strict: true,
    });
    const level = (values as Record<string, unknown>)['log-level'] as string | undefined;
    logger = host.logger?.(spec.name, level) ?? createLogger(spec.name, { level });
    const log = logger;
    const stop = new AbortController();
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      host.on(signal, () => {
        if (stop.signal.aborted) return;
        log.info({ signal }, 'Shutting down');
        stop.abort();
      });
    }
    const sleep = host.sleep ?? abortableSleep;
    const now = host.now ?? Date.now;
    const backoff = new BackoffSequence({
      durationMs: RESTART_BACKOFF.initialMs,
      factor: 2,
      jitter: 0,
      steps: Infinity,
      capMs: RESTART_BACKOFF.maxMs,
    });
    let runStartedAt = now();
    let started = await spec.start(values as FlagValues<F>, { logger: log, signal: stop.signal });
    while (typeof started === 'number') {
      if (!spec.restartOn?.includes(started) || stop.signal.aborted) return host.exit(started);
      if (now() - runStartedAt >= RESTART_BACKOFF.resetAfterMs) backoff.reset();
      const backoffMs = backoff.step();
      log.warn(
        { exitCode: started, restartInMs: backoffMs },
        'Exited; starting again after a back-off, as the kubelet restarts a static pod',
      );
      await sleep(backoffMs, stop.signal);
      if (stop.signal.aborted) return host.exit(0);
      log.info('Starting again');
      runStartedAt = now();
      started = await spec.start(values as FlagValues<F>, { logger: log, signal: stop.signal });
    }
    if (!stop.signal.aborted) await new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
    await started.close();
    host.exit(0);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    logger?.error({ err }, 'Component failed');
    host.stderr.write(`${spec.name}: ${message}\n`);
    host.exit(1);
  }
}

/** A flag's value as a TCP port (0 allowed: any free port); throws `--<flag>: invalid port "v"`. */
export function portFlag(flag: string, value: string | undefined): number {
  const port = Number(value);
  if (value === undefined || value === '' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--${flag}: invalid port "${value}"`);
  return port;
}
