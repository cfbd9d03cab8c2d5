/**
 * startKubelet: one node agent — Node registration and status, the node Lease heartbeat, the
 * pod informer (spec.nodeName=<node>) feeding per-pod workers that drive the simulated runtime,
 * the prober, and the kubelet HTTP API. Several can run in one process (tests, hollow nodes).
 */
import { R, deepEqual, objectKey, realClock, timingsFor, type Clock, type Pod, type Timings } from '@kemu/api';
import { EventBroadcaster, newSharedInformer, silentLogger, type Client, type EventRecorder, type SharedInformer } from '@kemu/client';
import type { Logger } from 'pino';
import type { Heartbeats } from './hollow/heartbeat-scheduler.js';
import { NodeLeaseController } from './node/node-lease.js';
import { newBootID, type NodeIdentity } from './node/node-object.js';
import { NodeStatusReporter } from './node/node-status-reporter.js';
import { IPAllocator } from './pod/ip-allocator.js';
import { PodSyncer } from './pod/pod-syncer.js';
import { PodWorkers } from './pod/pod-workers.js';
import { StatusManager } from './pod/status-manager.js';
import { ProberManager } from './prober/prober-manager.js';
import type { ImageRecord } from './runtime/image-catalog.js';
import { SimRuntime } from './runtime/runtime.js';
import { serveKubeletApi } from './server/kubelet-server.js';

export interface KubeletOptions {
  client: Client;
  nodeName: string;
  nodeIP: string;
  podCIDR: string;
  /** kubelet API port on nodeIP; 0 picks a free one. Default 10250. */
  port?: number;
  /** Default timingsFor('fast'). */
  timings?: Timings;
  /** Drives the runtime, probes, backoff, heartbeats. Default the real clock. */
  clock?: Clock;
  logger?: Logger;
  /** Capacity: default cpu 4, memory 8Gi, maxPods 110, ephemeral storage 100Gi. */
  cpu?: string;
  memory?: string;
  maxPods?: number;
  ephemeralStorage?: string;
  /** Default IMAGE_CATALOG. */
  catalog?: readonly ImageRecord[];
  /** Event recorder; default an EventBroadcaster writing through `client` as component kubelet. */
  recorder?: EventRecorder;
  /** How often every pod is re-synced even without events. Default 10 s. */
  resyncIntervalMs?: number;
  /**
   * This node's pods. Default: its own informer on `spec.nodeName=<node>`. Hollow nodes pass a
   * view of one informer shared by the process (its `run` just waits).
   */
  pods?: SharedInformer<Pod>;
  /** Runs the Lease heartbeat on a shared scheduler instead of the node's own loop (hollow nodes). */
  heartbeats?: Heartbeats;
}

export interface Kubelet {
  readonly nodeName: string;
  /** The port the kubelet API listens on. */
  readonly port: number;
  readonly runtime: SimRuntime;
  /** Resolves once the Node is registered and the pod cache has synced. */
  ready(): Promise<void>;
  /** Stops everything (containers die with it, as with a killed process). Idempotent. */
  close(): Promise<void>;
}

function sameExceptStatus(a: Pod, b: Pod): boolean {
  return (
    a.metadata.uid === b.metadata.uid &&
    a.metadata.deletionTimestamp === b.metadata.deletionTimestamp &&
    a.metadata.deletionGracePeriodSeconds === b.metadata.deletionGracePeriodSeconds &&
    deepEqual(a.spec, b.spec) &&
    deepEqual(a.metadata.labels, b.metadata.labels) &&
    deepEqual(a.metadata.annotations, b.metadata.annotations)
  );
}

