/**
 * Empties a terminating namespace (Kubernetes' NamespacedResourcesDeleter): for every namespaced
 * resource discovery reports as deletable, delete what the namespace holds (background
 * propagation), then count what is left. While content remains, `delete` answers an estimate of
 * the seconds it still needs (the longest pod grace period, or 15 s for objects held by
 * finalizers) and the caller comes back later; once nothing is left, it removes the `kubernetes`
 * token from spec.finalizers through `namespaces/<name>/finalize` and the apiserver removes the
 * namespace. Each pass records what it found in the namespace's deletion conditions.
 */
import type { KubeObject, Namespace, Pod, ResourceInfo } from '@kemu/api';
import { R, deepEqual, isMethodNotAllowed, isNotFound, rfc3339, type Clock } from '@kemu/api';
import { DefaultRetry, retryOnConflict, type Client } from '@kemu/client';
import type { Logger } from 'pino';
import { groupResource, namespaceConditions, type DeletionReport } from './conditions.js';

/** The spec.finalizers token this controller owns. */
export const FINALIZER_KUBERNETES = 'kubernetes';
/** Kubernetes' default wait for objects that still carry finalizers. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** What one resource of the namespace had left after a deletion pass. */
interface ResourceLeft {
  estimateSeconds: number;
  remaining: number;
  finalizers: Map<string, number>;
  error?: unknown;
}

