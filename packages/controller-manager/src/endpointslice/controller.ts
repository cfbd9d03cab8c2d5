/**
 * The EndpointSlice controller (pkg/controller/endpointslice): keeps discovery.k8s.io/v1
 * EndpointSlices for every Service with a selector — labelled `kubernetes.io/service-name` and
 * managed-by `endpointslice-controller.k8s.io`, owned by the Service — listing the selected pods
 * with ready / serving / terminating conditions.
 */
import type { EndpointSlice, KubeObject, Pod, Service } from '@kemu/api';
import {
  ENDPOINTSLICE_CONTROLLER_NAME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  R,
  isNotFound,
  objectKey,
  selectorFromSet,
  splitKey,
} from '@kemu/api';
import type { RateLimitingQueue, SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { Controller, ControllerContext } from '../controller-context.js';
import { semanticEqual } from '../semantic-equal.js';
import { newControllerQueue, runController } from '../run-controller.js';
import { enqueueServicesOnChange } from '../service-pods.js';
import { planSlices } from './reconciler.js';
import { SliceTracker } from './slice-tracker.js';

export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice';
  private readonly queue: RateLimitingQueue;
  private readonly services: SharedInformer<Service>;
  private readonly pods: SharedInformer<Pod>;
  private readonly slices: SharedInformer<EndpointSlice>;
  private readonly tracker: SliceTracker;
  private readonly logger: Logger;

  constructor(private readonly ctx: ControllerContext) {
    this.logger = ctx.logger.child({ controller: this.name });
    this.queue = newControllerQueue(ctx, this.name);
    this.tracker = new SliceTracker(ctx.clock);
    this.services = ctx.informers.forResource<Service>(R.services);
    this.pods = ctx.informers.forResource<Pod>(R.pods);
    this.slices = ctx.informers.forResource<EndpointSlice>(R.endpointslices);

    enqueueServicesOnChange(this.services, this.pods, (s) => this.enqueue(s));
    // Slices changed by anyone else (or deleted) are put back.
    const onSlice = (s: EndpointSlice) => {
      const svc = this.managedServiceOf(s);
      if (svc) this.queue.add(`${s.metadata.namespace}/${svc}`);
    };
    this.slices.addEventHandler({ onAdd: onSlice, onUpdate: (_o, s) => onSlice(s), onDelete: onSlice });
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

  private enqueue(o: KubeObject): void {
    this.queue.add(objectKey(o));
  }

  private managedServiceOf(s: EndpointSlice): string | undefined {
    const l = s.metadata.labels ?? {};
    return l[LABEL_MANAGED_BY] === ENDPOINTSLICE_CONTROLLER_NAME ? l[LABEL_SERVICE_NAME] : undefined;
  }

  private managedSlices(namespace: string, service: string): EndpointSlice[] {
    const selector = selectorFromSet({ [LABEL_SERVICE_NAME]: service, [LABEL_MANAGED_BY]: ENDPOINTSLICE_CONTROLLER_NAME });
    return this.slices.lister.listNamespace(namespace, selector);
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.lister.get(key);
    const existing = this.managedSlices(namespace, name);
    if (!svc || !svc.spec.selector || Object.keys(svc.spec.selector).length === 0 || svc.spec.type === 'ExternalName') {
      // The garbage collector removes slices of deleted services too; doing it here keeps proxies
      // from routing to a service that no longer exists while it gets to them.
      if (!svc) {
        this.tracker.forget(key);
        for (const s of existing) await this.deleteSlice(key, s);
      }
      return;
    }
    if (!this.tracker.isFresh(key, existing)) {
      // Our own writes are not in the cache yet; their events requeue the service. The delayed
      // requeue only guards against a lost event.
      this.logger.debug({ service: key }, 'Endpoint slice cache is stale; waiting');
      this.queue.addAfter(key, 1000);
      return;
    }

    const pods = this.pods.lister.listNamespace(namespace, selectorFromSet(svc.spec.selector));
    const plan = planSlices(svc, pods, existing, semanticEqual);
    // Create and update before deleting, so endpoints never disappear in between.
    for (const s of plan.create) {
      const created = await this.ctx.client.create<EndpointSlice>(R.endpointslices, namespace, s);
      this.tracker.wrote(key, created);
      this.logger.debug({ service: key, slice: created.metadata.name, endpoints: s.endpoints.length }, 'Created endpoint slice');
    }
    for (const s of plan.update) {
      const updated = await this.ctx.client.update<EndpointSlice>(R.endpointslices, s);
      this.tracker.wrote(key, updated);
      this.logger.debug({ service: key, slice: s.metadata.name, endpoints: s.endpoints.length }, 'Updated endpoint slice');
    }
    for (const s of plan.delete) await this.deleteSlice(key, s);
  }

  private async deleteSlice(key: string, s: EndpointSlice): Promise<void> {
    try {
      await this.ctx.client.delete(R.endpointslices, s.metadata.namespace, s.metadata.name!);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    this.tracker.deleted(key, s.metadata.name!);
  }
}
