/**
 * The pods of status-only hollow nodes (KWOK-style): no sandbox, no sockets, no image pulls —
 * only the status transitions a real kubelet would post. A pod bound to such a node gets an IP
 * from the node's pod CIDR and goes straight to Running with every container running, started
 * and ready (init containers Completed); a pod owned by a Job then completes (exit 0 →
 * Succeeded). An image the catalog does not have leaves the container waiting in ErrImagePull
 * (InvalidImageName for a malformed reference). A pod marked for deletion is deleted for good at
 * once (grace 0, uid precondition) and its IP released.
 *
 * One StatusOnlyPods serves every status-only node of the process: level-triggered syncs keyed
 * by pod (PodWorkers: never two at once for a pod), written through one StatusManager — which
 * also puts back a status someone else overwrote (node lifecycle's Ready=False) on the next
 * event, as the full kubelet's resync does.
 */
import { randomBytes } from 'node:crypto';
import { R, isConflict, isNotFound, type Clock, type Container, type ContainerStatus, type Pod, type PodStatus } from '@kemu/api';
import type { Client, Lister, ResourceEventHandler } from '@kemu/client';
import type { Logger } from 'pino';
import type { IPAllocator } from '../pod/ip-allocator.js';
import { generatePodStatus, type ContainerView, type InstanceView } from '../pod/pod-status.js';
import { PodWorkers } from '../pod/pod-workers.js';
import { StatusManager } from '../pod/status-manager.js';
import { IMAGE_CATALOG, resolveImage, type ImageRecord, type ImageResolution } from '../runtime/image-catalog.js';

export interface StatusOnlyNode {
  nodeName: string;
  nodeIP: string;
  ips: IPAllocator;
}

export interface StatusOnlyPodsOptions {
  client: Client;
  /** Every pod the process knows (the shared informer's lister). */
  pods: Lister<Pod>;
  clock: Clock;
  log: Logger;
  catalog?: readonly ImageRecord[];
}

interface Tracked {
  uid: string;
  node: StatusOnlyNode;
}

export class StatusOnlyPods {
  private readonly nodes = new Map<string, StatusOnlyNode>();
  private readonly tracked = new Map<string, Tracked>();
  private readonly status: StatusManager;
  private readonly workers: PodWorkers;
  private readonly images = new Map<string, ImageResolution>();

  constructor(private readonly o: StatusOnlyPodsOptions) {
    this.status = new StatusManager(o.client, o.clock, o.log.child({ module: 'status-manager' }));
    this.workers = new PodWorkers((key) => this.sync(key), o.clock, o.log.child({ module: 'pod-workers' }));
  }

  /** The event handler to subscribe for a node's pods. */
  readonly handler: ResourceEventHandler<Pod> = {
    onAdd: (pod) => this.workers.update(key(pod)),
    onUpdate: (_old, pod) => this.workers.update(key(pod)),
    onDelete: (pod) => this.workers.update(key(pod)),
  };

  addNode(node: StatusOnlyNode): void {
    this.nodes.set(node.nodeName, node);
  }

  removeNode(nodeName: string): void {
    this.nodes.delete(nodeName);
  }

  /** Pods with an IP held (tests, stats). */
  trackedCount(): number {
    return this.tracked.size;
  }

  idle(): Promise<void> {
    return this.workers.idle();
  }

  close(): Promise<void> {
    return this.workers.close();
  }