export class NamespacedResourcesDeleter {
  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly finalizerToken = FINALIZER_KUBERNETES,
  ) {}

  /**
   * One pass over namespace `name`. Resolves with 0 when there is nothing (more) to do, or with
   * the estimated seconds until the remaining content is gone; rejects when a step failed.
   */
  async delete(name: string): Promise<number> {
    let ns: Namespace | undefined;
    try {
      ns = await this.client.get<Namespace>(R.namespaces, undefined, name);
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
    if (!ns.metadata.deletionTimestamp) return 0;
    ns = await this.updateNamespace(ns, (cur) => this.ensureTerminating(cur));
    if (!ns?.metadata.deletionTimestamp) return 0;
    // Finalized by us already (other finalizers are someone else's to remove).
    if (!(ns.spec?.finalizers ?? []).includes(this.finalizerToken)) return 0;

    const deleted = await this.deleteAllContent(ns);
    ns = deleted.ns;
    const estimate = deleted.estimate;
    if (estimate > 0) return estimate;

    await this.updateNamespace(ns, (cur) => this.finalize(cur));
    this.logger.info({ namespace: name }, 'Namespace content removed; finalized');
    return 0;
  }

  private ensureTerminating(ns: Namespace): Promise<Namespace> | Namespace {
    if (ns.status?.phase === 'Terminating') return ns;
    return this.client.updateStatus<Namespace>(R.namespaces, { ...ns, status: { ...ns.status, phase: 'Terminating' } });
  }

  private async finalize(ns: Namespace): Promise<Namespace> {
    const finalizers = [...new Set((ns.spec?.finalizers ?? []).filter((f) => f !== this.finalizerToken))].sort();
    return this.client.updateSubresource<Namespace>(R.namespaces, { ...ns, spec: { ...ns.spec, finalizers } }, 'finalize');
  }

  /**
   * Deletes everything in the namespace; answers the estimate of seconds until it is all gone,
   * and the namespace as last written.
   */
  private async deleteAllContent(ns: Namespace): Promise<{ ns: Namespace; estimate: number }> {
    const name = ns.metadata.name!;
    const errors: unknown[] = [];
    const report: DeletionReport = { contentErrors: [], remaining: new Map(), finalizersRemaining: new Map() };
    let resources: ResourceInfo[] = [];
    try {
      resources = await this.client.serverResources();
    } catch (err) {
      // Not fatal in Kubernetes either: the pass reports it and is retried.
      errors.push(err);
      report.discoveryError = errorMessage(err);
    }
    let estimate = 0;
    for (const r of resources.filter(deletable)) {
      const left = await this.deleteAllContentOf(r, name);
      estimate = Math.max(estimate, left.estimateSeconds);
      if (left.error !== undefined) {
        errors.push(left.error);
        report.contentErrors.push(`${groupResource(r)}: ${errorMessage(left.error)}`);
      }
      if (left.remaining > 0) report.remaining.set(groupResource(r), left.remaining);
      for (const [f, n] of left.finalizers) report.finalizersRemaining.set(f, (report.finalizersRemaining.get(f) ?? 0) + n);
    }
    const updated = await this.updateConditions(ns, report);
    if (errors.length > 0) {
      throw new AggregateError(errors, `namespace ${name}: ${errors.map(errorMessage).join('; ')}`);
    }
    if (estimate > 0 || report.remaining.size > 0) {
      this.logger.debug(
        { namespace: name, estimateSeconds: estimate, remaining: Object.fromEntries(report.remaining) },
        'Namespace content remains',
      );
    }
    return { ns: updated, estimate };
  }

  private async deleteAllContentOf(r: ResourceInfo, namespace: string): Promise<ResourceLeft> {
    const left: ResourceLeft = { estimateSeconds: 0, remaining: 0, finalizers: new Map() };
    let items = await this.listOrNothing(r, namespace, left);
    if (items.length === 0) return left;
    if (r.group === '' && r.resource === 'pods') left.estimateSeconds = podsEstimate(items as Pod[]);
    try {
      for (const item of items) {
        // Already going: deleting again would change nothing.
        if (item.metadata.deletionTimestamp) continue;
        try {
          await this.client.delete(r, namespace, item.metadata.name!, { propagationPolicy: 'Background' });
        } catch (err) {
          if (!isNotFound(err) && !isMethodNotAllowed(err)) throw err;
        }
      }
    } catch (err) {
      left.error = err;
      return left;
    }
    items = await this.listOrNothing(r, namespace, left);
    // Kubernetes keeps the pods' estimate even when they are already gone (one more wait of
    // estimate/2 + 1 s); kemu finalizes at once.
    if (items.length === 0) {
      left.estimateSeconds = 0;
      return left;
    }
    left.remaining = items.length;
    for (const item of items) for (const f of item.metadata.finalizers ?? []) left.finalizers.set(f, (left.finalizers.get(f) ?? 0) + 1);
    if (left.estimateSeconds > 0) return left;
    if (left.finalizers.size > 0) {
      left.estimateSeconds = FINALIZER_ESTIMATE_SECONDS;
      return left;
    }
    left.error = new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${groupResource(r)}`);
    return left;
  }

  /** The namespace's objects of r; none when r cannot be listed, and `left.error` on failure. */
  private async listOrNothing(r: ResourceInfo, namespace: string, left: ResourceLeft): Promise<KubeObject[]> {
    if (!r.verbs.includes('list')) return [];
    try {
      return (await this.client.list(r, { namespace })).items;
    } catch (err) {
      if (!isNotFound(err) && !isMethodNotAllowed(err)) left.error = err;
      return [];
    }
  }

  /**
   * Writes the deletion conditions when they changed; a failure only costs this report.
   * Answers the namespace as stored afterwards.
   */
  private async updateConditions(ns: Namespace, report: DeletionReport): Promise<Namespace> {
    const conditions = namespaceConditions(ns.status?.conditions, report, rfc3339(this.clock.now()));
    if (deepEqual(conditions, ns.status?.conditions ?? [])) return ns;
    try {
      return await this.client.updateStatus<Namespace>(R.namespaces, { ...ns, status: { ...ns.status, conditions } });
    } catch (err) {
      this.logger.warn({ err, namespace: ns.metadata.name }, 'Could not update namespace deletion conditions');
      return ns;
    }
  }

  /**
   * Runs fn on the namespace, re-reading it after a conflict (DefaultRetry). Resolves undefined
   * once the namespace is gone; rejects if it was replaced (another uid).
   */
  private async updateNamespace(ns: Namespace, fn: (cur: Namespace) => Promise<Namespace> | Namespace): Promise<Namespace | undefined> {
    let cur: Namespace | undefined;
    try {
      return await retryOnConflict(
        DefaultRetry,
        async () => {
          if (cur) {
            const latest = await this.client.get<Namespace>(R.namespaces, undefined, ns.metadata.name!);
            if (latest.metadata.uid !== ns.metadata.uid) throw new Error(`namespace ${ns.metadata.name} uid has changed across retries`);
            cur = latest;
          } else {
            cur = ns;
          }
          return await fn(cur);
        },
        { clock: this.clock },
      );
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

/** Namespaced, and deletable: what the namespace controller empties. */
function deletable(r: ResourceInfo): boolean {
  return r.namespaced && r.verbs.includes('delete');
}

/** The longest grace period among pods still running: how long their deletion may take. */
function podsEstimate(pods: Pod[]): number {
  let estimate = 0;
  for (const p of pods) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    estimate = Math.max(estimate, p.spec?.terminationGracePeriodSeconds ?? 0);
  }
  return estimate;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
