/** Workload helpers shared by the cluster benchmarks: namespaces, pods, bounded-concurrency loops, pod watches. */
import { R } from '@kemu/api';
import { newSharedInformer } from '@kemu/client';

export async function ensureNamespace(client, name) {
  try {
    await client.create(R.namespaces, undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (err) {
    if (err?.status?.reason !== 'AlreadyExists' && err?.code !== 409) throw err;
  }
}

/** A small pending pod (pause image, 10m CPU / 16Mi requests), optionally pre-bound. */
export function pausePod(name, namespace, { nodeName, labels = { app: 'bench' } } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
    },
  };
}

/** Runs fn(i) for i in [0, n) with at most `conc` in flight; returns per-call latencies (ms). */
export async function forEachLimit(n, conc, fn) {
  const lat = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await fn(i);
      lat[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: Math.min(conc, n) }, worker));
  return lat;
}

/**
 * Watches the pods of a namespace and stamps, per pod, when this process first saw it
 * (added), bound (spec.nodeName), Running and Ready. Times are performance.now() ms.
 */
export function podTimeline(client, namespace, signal) {
  const informer = newSharedInformer(client, R.pods, { namespace });
  const pods = new Map();
  const counts = { added: 0, bound: 0, running: 0, ready: 0 };
  const seen = (p) => {
    const now = performance.now();
    let t = pods.get(p.metadata.uid);
    if (!t) {
      t = {};
      pods.set(p.metadata.uid, t);
    }
    if (t.added === undefined) {
      t.added = now;
      counts.added++;
    }
    if (t.bound === undefined && p.spec.nodeName) {
      t.bound = now;
      counts.bound++;
    }
    if (t.running === undefined && p.status?.phase === 'Running') {
      t.running = now;
      counts.running++;
    }
    if (t.ready === undefined && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) {
      t.ready = now;
      counts.ready++;
    }
  };
  informer.addEventHandler({ onAdd: seen, onUpdate: (_o, p) => seen(p) });
  void informer.run(signal);
  return { pods, counts, informer };
}