export async function startKubelet(opts: KubeletOptions): Promise<Kubelet> {
  const clock = opts.clock ?? realClock;
  const timings = opts.timings ?? timingsFor('fast');
  const log = (opts.logger ?? silentLogger).child({ node: opts.nodeName });
  const abort = new AbortController();
  const signal = abort.signal;
  const broadcaster = opts.recorder
    ? undefined
    : new EventBroadcaster(opts.client, { component: 'kubelet', host: opts.nodeName, clock, logger: log });
  const recorder = opts.recorder ?? broadcaster!.recorder();

  const informer =
    opts.pods ?? newSharedInformer<Pod>(opts.client, R.pods, { fieldSelector: `spec.nodeName=${opts.nodeName}`, logger: log });
  const ips = new IPAllocator(opts.podCIDR);
  let syncer: PodSyncer | undefined;
  const onPodEvent = (uid: string) => {
    const key = syncer?.keyOf(uid);
    if (key) workers.update(key);
  };
  const runtime = new SimRuntime({ clock, nodeName: opts.nodeName, catalog: opts.catalog, onContainerEvent: onPodEvent });
  const prober = new ProberManager({ clock, recorder, onChange: onPodEvent });
  const workers: PodWorkers = new PodWorkers((key) => syncer!.sync(key), clock, log.child({ module: 'pod-workers' }));
  syncer = new PodSyncer({
    nodeName: opts.nodeName,
    nodeIP: opts.nodeIP,
    client: opts.client,
    pods: informer.lister,
    runtime,
    ips,
    prober,
    status: new StatusManager(opts.client, clock, log.child({ module: 'status-manager' })),
    recorder,
    clock,
    timings,
    log: log.child({ module: 'pod-syncer' }),
    requeue: (key, ms) => workers.updateAfter(key, ms),
    maxPods: opts.maxPods ?? 110,
  });
  informer.addEventHandler({
    onAdd: (pod) => workers.update(objectKey(pod)),
    // Like kubelet's pod config, status-only changes (mostly our own writes) trigger no sync;
    // a status overwritten by someone else is restored by the periodic resync.
    onUpdate: (old, pod) => {
      if (!sameExceptStatus(old, pod)) workers.update(objectKey(pod));
    },
    onDelete: (pod) => workers.update(objectKey(pod)),
  });

  const identity: NodeIdentity = {
    nodeName: opts.nodeName,
    nodeIP: opts.nodeIP,
    podCIDR: opts.podCIDR,
    port: 0,
    cpu: opts.cpu ?? '4',
    memory: opts.memory ?? '8Gi',
    maxPods: opts.maxPods ?? 110,
    ephemeralStorage: opts.ephemeralStorage ?? '100Gi',
    bootID: newBootID(),
  };
  const server = await serveKubeletApi({
    host: opts.nodeIP,
    port: opts.port ?? 10250,
    runtime,
    pods: informer.lister,
    clock,
    log: log.child({ module: 'server' }),
    waitingReason: (uid, c) => syncer!.waitingReason(uid, c),
    client: opts.client,
  });
  identity.port = server.port;

  const reporter = new NodeStatusReporter({
    client: opts.client,
    identity,
    clock,
    timings,
    log: log.child({ module: 'node-status' }),
    images: () => runtime.listImages().map((i) => ({ names: [i.imageID, i.name], sizeBytes: i.sizeBytes })),
  });
  const lease = new NodeLeaseController({
    client: opts.client,
    nodeName: opts.nodeName,
    clock,
    timings,
    log: log.child({ module: 'node-lease' }),
    node: () => reporter.current(),
  });

  const tasks: Promise<void>[] = [];
  tasks.push(informer.run(signal));
  tasks.push(reporter.run(signal));
  tasks.push(
    (async () => {
      // The Lease's ownerReference needs the Node's uid: start heartbeating once registered.
      while (!signal.aborted && !reporter.isRegistered()) await clock.sleep(50, signal);
      if (signal.aborted) return;
      if (opts.heartbeats) opts.heartbeats.add(() => lease.renew(), signal, opts.nodeName);
      else await lease.run(signal);
    })(),
  );
  const resyncMs = opts.resyncIntervalMs ?? 10_000;
  const resync = () => {
    if (signal.aborted) return;
    for (const key of new Set([...informer.lister.list().map(objectKey), ...syncer!.trackedKeys()])) workers.update(key);
    cancelResync = clock.setTimeout(resync, resyncMs);
  };
  let cancelResync = clock.setTimeout(resync, resyncMs);
  log.info({ nodeIP: opts.nodeIP, port: server.port, podCIDR: opts.podCIDR }, 'kubelet started');

  let closing: Promise<void> | undefined;
  return {
    nodeName: opts.nodeName,
    port: server.port,
    runtime,
    async ready() {
      while (!signal.aborted && !(reporter.isRegistered() && informer.hasSynced())) await new Promise((r) => setTimeout(r, 10));
    },
    close() {
      closing ??= (async () => {
        abort.abort();
        cancelResync();
        await workers.close();
        prober.close();
        runtime.shutdown();
        await server.close();
        await Promise.allSettled(tasks);
        await broadcaster?.flush();
        log.info({}, 'kubelet stopped');
      })();
      return closing;
    },
  };
}
