/**
 * The `pods/eviction` subresource (pkg/registry/core/pod/storage/eviction.go): a delete that
 * respects PodDisruptionBudgets. A pod that is terminal, pending or already terminating goes at
 * once. Otherwise the one budget selecting it must allow a disruption: the eviction decrements
 * `status.disruptionsAllowed` and records the pod in `status.disruptedPods` (one CAS write, which
 * is what serialises concurrent evictions), then deletes the pod. A budget that allows none — or
 * whose status has not caught up with its spec — answers 429 TooManyRequests, and kubectl drain
 * retries. Unready pods follow `unhealthyPodEvictionPolicy` (IfHealthyBudget by default).
 *
 * Every delete that was decided on the pod's state without spending the budget (a pending pod, an
 * unready one) is pinned to the resourceVersion that was judged: a pod that turned Running or
 * Ready in between is not deleted on the strength of its old state.
 */
import {
  badRequest,
  failure,
  isConflict,
  parseFieldSelector,
  parseLabelSelector,
  rfc3339,
  selectorFromLabelSelector,
  successStatus,
  type KubeObject,
  type LabelSelector,
  type Pod,
  type Status,
} from '@kemu/api';
import type { RegistryContext, WriteOptions } from './context.js';
import { parseDeleteOptions, type DeleteOptionsBody } from './delete-options.js';
import type { ResourceStore } from './resource-store.js';

interface BudgetCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}
interface Budget extends KubeObject {
  spec?: { selector?: LabelSelector | null; unhealthyPodEvictionPolicy?: string };
  status?: {
    observedGeneration?: number;
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    disruptedPods?: Record<string, string>;
    conditions?: BudgetCondition[];
  };
}

/** kube-apiserver refuses to track more evicted-but-not-yet-deleted pods per budget than this. */
const MAX_DISRUPTED_PODS = 2000;
const RETRY_AFTER_SECONDS = 10;
/** Attempts at deleting a pod that needs no budget while it keeps changing under us (EvictionsRetry). */
const CONFLICT_ATTEMPTS = 20;
const REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Pods whose eviction never needs a budget's permission. */
function canIgnoreBudget(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.metadata.deletionTimestamp || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';
}

/** A pending pod may start running at any moment: its delete must be of the state that was judged. */
function mustPinResourceVersion(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

function pinnedTo(options: DeleteOptionsBody, pod: Pod): DeleteOptionsBody {
  return { ...options, preconditions: { ...options.preconditions, resourceVersion: pod.metadata.resourceVersion } };
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
const tooMany = (causeMessage: string, retryAfterSeconds?: number) =>
  failure(429, 'TooManyRequests', REFUSED, {
    ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    causes: [{ reason: 'DisruptionBudget', message: causeMessage }],
  } as never);
const stillProcessing = (budget: string) =>
  tooMany(`The disruption budget ${budget} is still being processed by the server.`, RETRY_AFTER_SECONDS);

/** The DisruptionAllowed condition for the budget's disruptionsAllowed (pdb helper UpdateDisruptionAllowedCondition). */
function withDisruptionAllowedCondition(b: Budget, now: string): BudgetCondition[] {
  const allowed = (b.status?.disruptionsAllowed ?? 0) > 0;
  const next: BudgetCondition = allowed
    ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '' }
    : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' };
  const conditions = b.status?.conditions ?? [];
  const prev = conditions.find((c) => c.type === 'DisruptionAllowed');
  const merged: BudgetCondition = {
    ...next,
    observedGeneration: b.metadata.generation,
    lastTransitionTime: prev && prev.status === next.status ? prev.lastTransitionTime : now,
  };
  return prev ? conditions.map((c) => (c === prev ? merged : c)) : [...conditions, merged];
}

export async function evictPod(
  pods: ResourceStore,
  budgets: ResourceStore,
  ctx: RegistryContext,
  namespace: string,
  name: string,
  body: KubeObject,
  opts: WriteOptions,
): Promise<Status> {
  if (body.metadata?.name && body.metadata.name !== name) throw badRequest('name in URL does not match name in Eviction object');
  const rawOptions = (body as { deleteOptions?: unknown }).deleteOptions;
  const options = parseDeleteOptions(rawOptions ?? undefined, new URLSearchParams());
  if ((options.dryRun ?? []).includes('All')) opts.dryRun = true;
  // A client that pinned the pod's resourceVersion itself gets its conflict back instead of a retry.
  const clientPinned = options.preconditions?.resourceVersion !== undefined;
  const evicted = async (deleteOptions: DeleteOptionsBody): Promise<Status> => {
    await pods.delete(namespace, name, deleteOptions, opts);
    return { ...successStatus(), code: 201 };
  };

  let pod: Pod;
  for (let attempt = 1; ; attempt++) {
    pod = (await pods.get(namespace, name)) as Pod;
    if (!canIgnoreBudget(pod)) break;
    try {
      return await evicted(mustPinResourceVersion(pod) && !clientPinned ? pinnedTo(options, pod) : options);
    } catch (err) {
      if (!isConflict(err) || clientPinned || attempt >= CONFLICT_ATTEMPTS) throw err;
    }
  }

  const all = (await budgets.list(namespace, { label: parseLabelSelector(''), field: parseFieldSelector('') })).items as Budget[];
  const matching = all.filter((b) => selects(b, pod));
  if (matching.length === 0) return evicted(options);
  if (matching.length > 1) {
    throw failure(500, 'InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  const pdb = matching[0];
  if (!isReady(pod)) {
    // An unready pod does not count as healthy: deleting it spends nothing of the budget.
    const policy = pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
    const s = pdb.status ?? {};
    const healthyBudget =
      (s.observedGeneration ?? 0) >= (pdb.metadata.generation ?? 1) &&
      (s.currentHealthy ?? 0) >= (s.desiredHealthy ?? 0) &&
      (s.desiredHealthy ?? 0) > 0;
    if (policy === 'AlwaysAllow' || healthyBudget) {
      try {
        return await evicted(clientPinned ? options : pinnedTo(options, pod));
      } catch (err) {
        // The pod changed since it was judged unready (it may be Ready now): let the client retry.
        if (isConflict(err) && !clientPinned) throw stillProcessing(pdb.metadata.name!);
        throw err;
      }
    }
  }

  await budgets.guaranteedUpdate(
    namespace,
    pdb.metadata.name!,
    (current) => {
      const b = current as Budget;
      const s = b.status ?? {};
      if ((s.observedGeneration ?? 0) < (b.metadata.generation ?? 1)) throw stillProcessing(b.metadata.name!);
      if ((s.disruptionsAllowed ?? 0) < 0) throw failure(403, 'Forbidden', 'pdb disruptions allowed is negative');
      if (Object.keys(s.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
        throw failure(403, 'Forbidden', 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
      }
      if ((s.disruptionsAllowed ?? 0) === 0) {
        throw tooMany(
          `The disruption budget ${b.metadata.name} needs ${s.desiredHealthy ?? 0} healthy pods and has ${s.currentHealthy ?? 0} currently`,
        );
      }
      const now = rfc3339(ctx.clock.now());
      b.status = { ...s, disruptionsAllowed: (s.disruptionsAllowed ?? 0) - 1, disruptedPods: { ...(s.disruptedPods ?? {}), [name]: now } };
      if (b.status.disruptionsAllowed === 0) b.status.conditions = withDisruptionAllowedCondition(b, now);
      return b;
    },
    opts,
    true,
  );
  return evicted(options);
}
