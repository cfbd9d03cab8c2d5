/**
 * Hollow nodes (kubemark/KWOK-style): one process runs many nodes `<prefix>-<i>`, i = first …
 * first + count − 1, each on hollowNodeIP(i) with pod CIDR hollowPodCIDR(i). What the nodes of a
 * process share:
 * - one API client, capped at `maxInFlight` concurrent requests (throttledClient);
 * - ONE pod informer (`spec.nodeName!=`), dispatching events by nodeName (PodDispatcher);
 * - one HeartbeatScheduler: a single timer for every Lease renewal, jittered, never overlapping.
 *
 * The pool's `mode` decides how pods run:
 * - `full`: every node is a complete startKubelet — containers really listen on their pod IPs,
 *   probes, logs, exec, the kubelet API on nodeIP:port;
 * - `status-only`: nodes are HollowStatusNodes and StatusOnlyPods posts the status transitions
 *   (no sockets at all: `kubectl logs/exec` cannot reach these nodes).
 * No kube-proxy runs for hollow nodes.
 */
import { realClock, timingsFor, type Clock } from '@kemu/api';
import { silentLogger } from '@kemu/client';
import type { Logger } from 'pino';
import { startKubelet, type Kubelet, type KubeletOptions } from '../kubelet.js';
import { newBootID } from '../node/node-object.js';
import { MAX_HOLLOW_NODE_INDEX, hollowNodeIP, hollowPodCIDR } from './address-plan.js';
import { HeartbeatScheduler } from './heartbeat-scheduler.js';
import { PodDispatcher } from './pod-dispatcher.js';
import { HollowStatusNode } from './status-only-node.js';
import { StatusOnlyPods } from './status-only-pods.js';
import { throttledClient, type ThrottledClient } from './throttled-client.js';

export type HollowMode = 'full' | 'status-only';

export const HOLLOW_MODES: readonly HollowMode[] = ['full', 'status-only'];

export interface HollowNodesOptions extends Omit<KubeletOptions, 'nodeName' | 'nodeIP' | 'podCIDR' | 'pods' | 'heartbeats'> {
  count: number;
  /** Index of the first node. Default 1. */
  first?: number;
  /** Node name prefix. Default `node`. */
  prefix?: string;
  /** Default `full`. */
  mode?: HollowMode;
  /** Concurrent API requests of the whole pool. Default 16: RestClient keeps 16 idle keep-alive sockets, so more would churn connections. */
  maxInFlight?: number;
}

export interface HollowNodesStats {
  nodes: number;
  registered: number;
  pods: number;
  heartbeats: number;
  heartbeatFailures: number;
  queuedRequests: number;
}

export interface HollowNodes {
  readonly mode: HollowMode;
  readonly nodeNames: readonly string[];
  /** The kubelets of a `full` pool (empty for status-only). */
  readonly kubelets: readonly Kubelet[];
  /** Resolves once every node is registered and the pod cache has synced. */
  ready(signal?: AbortSignal): Promise<void>;
  isReady(): boolean;
  stats(): HollowNodesStats;
  /** Stops every node (idempotent). */
  close(): Promise<void>;
}

