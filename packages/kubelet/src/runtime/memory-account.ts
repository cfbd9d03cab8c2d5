/**
 * The memory a simulated container holds inside the kubelet process, counted against its limit
 * (`resources.limits.memory`, or DEFAULT_CONTAINER_MEMORY_LIMIT without one) and against the
 * process-wide MemoryPool shared by every container of the process. What is counted: file
 * contents and names it writes (its own files and writable volumes), shell variables, pipeline
 * and stdin buffers; a character counts as a byte. Going over either bound OOM-kills that
 * container alone (exit code 137, reason OOMKilled): `onExceeded` runs once and every later
 * charge throws OutOfMemoryError, which unwinds the script that asked for the memory.
 */
import { getHeapStatistics } from 'node:v8';

const MiB = 1024 * 1024;

/** The limit of a container that declares none (a node-wide LimitRange default, in effect). */
export const DEFAULT_CONTAINER_MEMORY_LIMIT = 256 * MiB;

/** What a file costs besides its content (inode, directory entry). */
export const FILE_OVERHEAD_BYTES = 128;

/** Thrown by a charge past the limit: the container is being OOM-killed. */
export class OutOfMemoryError extends Error {
  constructor() {
    super('out of memory: container OOM-killed');
  }
}

/** The consumer's view: memory taken (positive) or given back (negative). */
export interface MemoryLedger {
  charge(bytes: number): void;
}

/** Memory every container of one process may hold together (a node's OOM killer, in effect). */
export class MemoryPool {
  used = 0;
  /** Default: 40 % of the V8 heap limit, leaving the rest to the kubelet and to transient copies. */
  constructor(readonly capacity = Math.floor(getHeapStatistics().heap_size_limit * 0.4)) {}
}

let processPool: MemoryPool | undefined;

/** The pool shared by every runtime of this process unless one is given. */
export function processMemoryPool(): MemoryPool {
  processPool ??= new MemoryPool();
  return processPool;
}

export class MemoryAccount implements MemoryLedger {
  /** Invariant: used = the sum of every charge not given back, ≥ 0. */
  used = 0;
  exceeded = false;

  constructor(
    readonly limit: number,
    private readonly pool: MemoryPool,
    private readonly onExceeded: () => void,
  ) {}

  charge(bytes: number): void {
    if (bytes < 0) {
      const back = Math.min(-bytes, this.used);
      this.used -= back;
      this.pool.used -= back;
      return;
    }
    if (this.exceeded) throw new OutOfMemoryError();
    this.used += bytes;
    this.pool.used += bytes;
    if (this.used > this.limit || this.pool.used > this.pool.capacity) {
      this.exceeded = true;
      this.onExceeded();
      throw new OutOfMemoryError();
    }
  }

  /** Gives everything back (the container is gone). */
  release(): void {
    this.pool.used -= this.used;
    this.used = 0;
  }
}

/** Charges that are given back together when their holder ends (a subshell, a pipeline, an exec session). */
export class MemoryScope implements MemoryLedger {
  private held = 0;
  constructor(private readonly parent: MemoryLedger | undefined) {}

  charge(bytes: number): void {
    if (!this.parent) return;
    this.parent.charge(bytes);
    this.held += bytes;
  }

  close(): void {
    if (this.held !== 0) this.parent?.charge(-this.held);
    this.held = 0;
  }
}
