/**
 * The `pods/eviction` subresource (pkg/registry/core/pod/storage/eviction.go): a delete that
 * respects PodDisruptionBudgets. A pod that is terminal, pending or already terminating goes at
 * once. Otherwise the one budget selecting it must allow a disruption: the eviction decrements
 * `status.disruptionsAllowed` and records the pod in `status.disruptedPods` (one CAS write, which
 * is what serialises concurrent evictions), then deletes the pod. A budget that allows none — or
 * whose status has not caught up with its spec — answers 429 TooManyRequests, and kubectl drain
 * retries. Unready pods follow `unhealthyPodEvictionPolicy` (IfHealthyBudget by default).
 */
import {
  badRequest, failure, parseFieldSelector, parseLabelSelector, rfc3339, selectorFromLabelSelector, successStatus,
  type KubeObject, type LabelSelector, type Pod, type Status,
} from '@kemu/api';
import type { RegistryContext, WriteOptions } from './context.js';
import { parseDeleteOptions } from './delete-options.js';
import type { ResourceStore } from './resource-store.js';

interface Budget extends KubeObject {
  spec?: { selector?: LabelSelector | null; unhealthyPodEvictionPolicy?: string };
  status?: { observedGeneration?: number; disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; disruptedPods?: Record<string, string> };
}

/** kube-apiserver refuses to track more evicted-but-not-yet-deleted pods per budget than this. */
const MAX_DISRUPTED_PODS = 2000;
const RETRY_AFTER_SECONDS = 10;

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Pods whose eviction never needs a budget's permission. */
function canIgnoreBudget(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || phase === undefined;
}

function selects(pdb: Budget, pod: Pod): boolean {
  const sel = pdb.spec?.selector;
  if (!sel) return false; // a nil selector selects nothing; an empty one (policy/v1) selects every pod
  try {
    return selectorFromLabelSelector(sel).matches(pod.metadata.labels);
  } catch {
    return false;
  }
}

/**
 * 429 with the budget as the cause. A budget that allows no disruption carries no Retry-After
 * (as kube-apiserver: kubectl drain then prints the refusal and retries on its own every 5 s);
 * one still being processed asks to come back in 10 s.
 */
const tooMany = (message: string, causeMessage: string, retryAfterSeconds?: number) => failure(429, 'TooManyRequests', message, {
  ...(retryAfterSeconds ? { retryAfterSeconds } : {}), causes: [{ reason: 'DisruptionBudget', message: causeMessage }],
} as never);

export async function evictPod(pods: ResourceStore, budgets: ResourceStore, ctx: RegistryContext, namespace: string, name: string,
  body: KubeObject, opts: WriteOptions): Promise<Status> {
  if (body.metadata?.name && body.metadata.name !== name) throw badRequest('name in URL does not match name in Eviction object');
  const rawOptions = (body as { deleteOptions?: unknown }).deleteOptions;
  const options = parseDeleteOptions(rawOptions ?? undefined, new URLSearchParams());
  if ((options.dryRun ?? []).includes('All')) opts.dryRun = true;
  const done = async (): Promise<Status> => {
    await pods.delete(namespace, name, options, opts);
    return { ...successStatus(), code: 201 };
  };

  const pod = await pods.get(namespace, name) as Pod;
  if (canIgnoreBudget(pod)) return done();
  const all = (await budgets.list(namespace, { label: parseLabelSelector(''), field: parseFieldSelector('') })).items as Budget[];
  const matching = all.filter((b) => selects(b, pod));
  if (matching.length === 0) return done();
  if (matching.length > 1) {
    throw failure(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  const pdb = matching[0];
  if (!isReady(pod)) {
    const policy = pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
    if (policy === 'AlwaysAllow') return done();
    const s = pdb.status ?? {};
    if ((s.observedGeneration ?? 0) >= (pdb.metadata.generation ?? 1) && (s.currentHealthy ?? 0) >= (s.desiredHealthy ?? 0) && (s.desiredHealthy ?? 0) > 0) return done();
  }

  await budgets.guaranteedUpdate(namespace, pdb.metadata.name!, (current) => {
    const b = current as Budget;
    const s = b.status ?? {};
    if ((s.observedGeneration ?? 0) < (b.metadata.generation ?? 1)) {
      throw tooMany('Cannot evict pod as it would violate the pod\'s disruption budget.',
        `The disruption budget ${b.metadata.name} is still being processed by the server.`, RETRY_AFTER_SECONDS);
    }
    if ((s.disruptionsAllowed ?? 0) < 0) throw failure(403, 'Forbidden', 'pdb disruptions allowed is negative');
    if (Object.keys(s.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
      throw failure(403, 'Forbidden', 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
    }
    if ((s.disruptionsAllowed ?? 0) === 0) {
      throw tooMany('Cannot evict pod as it would violate the pod\'s disruption budget.',
        `The disruption budget ${b.metadata.name} needs ${s.desiredHealthy ?? 0} healthy pods and has ${s.currentHealthy ?? 0} currently`);
    }
    b.status = { ...s, disruptionsAllowed: (s.disruptionsAllowed ?? 0) - 1, disruptedPods: { ...(s.disruptedPods ?? {}), [name]: rfc3339(ctx.clock.now()) } };
    return b;
  }, opts, true);
  return done();
}
