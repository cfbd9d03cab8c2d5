/**
 * The simulated container runtime of one node (kemu's CRI): an image store, pod sandboxes
 * (an IP each) and container instances. It knows nothing of the API; the pod worker drives it
 * and learns about exits through `onContainerEvent` (kubelet's PLEG).
 */
import { randomBytes } from 'node:crypto';
import type { Clock, Container } from '@kemu/api';
import { ContainerInstance } from './container.js';
import { IMAGE_CATALOG, type ImageRecord, type ImageResolution } from './image-catalog.js';
import type { MemoryPool } from './memory-account.js';

export interface SandboxContainers {
  current?: ContainerInstance;
  previous?: ContainerInstance;
}

export interface Sandbox {
  uid: string;
  namespace: string;
  name: string;
  hostname: string;
  ip: string;
  createdAt: number;
  /** by container name; `previous` is the instance before `current` (kubectl logs --previous). */
  containers: Map<string, SandboxContainers>;
}

export interface RuntimeOptions {
  clock: Clock;
  nodeName: string;
  catalog?: readonly ImageRecord[];
  maxLogLines?: number;
  /** Bytes of log kept per container instance (default DEFAULT_LOG_MAX_BYTES). */
  maxLogBytes?: number;
  /** Memory the containers of this runtime may hold together, shared with other runtimes of the process by default. */
  memoryPool?: MemoryPool;
  /** A container of pod `uid` exited or changed readiness. */
  onContainerEvent?: (uid: string) => void;
}

export interface PresentImage {
  name: string;
  imageID: string;
  sizeBytes: number;
}

export class SimRuntime {
  readonly catalog: readonly ImageRecord[];
  private readonly images = new Map<string, PresentImage>();
  private readonly sandboxes = new Map<string, Sandbox>();

  constructor(private readonly opts: RuntimeOptions) {
    this.catalog = opts.catalog ?? IMAGE_CATALOG;
  }

  hasImage(name: string): boolean {
    return this.images.has(name);
  }

  listImages(): PresentImage[] {
    return [...this.images.values()];
  }

  /** Pulls an image: takes the record's pull time; rejects for images that do not exist. */
  async pullImage(res: ImageResolution, signal?: AbortSignal): Promise<number> {
    const start = this.opts.clock.now();
    if (!res.found) {
      await this.opts.clock.sleep(150, signal);
      throw new Error(res.message);
    }
    await this.opts.clock.sleep(res.record.pullMs, signal);
    if (signal?.aborted) throw new Error('image pull cancelled');
    this.images.set(res.name, { name: res.name, imageID: res.imageID, sizeBytes: res.record.sizeBytes });
    return this.opts.clock.now() - start;
  }

  runSandbox(pod: { uid: string; namespace: string; name: string; hostname: string }, ip: string): Sandbox {
    let sb = this.sandboxes.get(pod.uid);
    if (!sb) {
      sb = { ...pod, ip, createdAt: this.opts.clock.now(), containers: new Map() };
      this.sandboxes.set(pod.uid, sb);
    }
    return sb;
  }

  sandbox(uid: string): Sandbox | undefined {
    return this.sandboxes.get(uid);
  }

  listSandboxes(): Sandbox[] {
    return [...this.sandboxes.values()];
  }

  /** Creates and starts a new instance of `container`; the old current becomes previous. */
  async startContainer(sb: Sandbox, container: Container, record: ImageRecord, env: Record<string, string>): Promise<ContainerInstance> {
    const inst = new ContainerInstance({
      id: randomBytes(32).toString('hex'),
      pod: { name: sb.name, namespace: sb.namespace, uid: sb.uid, hostname: sb.hostname },
      nodeName: this.opts.nodeName,
      podIP: sb.ip,
      container,
      env,
      record,
      clock: this.opts.clock,
      maxLogLines: this.opts.maxLogLines,
      maxLogBytes: this.opts.maxLogBytes,
      memoryPool: this.opts.memoryPool,
      onExit: () => this.opts.onContainerEvent?.(sb.uid),
      onChange: () => this.opts.onContainerEvent?.(sb.uid),
    });
    await inst.start();
    const slot = sb.containers.get(container.name) ?? {};
    if (slot.current) slot.current.exit(137, 'Error');
    sb.containers.set(container.name, { current: inst, previous: slot.current ?? slot.previous });
    return inst;
  }

  /** Stops every running container of the sandbox (in parallel) and forgets it. */
  async removeSandbox(uid: string, gracePeriodMs: number): Promise<void> {
    const sb = this.sandboxes.get(uid);
    if (!sb) return;
    await Promise.all([...sb.containers.values()].map((c) => c.current?.stop(gracePeriodMs)));
    this.sandboxes.delete(uid);
  }

  /** Stops everything at once (process shutdown). */
  shutdown(): void {
    for (const sb of this.sandboxes.values()) for (const c of sb.containers.values()) c.current?.exit(137, 'Error');
    this.sandboxes.clear();
  }

  /** Finds a container slot by pod namespace/name (logs). */
  findContainers(namespace: string, podName: string, container: string): SandboxContainers | undefined {
    for (const sb of this.sandboxes.values()) {
      if (sb.namespace === namespace && sb.name === podName) return sb.containers.get(container);
    }
    return undefined;
  }
}
