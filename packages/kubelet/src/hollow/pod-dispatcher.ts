/**
 * One pod informer for a whole hollow-node process. It lists and watches every bound pod
 * (`spec.nodeName!=`) once and routes each event to the node the pod is bound to — a per-node
 * view that looks like the kubelet's own `spec.nodeName=<node>` informer (full nodes), or a
 * plain handler (status-only nodes). Pods of nodes this process does not run are cached and
 * ignored. 5,000 nodes thus cost one watch, not 5,000.
 */
import { R, type Pod, type ResourceInfo, type Selector } from '@kemu/api';
import {
  newSharedInformer,
  type Client,
  type DefaultSharedInformer,
  type Lister,
  type ResourceEventHandler,
  type SharedInformer,
} from '@kemu/client';
import type { Logger } from 'pino';

export const NODE_NAME_INDEX = 'spec.nodeName';

export class PodDispatcher {
  readonly informer: DefaultSharedInformer<Pod>;
  private readonly handlers = new Map<string, ResourceEventHandler<Pod>>();

  constructor(client: Client, logger?: Logger) {
    this.informer = newSharedInformer<Pod>(client, R.pods, { fieldSelector: 'spec.nodeName!=', logger });
    this.informer.addIndexer(NODE_NAME_INDEX, (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    this.informer.addEventHandler({
      onAdd: (pod) => this.handlers.get(pod.spec.nodeName!)?.onAdd?.(pod),
      onUpdate: (old, pod) => {
        if (old.spec.nodeName === pod.spec.nodeName) {
          this.handlers.get(pod.spec.nodeName!)?.onUpdate?.(old, pod);
          return;
        }
        // A namesake bound elsewhere replaced the pod while the watch was down.
        this.handlers.get(old.spec.nodeName!)?.onDelete?.(old);
        this.handlers.get(pod.spec.nodeName!)?.onAdd?.(pod);
      },
      onDelete: (pod) => this.handlers.get(pod.spec.nodeName!)?.onDelete?.(pod),
    });
  }

  get lister(): Lister<Pod> {
    return this.informer.lister;
  }

  /** Pods bound to nodeName. */
  podsOf(nodeName: string): Pod[] {
    return this.informer.lister.byIndex(NODE_NAME_INDEX, nodeName);
  }

  /** Routes the events of nodeName's pods to h (one handler per node); the pods already cached arrive as onAdd. */
  subscribe(nodeName: string, h: ResourceEventHandler<Pod>): void {
    if (this.handlers.has(nodeName)) throw new Error(`node ${nodeName} already has a pod handler`);
    this.handlers.set(nodeName, h);
    for (const pod of this.podsOf(nodeName)) h.onAdd?.(pod);
  }

  unsubscribe(nodeName: string): void {
    this.handlers.delete(nodeName);
  }

  /** A SharedInformer over nodeName's pods only, for startKubelet's `pods` option. */
  viewFor(nodeName: string): SharedInformer<Pod> {
    return new NodePodView(this, nodeName);
  }

  run(signal: AbortSignal): Promise<void> {
    return this.informer.run(signal);
  }

  hasSynced(): boolean {
    return this.informer.hasSynced();
  }
}

class NodePodLister implements Lister<Pod> {
  constructor(
    private readonly d: PodDispatcher,
    private readonly nodeName: string,
  ) {}
  list(selector?: Selector): Pod[] {
    const pods = this.d.podsOf(this.nodeName);
    return selector ? pods.filter((p) => selector.matches(p.metadata.labels)) : pods;
  }
  get(key: string): Pod | undefined {
    const pod = this.d.lister.get(key);
    return pod?.spec.nodeName === this.nodeName ? pod : undefined;
  }
  listNamespace(namespace: string, selector?: Selector): Pod[] {
    return this.list(selector).filter((p) => p.metadata.namespace === namespace);
  }
  byIndex(indexName: string, value: string): Pod[] {
    return this.d.lister.byIndex(indexName, value).filter((p) => p.spec.nodeName === this.nodeName);
  }
}

/** What a kubelet sees of the shared informer: its own pods; running it just waits (the process runs the real one). */
class NodePodView implements SharedInformer<Pod> {
  readonly resource: ResourceInfo = R.pods;
  readonly lister: Lister<Pod>;
  private readonly handlers: ResourceEventHandler<Pod>[] = [];
  private subscribed = false;

  constructor(
    private readonly d: PodDispatcher,
    private readonly nodeName: string,
  ) {
    this.lister = new NodePodLister(d, nodeName);
  }

  addEventHandler(h: ResourceEventHandler<Pod>): void {
    this.handlers.push(h);
    if (!this.subscribed) {
      this.subscribed = true;
      this.d.subscribe(this.nodeName, {
        onAdd: (pod) => {
          for (const x of this.handlers) x.onAdd?.(pod);
        },
        onUpdate: (old, pod) => {
          for (const x of this.handlers) x.onUpdate?.(old, pod);
        },
        onDelete: (pod) => {
          for (const x of this.handlers) x.onDelete?.(pod);
        },
      });
    } else {
      for (const pod of this.lister.list()) h.onAdd?.(pod);
    }
  }

  addIndexer(name: string): void {
    throw new Error(`a node's view of the shared pod informer cannot add indexer "${name}"`);
  }

  async run(signal: AbortSignal): Promise<void> {
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    this.d.unsubscribe(this.nodeName);
  }

  hasSynced(): boolean {
    return this.d.hasSynced();
  }
}
