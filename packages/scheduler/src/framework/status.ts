/**
 * The result of a plugin: `undefined` is success. "Unschedulable" is a result, never an
 * exception; `Error` is an internal failure (the pod is retried with backoff).
 */

export type Code = 'Error' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip';

export interface Status {
  readonly code: Code;
  /** Human reasons, as they appear in FailedScheduling events (`Insufficient cpu`). */
  readonly reasons: readonly string[];
  /** The plugin that returned it (set by the framework). */
  plugin?: string;
  readonly err?: Error;
}

export const unschedulable = (...reasons: string[]): Status => ({ code: 'Unschedulable', reasons });
export const unresolvable = (...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons });
export const skip = (): Status => ({ code: 'Skip', reasons: [] });
export function asStatus(err: unknown): Status {
  const e = err instanceof Error ? err : new Error(String(err));
  return { code: 'Error', reasons: [e.message], err: e };
}
