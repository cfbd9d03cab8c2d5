/**
 * Namespace deletion on a real kemu cluster with the real kubectl: `kubectl delete ns` turns the
 * namespace Terminating, the namespace controller deletes its content (the deployment, its
 * replica set and pods, services, config maps) and reports progress in the namespace's
 * conditions, and the namespace disappears once its content is gone.
 * Run under the e2e lock: `flock /tmp/kemu-e2e.lock npx vitest run test/e2e/namespace.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { Cluster, waitFor, useCluster } from './harness.js';

const IMAGE = 'gcr.io/google-samples/kubernetes-bootcamp:v1';

interface Listed {
  items: { metadata: { name: string; deletionTimestamp?: string }; status?: { phase?: string } }[];
}
interface NamespaceJson {
  metadata: { name: string; deletionTimestamp?: string };
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: { type: string; status: string; reason: string; message: string }[] };
}

const cluster = new Cluster();
const { requireCluster } = useCluster(cluster);

/** The namespace, or undefined once the apiserver no longer has it. */
async function getNamespace(name: string): Promise<NamespaceJson | undefined> {
  const r = await cluster.kubectl('get', 'namespace', name, '-o', 'json');
  if (r.code !== 0) {
    if (/NotFound/.test(r.stderr)) return undefined;
    throw new Error(`kubectl get namespace ${name} exited ${r.code}: ${r.stderr}`);
  }
  return JSON.parse(r.stdout) as NamespaceJson;
}

async function runningPods(ns: string, n: number): Promise<string[]> {
  return waitFor(
    async () => {
      const pods = await cluster.json<Listed>('get', 'pods', '-n', ns);
      const running = pods.items.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
      return running.length === n ? running.map((p) => p.metadata.name) : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 300, what: `${n} Running pods in ${ns}` },
  );
}

describe('namespace deletion', () => {
  it('kubectl delete ns: Terminating while content holds it, its pods deleted, then gone', async () => {
    requireCluster();
    expect(await cluster.k('create', 'namespace', 'x')).toContain('namespace/x created');
    const created = await getNamespace('x');
    expect(created?.spec?.finalizers).toEqual(['kubernetes']);
    expect(created?.status?.phase).toBe('Active');
    await cluster.k('create', 'deployment', 'web', '--image', IMAGE, '--replicas', '2', '-n', 'x');
    await cluster.k('expose', 'deployment', 'web', '--port', '8080', '-n', 'x');
    // A config map whose finalizer nobody removes holds the namespace in Terminating.
    await cluster.k('create', 'configmap', 'held', '--from-literal', 'a=b', '-n', 'x');
    await cluster.k('patch', 'configmap', 'held', '-n', 'x', '--type', 'merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}');
    await runningPods('x', 2);

    const del = await cluster.k('delete', 'namespace', 'x', '--wait=false');
    expect(del).toContain('namespace "x" deleted');
    const terminating = await getNamespace('x');
    expect(terminating?.status?.phase).toBe('Terminating');
    expect(terminating?.metadata.deletionTimestamp).toBeTruthy();
    expect(await cluster.k('get', 'namespace', 'x')).toMatch(/^x\s+Terminating\s/m);
    // New content is refused while it terminates.
    const refused = await cluster.kubectl('create', 'configmap', 'late', '-n', 'x');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('because it is being terminated');

    // The controller empties it: pods, replica set, deployment, service all go; only the held config map stays.
    const ns = await waitFor(
      async () => {
        const cur = await getNamespace('x');
        const c = cur?.status?.conditions?.find((k) => k.type === 'NamespaceContentRemaining');
        return c?.status === 'True' && c.message === 'Some resources are remaining: configmaps. has 1 resource instances' ? cur : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'namespace x to report only the held config map left' },
    );
    expect(ns.status?.conditions?.find((c) => c.type === 'NamespaceFinalizersRemaining')).toMatchObject({
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    });
    for (const kind of ['pods', 'replicasets', 'deployments', 'services', 'endpoints']) {
      expect(
        (await cluster.json<Listed>('get', kind, '-n', 'x')).items.map((i) => i.metadata.name),
        kind,
      ).toEqual([]);
    }
    expect((await getNamespace('x'))?.status?.phase).toBe('Terminating');

    // Let go of the config map: the namespace is finalized and removed.
    await cluster.k('patch', 'configmap', 'held', '-n', 'x', '--type', 'merge', '-p', '{"metadata":{"finalizers":null}}');
    await waitFor(async () => ((await getNamespace('x')) === undefined ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: 'namespace x to be gone',
    });
    const r = await cluster.kubectl('get', 'namespace', 'x');
    expect(r.stderr).toContain('namespaces "x" not found');
  }, 180_000);

  it('kubectl delete ns (waiting) returns once the namespace and its pods are gone', async () => {
    requireCluster();
    await cluster.k('create', 'namespace', 'y');
    await cluster.k('create', 'deployment', 'web', '--image', IMAGE, '-n', 'y');
    await runningPods('y', 1);
    const t0 = Date.now();
    expect(await cluster.k('delete', 'namespace', 'y')).toContain('namespace "y" deleted');
    const took = Date.now() - t0;
    console.log(`kubectl delete namespace y (1 running pod) took ${took} ms`);
    expect(await getNamespace('y')).toBeUndefined();
    expect((await cluster.json<Listed>('get', 'pods', '-n', 'y')).items).toEqual([]);
    // The namespace's name is free again.
    expect(await cluster.k('create', 'namespace', 'y')).toContain('namespace/y created');
  }, 120_000);
});
