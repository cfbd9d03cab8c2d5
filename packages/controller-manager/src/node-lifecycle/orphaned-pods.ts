/**
 * PodGC's orphan sweep: a pod bound to a node that does not exist (the Node was deleted, or a
 * pod was created with a nodeName nobody registered) is force-deleted, since no kubelet will
 * ever run or stop it. A quarantine (nodeMonitorGracePeriod) covers a node that is still being
 * registered, and the node's absence is confirmed with a GET before the pod goes.
 */
import type { Node, Pod } from '@kemu/api';
import { R, isConflict, isNotFound, objectKey, splitKey } from '@kemu/api';
import type { RateLimitingQueue, SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { ControllerContext } from '../controller-context.js';
import { newControllerQueue, runController } from '../run-controller.js';
import { PODS_BY_NODE_INDEX } from './taint-manager.js';

export class OrphanedPodCollector {
  readonly name = 'pod-garbage-collector';
  private readonly queue: RateLimitingQueue;
  private readonly logger: Logger;
  private readonly quarantineMs: number;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly nodes: SharedInformer<Node>,
    private readonly pods: SharedInformer<Pod>,
  ) {
    this.logger = ctx.logger.child({ controller: this.name });
    this.quarantineMs = ctx.timings.nodeMonitorGracePeriodMs;
    this.queue = newControllerQueue(ctx, this.name);
    pods.addEventHandler({
      onAdd: (p) => this.check(p),
      onUpdate: (o, p) => {
        if (o.spec.nodeName !== p.spec.nodeName) this.check(p);
      },
    });
    nodes.addEventHandler({
      onDelete: (n) => {
        for (const p of this.pods.lister.byIndex(PODS_BY_NODE_INDEX, n.metadata.name!)) this.check(p);
      },
    });
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    return runController({
      informers: this.ctx.informers,
      queue: this.queue,
      workers,
      signal,
      sync: (k) => this.sync(k),
      logger: this.logger,
    });
  }

  async sync(key: string): Promise<void> {
    const pod = this.pods.lister.get(key);
    const nodeName = pod?.spec.nodeName;
    if (!pod || !nodeName || this.nodes.lister.get(nodeName)) return;
    try {
      await this.ctx.client.get(R.nodes, undefined, nodeName);
      return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const { namespace, name } = splitKey(key);
    try {
      await this.ctx.client.delete(R.pods, namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      this.logger.info({ pod: key, node: nodeName }, 'forced deletion of orphaned pod');
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  private check(p: Pod): void {
    if (p.spec.nodeName && !this.nodes.lister.get(p.spec.nodeName)) this.queue.addAfter(objectKey(p), this.quarantineMs);
  }
}
