/** Types of bench/lib/environment.js for its test. */
export interface Commit { commit: string; dirty: boolean; changedFiles: number }
export interface Environment extends Commit {
  node: string; cpu: string; nproc: number; loadavgAtStart: number[]; kernel: string; redis: string; date: string;
}
export function commitOf(root?: string): Commit;
export function environment(): Environment;
export function describeCommit(c: Commit): string;
export function environmentHeader(env?: Environment): string;
