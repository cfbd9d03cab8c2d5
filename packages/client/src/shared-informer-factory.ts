/**
 * One shared informer per (resource, filter), created on first request (client-go
 * `SharedInformerFactory`). Informers requested after `start` start at once.
 */
import { realClock, type Backoff, type Clock, type KubeObject, type ResourceInfo } from '@kemu/api';
import type { Logger } from 'pino';
import type { Client, ListOptions, SharedInformerFactory as SharedInformerFactoryContract } from './interfaces.js';
import { silentLogger } from './logger.js';
import { DefaultSharedInformer } from './shared-informer.js';

export interface SharedInformerFactoryOptions {
  /** Restricts every informer to one namespace. Default all namespaces. */
  namespace?: string;
  /** Per-resource list/watch restrictions (labelSelector, fieldSelector). */
  tweakListOptions?: (r: ResourceInfo) => ListOptions;
  clock?: Clock;
  logger?: Logger;
  backoff?: Partial<Backoff>;
}

export interface InformerFilter {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export class DefaultSharedInformerFactory implements SharedInformerFactoryContract {
  private readonly informers = new Map<string, DefaultSharedInformer<KubeObject>>();
  private readonly started = new Set<string>();
  private signal?: AbortSignal;

  constructor(
    private readonly client: Client,
    private readonly opts: SharedInformerFactoryOptions = {},
  ) {}

  /** The informer for r; with `filter`, a separate informer restricted to it. */
  forResource<T extends KubeObject>(r: ResourceInfo, filter?: InformerFilter): DefaultSharedInformer<T> {
    const tweak = this.opts.tweakListOptions?.(r) ?? {};
    const eff: InformerFilter = {
      namespace: filter?.namespace ?? this.opts.namespace ?? tweak.namespace,
      labelSelector: filter?.labelSelector ?? tweak.labelSelector,
      fieldSelector: filter?.fieldSelector ?? tweak.fieldSelector,
    };
    const key = `${r.group}/${r.resource}?ns=${eff.namespace ?? ''}&l=${eff.labelSelector ?? ''}&f=${eff.fieldSelector ?? ''}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new DefaultSharedInformer<KubeObject>(this.client, r, {
        ...eff,
        clock: this.opts.clock ?? realClock,
        logger: this.opts.logger ?? silentLogger,
        backoff: this.opts.backoff,
      });
      this.informers.set(key, inf);
      if (this.signal) this.startOne(key, inf, this.signal);
    }
    return inf as unknown as DefaultSharedInformer<T>;
  }

  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const [key, inf] of this.informers) this.startOne(key, inf, signal);
  }

  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const started = [...this.informers].filter(([k]) => this.started.has(k)).map(([, inf]) => inf);
    const results = await Promise.all(started.map((inf) => inf.waitForSync(signal)));
    return results.every(Boolean);
  }

  private startOne(key: string, inf: DefaultSharedInformer<KubeObject>, signal: AbortSignal): void {
    if (this.started.has(key) || signal.aborted) return;
    this.started.add(key);
    void inf.run(signal);
  }
}

/**
 * `new SharedInformerFactory(client, opts)` builds the default factory; as a type,
 * SharedInformerFactory is the contract from interfaces.ts.
 */
export const SharedInformerFactory = DefaultSharedInformerFactory;
export type SharedInformerFactory = SharedInformerFactoryContract;
