/**
 * Side effects of one write that live outside the object (allocated ClusterIPs and NodePorts):
 * registered while the object is prepared, then either committed with the object as stored or
 * rolled back when the write fails. Idempotent: commit or abort runs once.
 */
import type { KubeObject } from '@kemu/api';

type Finalizer = (stored: KubeObject | undefined) => Promise<void>;

export class WriteTxn {
  private readonly commits: Finalizer[] = [];
  private readonly aborts: (() => Promise<void>)[] = [];
  private done = false;

  constructor(readonly dryRun: boolean) {}

  onCommit(fn: Finalizer): void {
    this.commits.push(fn);
  }
  onAbort(fn: () => Promise<void>): void {
    this.aborts.push(fn);
  }

  async commit(stored: KubeObject | undefined): Promise<void> {
    if (this.done) return;
    this.done = true;
    for (const fn of this.commits) await fn(stored);
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    for (const fn of this.aborts.reverse()) await fn().catch(() => undefined);
  }
}
