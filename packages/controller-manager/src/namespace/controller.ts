/**
 * The namespace controller (pkg/controller/namespace): a namespace the apiserver marked for
 * deletion (deletionTimestamp set, phase Terminating, `kubernetes` still in spec.finalizers) is
 * emptied by the NamespacedResourcesDeleter and then finalized, which lets the apiserver remove
 * it. While content remains the key comes back after estimate/2 + 1 seconds, capped by the
 * profile's `namespaceRequeueMaxMs`; failures are retried with the queue's backoff.
 */
import type { Namespace } from '@kemu/api';
import { R } from '@kemu/api';
import type { RateLimitingQueue, SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { Controller, ControllerContext } from '../controller-context.js';
import { newControllerQueue, runController } from '../run-controller.js';
import { NamespacedResourcesDeleter } from './deleter.js';

export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  private readonly queue: RateLimitingQueue;
  private readonly namespaces: SharedInformer<Namespace>;
  private readonly deleter: NamespacedResourcesDeleter;
  private readonly logger: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.logger = ctx.logger.child({ controller: this.name });
    this.queue = newControllerQueue(ctx, this.name);
    this.deleter = new NamespacedResourcesDeleter(ctx.client, ctx.clock, this.logger);
    this.namespaces = ctx.informers.forResource<Namespace>(R.namespaces);
    this.namespaces.addEventHandler({
      onAdd: (ns) => this.enqueue(ns),
      onUpdate: (_old, ns) => this.enqueue(ns),
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

  /** Only namespaces being deleted are work. */
  private enqueue(ns: Namespace): void {
    if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name!);
  }

  async sync(key: string): Promise<void> {
    const ns = this.namespaces.lister.get(key);
    if (!ns?.metadata.deletionTimestamp) return;
    const estimateSeconds = await this.deleter.delete(key);
    if (estimateSeconds > 0) {
      const delayMs = Math.min((Math.floor(estimateSeconds / 2) + 1) * 1000, this.ctx.timings.namespaceRequeueMaxMs);
      this.logger.debug({ namespace: key, estimateSeconds, delayMs }, 'Namespace content remains; checking again later');
      this.queue.addAfter(key, delayMs);
    }
  }
}
