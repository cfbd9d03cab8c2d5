/**
 * Per-container behaviour overrides, read from the container's env (documented in the package
 * README and index.ts):
 *
 * | env var                    | effect                                                                 |
 * |----------------------------|------------------------------------------------------------------------|
 * | KEMU_STARTUP_DELAY_MS      | the app starts listening (and logs its start line) this long after start |
 * | KEMU_READY_AFTER_MS        | the app answers HTTP 503 until this long after start; without a readiness probe the container turns ready only then |
 * | KEMU_CRASH_AFTER_SECONDS   | the process exits this long after start                                 |
 * | KEMU_EXIT_CODE             | exit code of that exit (default 1; 0 = Completed)                       |
 * | KEMU_TERMINATION_DELAY_MS  | on SIGTERM the app keeps serving this long before it exits (default 1000 for apps that serve, 0 otherwise; past the grace period → SIGKILL, 137) |
 * | KEMU_FAIL_PROBES_AFTER_SECONDS | from this long after start, HTTP paths /healthz, /livez, /readyz, /health answer 500 |
 * | KEMU_LISTEN_PORTS          | comma-separated ports to listen on instead of the image's defaults     |
 * | KEMU_MEMORY_USAGE          | the app's memory use (a quantity, e.g. 300Mi); above the container's memory limit it is OOMKilled (137) a second after start |
 */
import { bytes } from '@kemu/api';

export interface Behaviour {
  startupDelayMs: number;
  readyAfterMs: number;
  crashAfterMs?: number;
  exitCode: number;
  /** undefined = the app's default (1 s drain for apps that serve, else 0). */
  terminationDelayMs?: number;
  failProbesAfterMs?: number;
  listenPorts?: number[];
  memoryBytes?: number;
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function behaviourFromEnv(env: Record<string, string>): Behaviour {
  const crash = num(env.KEMU_CRASH_AFTER_SECONDS);
  const failProbes = num(env.KEMU_FAIL_PROBES_AFTER_SECONDS);
  const ports = env.KEMU_LISTEN_PORTS?.split(',')
    .map((p) => Number(p.trim()))
    .filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
  return {
    startupDelayMs: num(env.KEMU_STARTUP_DELAY_MS) ?? 0,
    readyAfterMs: num(env.KEMU_READY_AFTER_MS) ?? 0,
    crashAfterMs: crash !== undefined ? crash * 1000 : undefined,
    exitCode: Math.trunc(num(env.KEMU_EXIT_CODE) ?? 1),
    terminationDelayMs: num(env.KEMU_TERMINATION_DELAY_MS),
    failProbesAfterMs: failProbes !== undefined ? failProbes * 1000 : undefined,
    listenPorts: ports && ports.length ? ports : undefined,
    memoryBytes: quantity(env.KEMU_MEMORY_USAGE),
  };
}

function quantity(v: string | undefined): number | undefined {
  if (!v?.trim()) return undefined;
  try {
    return bytes(v.trim());
  } catch {
    return undefined;
  }
}