  async sync(k: string): Promise<void> {
    const pod = this.o.pods.get(k);
    const was = this.tracked.get(k);
    if (was && (!pod || pod.metadata.uid !== was.uid)) this.forget(k, was);
    if (!pod) return;
    const node = this.nodes.get(pod.spec.nodeName ?? '');
    if (!node) return;
    const uid = pod.metadata.uid!;
    if (pod.metadata.deletionTimestamp) {
      this.forget(k, { uid, node });
      try {
        await this.o.client.delete(R.pods, pod.metadata.namespace, pod.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid } });
      } catch (err) {
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
      return;
    }
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
      this.forget(k, { uid, node });
      return;
    }
    const podIP = pod.spec.hostNetwork ? node.nodeIP : node.ips.allocate(uid, pod.status?.podIP);
    this.tracked.set(k, { uid, node });
    await this.status.setStatus(
      pod,
      statusOnlyPodStatus(pod, {
        hostIP: node.nodeIP,
        podIP,
        now: this.o.clock.now(),
        resolve: (image) => this.resolve(image),
      }),
    );
  }

  private forget(k: string, t: Tracked): void {
    t.node.ips.release(t.uid);
    this.status.forget(t.uid);
    this.tracked.delete(k);
  }

  private resolve(image: string | undefined): ImageResolution {
    const k = image ?? '';
    let res = this.images.get(k);
    if (!res) {
      res = resolveImage(image, this.o.catalog ?? IMAGE_CATALOG);
      if (this.images.size < 10_000) this.images.set(k, res);
    }
    return res;
  }
}

function key(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

export interface StatusOnlyInput {
  hostIP: string;
  podIP: string;
  now: number;
  resolve?: (image: string | undefined) => ImageResolution;
}

function ownedByJob(pod: Pod): boolean {
  return (pod.metadata.ownerReferences ?? []).some((o) => o.kind === 'Job' && o.controller);
}

/**
 * The status a status-only node posts for pod: deterministic given the pod's current status
 * (container ids, start times and IP are kept), so posting it twice changes nothing.
 */
export function statusOnlyPodStatus(pod: Pod, input: StatusOnlyInput): PodStatus {
  const { now } = input;
  const resolve = input.resolve ?? ((image: string | undefined) => resolveImage(image));
  const prev = pod.status;
  const complete = ownedByJob(pod) && prev?.phase === 'Running' && pod.spec.restartPolicy !== 'Always';
  const byName = new Map<string, ContainerStatus>();
  for (const cs of [...(prev?.initContainerStatuses ?? []), ...(prev?.containerStatuses ?? [])]) byName.set(cs.name, cs);

  const view = (c: Container, finished: boolean): ContainerView => {
    const res = resolve(c.image);
    const cs = byName.get(c.name);
    const base = { container: c, restartCount: cs?.restartCount ?? 0, image: res.found ? res.name : (c.image ?? '') };
    if (!res.found) {
      const reason = res.reason === 'InvalidImageName' ? 'InvalidImageName' : 'ErrImagePull';
      return { ...base, waiting: { reason, message: res.message }, ready: false, started: false, imageID: '' };
    }
    const id = cs?.containerID?.startsWith('kemu://') ? cs.containerID.slice(7) : randomBytes(32).toString('hex');
    const since = cs?.state?.running?.startedAt ?? cs?.state?.terminated?.startedAt;
    const startedAt = since ? Date.parse(since) : now;
    const done = cs?.state?.terminated;
    const current: InstanceView =
      finished || done
        ? {
            id,
            state: 'exited',
            startedAt,
            finishedAt: done?.finishedAt ? Date.parse(done.finishedAt) : now,
            exitCode: done?.exitCode ?? 0,
            reason: done?.reason ?? 'Completed',
          }
        : { id, state: 'running', startedAt };
    return { ...base, current, ready: current.state === 'running', started: current.state === 'running', imageID: res.imageID };
  };

  const inits = (pod.spec.initContainers ?? []).map((c) => view(c, (c as { restartPolicy?: string }).restartPolicy !== 'Always'));
  return generatePodStatus({
    pod,
    hostIP: input.hostIP,
    podIP: input.podIP,
    sandboxReady: true,
    now,
    startTime: prev?.startTime ? Date.parse(prev.startTime) : now,
    initContainers: inits,
    incompleteInit: [],
    containers: pod.spec.containers.map((c) => view(c, complete)),
  });
}
