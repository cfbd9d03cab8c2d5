/**
 * The conditions a terminating namespace reports (Kubernetes' namespace deletion condition
 * updater): always all five, `False` with a fixed reason and message when fine, `True` with what
 * went wrong otherwise. lastTransitionTime changes only when a condition's status does.
 */
import type { Condition } from '@kemu/api';
import { setCondition } from '@kemu/api';

export type NamespaceConditionType =
  | 'NamespaceDeletionDiscoveryFailure'
  | 'NamespaceDeletionGroupVersionParsingFailure'
  | 'NamespaceDeletionContentFailure'
  | 'NamespaceContentRemaining'
  | 'NamespaceFinalizersRemaining';

/** In the order Kubernetes lists them. */
const OK: Record<NamespaceConditionType, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
};

/** What one pass over the namespace's content found. */
export interface DeletionReport {
  /** Discovery failed (message of the error). */
  discoveryError?: string;
  /** `resource.group: error` for each resource whose content could not be deleted. */
  contentErrors: string[];
  /** Objects left per `resource.group`. */
  remaining: Map<string, number>;
  /** Objects left per finalizer they still carry. */
  finalizersRemaining: Map<string, number>;
}

function failures(report: DeletionReport): Partial<Record<NamespaceConditionType, { reason: string; message: string }>> {
  const out: Partial<Record<NamespaceConditionType, { reason: string; message: string }>> = {};
  if (report.discoveryError !== undefined) {
    out.NamespaceDeletionDiscoveryFailure = {
      reason: 'DiscoveryFailed',
      message: `Discovery failed for some groups, 1 failing: ${report.discoveryError}`,
    };
  }
  if (report.contentErrors.length > 0) {
    out.NamespaceDeletionContentFailure = {
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${report.contentErrors.length} remaining: ${[...report.contentErrors].sort().join(', ')}`,
    };
  }
  if (report.remaining.size > 0) {
    const parts = [...report.remaining].map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
    out.NamespaceContentRemaining = { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${parts.join(', ')}` };
  }
  if (report.finalizersRemaining.size > 0) {
    const parts = [...report.finalizersRemaining].map(([f, n]) => `${f} in ${n} resource instances`).sort();
    out.NamespaceFinalizersRemaining = {
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${parts.join(', ')}`,
    };
  }
  return out;
}

/** The namespace's conditions after `report`: the five deletion conditions set, any others kept. */
export function namespaceConditions(current: Condition[] | undefined, report: DeletionReport, now: string): Condition[] {
  const bad = failures(report);
  let next = current;
  for (const type of Object.keys(OK) as NamespaceConditionType[]) {
    const failure = bad[type];
    next = setCondition(next, { type, status: failure ? 'True' : 'False', ...(failure ?? OK[type]) }, now);
  }
  return next ?? [];
}

/** `resource.group`, as Kubernetes names a resource in these messages (`pods.` for the core group). */
export function groupResource(r: { group: string; resource: string }): string {
  return `${r.resource}.${r.group}`;
}