export async function startHollowNodes(opts: HollowNodesOptions): Promise<HollowNodes> {
  const { count, first = 1, prefix = 'node', mode = 'full', maxInFlight = 16, ...common } = opts;
  if (!Number.isInteger(count) || count < 1) throw new Error(`hollow node count must be a positive integer (got ${count})`);
  if (!Number.isInteger(first) || first < 1 || first + count - 1 > MAX_HOLLOW_NODE_INDEX) {
    throw new Error(`hollow node indexes must lie in 1…${MAX_HOLLOW_NODE_INDEX} (got ${first}…${first + count - 1})`);
  }
  if (!HOLLOW_MODES.includes(mode)) throw new Error(`hollow mode must be one of ${HOLLOW_MODES.join(', ')} (got "${mode}")`);
  const clock: Clock = common.clock ?? realClock;
  const timings = common.timings ?? timingsFor('fast');
  const log: Logger = (common.logger ?? silentLogger).child({ hollow: prefix });
  const client: ThrottledClient = throttledClient(common.client, maxInFlight);
  const abort = new AbortController();
  const dispatcher = new PodDispatcher(client, log);
  const heartbeats = new HeartbeatScheduler({
    clock,
    intervalMs: timings.nodeLeaseRenewIntervalMs,
    log: log.child({ module: 'heartbeats' }),
  });
  const informerDone = dispatcher.run(abort.signal);
  const names: string[] = [];
  for (let i = first; i < first + count; i++) names.push(`${prefix}-${i}`);

  const kubelets: Kubelet[] = [];
  const statusNodes: HollowStatusNode[] = [];
  let statusPods: StatusOnlyPods | undefined;
  const cleanup = async () => {
    abort.abort();
    heartbeats.close();
    for (const n of statusNodes) n.close();
    await Promise.all([statusPods?.close(), ...kubelets.map((k) => k.close())]);
    await informerDone;
  };

  try {
    if (mode === 'full') {
      for (let i = first; i < first + count; i++) {
        const nodeName = `${prefix}-${i}`;
        kubelets.push(
          await startKubelet({
            ...common,
            client,
            clock,
            timings,
            nodeName,
            nodeIP: hollowNodeIP(i),
            podCIDR: hollowPodCIDR(i),
            pods: dispatcher.viewFor(nodeName),
            heartbeats,
          }),
        );
      }
    } else {
      statusPods = new StatusOnlyPods({
        client,
        pods: dispatcher.lister,
        clock,
        log: log.child({ module: 'status-only-pods' }),
        catalog: common.catalog,
      });
      for (let i = first; i < first + count; i++) {
        const nodeName = `${prefix}-${i}`;
        const node = new HollowStatusNode({
          client,
          clock,
          timings,
          log,
          heartbeats,
          pods: statusPods,
          identity: {
            nodeName,
            nodeIP: hollowNodeIP(i),
            podCIDR: hollowPodCIDR(i),
            port: common.port ?? 10250,
            cpu: common.cpu ?? '4',
            memory: common.memory ?? '8Gi',
            maxPods: common.maxPods ?? 110,
            ephemeralStorage: common.ephemeralStorage ?? '100Gi',
            bootID: newBootID(),
          },
          onClose: () => dispatcher.unsubscribe(nodeName),
        });
        statusNodes.push(node);
        dispatcher.subscribe(nodeName, statusPods.handler);
        void node.start();
      }
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  log.info({ count, first, mode, maxInFlight }, 'hollow nodes started');

  let kubeletsReady = false;
  if (mode === 'full')
    void Promise.all(kubelets.map((k) => k.ready())).then(() => {
      kubeletsReady = !abort.signal.aborted;
    });
  const nameSet = new Set(names);
  const isReady = () => dispatcher.hasSynced() && (mode === 'full' ? kubeletsReady : statusNodes.every((n) => n.isRegistered()));
  let closing: Promise<void> | undefined;
  return {
    mode,
    nodeNames: names,
    kubelets,
    isReady,
    async ready(signal) {
      if (mode === 'full') {
        await Promise.all(kubelets.map((k) => k.ready()));
        return;
      }
      while (!signal?.aborted && !abort.signal.aborted && !isReady()) await clock.sleep(20, signal);
    },
    stats() {
      const hb = heartbeats.stats();
      return {
        nodes: count,
        registered: mode === 'full' ? kubelets.length : statusNodes.filter((n) => n.isRegistered()).length,
        pods: dispatcher.lister.list().filter((p) => nameSet.has(p.spec.nodeName!)).length,
        heartbeats: hb.beats,
        heartbeatFailures: hb.failures,
        queuedRequests: client.throttle.queued(),
      };
    },
    close() {
      closing ??= cleanup().then(() => log.info({ count }, 'hollow nodes stopped'));
      return closing;
    },
  };
}
