/**
 * The kind registry: every built-in kind kemu serves, one descriptor per kind and version, one
 * file each under `kinds/<group>/`. Adding a kind is one file and one line here.
 *
 * The order is discovery's, and matters to kubectl for ambiguous names: core first, then the
 * named groups in kube-apiserver's order, `metrics.k8s.io` last (so `pods`/`nodes` resolve to
 * core). A group's preferred version comes first (autoscaling/v2 before autoscaling/v1).
 */
import type { KindDescriptor } from './descriptor.js';
import { namespaceKind } from './core/namespace.js';
import { nodeKind } from './core/node.js';
import { podKind } from './core/pod.js';
import { bindingKind } from './core/binding.js';
import { serviceKind } from './core/service.js';
import { endpointsKind } from './core/endpoints.js';
import { eventKind } from './core/event.js';
import { replicationControllerKind } from './core/replication-controller.js';
import { configMapKind } from './core/config-map.js';
import { secretKind } from './core/secret.js';
import { serviceAccountKind } from './core/service-account.js';
import { persistentVolumeKind } from './core/persistent-volume.js';
import { persistentVolumeClaimKind } from './core/persistent-volume-claim.js';
import { resourceQuotaKind } from './core/resource-quota.js';
import { limitRangeKind } from './core/limit-range.js';
import { podTemplateKind } from './core/pod-template.js';
import { deploymentKind } from './apps/deployment.js';
import { replicaSetKind } from './apps/replica-set.js';
import { statefulSetKind } from './apps/stateful-set.js';
import { daemonSetKind } from './apps/daemon-set.js';
import { controllerRevisionKind } from './apps/controller-revision.js';
import { eventV1Kind } from './events/event.js';
import { horizontalPodAutoscalerV1Kind, horizontalPodAutoscalerV2Kind } from './autoscaling/horizontal-pod-autoscaler.js';
import { jobKind } from './batch/job.js';
import { cronJobKind } from './batch/cron-job.js';
import { ingressClassKind } from './networking/ingress-class.js';
import { ingressKind } from './networking/ingress.js';
import { podDisruptionBudgetKind } from './policy/pod-disruption-budget.js';
import { storageClassKind } from './storage/storage-class.js';
import { customResourceDefinitionKind } from './apiextensions/custom-resource-definition.js';
import { priorityClassKind } from './scheduling/priority-class.js';
import { leaseKind } from './coordination/lease.js';
import { endpointSliceKind } from './discovery/endpoint-slice.js';
import { nodeMetricsKind } from './metrics/node-metrics.js';
import { podMetricsKind } from './metrics/pod-metrics.js';

export type { KindDescriptor, KindStrategy } from './descriptor.js';
export { MAX_SCHEMA_DEPTH, schemaTooDeep } from './apiextensions/custom-resource-definition.js';

// Each descriptor is typed on its own kind; the registry holds them side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const KINDS: readonly KindDescriptor<any>[] = [
  namespaceKind,
  nodeKind,
  podKind,
  bindingKind,
  serviceKind,
  endpointsKind,
  eventKind,
  replicationControllerKind,
  configMapKind,
  secretKind,
  serviceAccountKind,
  persistentVolumeKind,
  persistentVolumeClaimKind,
  resourceQuotaKind,
  limitRangeKind,
  podTemplateKind,
  deploymentKind,
  replicaSetKind,
  statefulSetKind,
  daemonSetKind,
  controllerRevisionKind,
  eventV1Kind,
  horizontalPodAutoscalerV2Kind,
  horizontalPodAutoscalerV1Kind,
  jobKind,
  cronJobKind,
  ingressClassKind,
  ingressKind,
  podDisruptionBudgetKind,
  storageClassKind,
  customResourceDefinitionKind,
  priorityClassKind,
  leaseKind,
  endpointSliceKind,
  // Discovery records only, last: see the order note above.
  nodeMetricsKind,
  podMetricsKind,
];

const byGroupVersionKind = new Map<string, KindDescriptor>(KINDS.map((d) => [`${d.group}/${d.version}/${d.kind}`, d]));
const byGroupResource = new Map<string, KindDescriptor>();
for (const d of KINDS) if (!byGroupResource.has(`${d.group}/${d.resource}`)) byGroupResource.set(`${d.group}/${d.resource}`, d);

/** The descriptor of a built-in kind in one version; undefined for custom resources and unknown kinds. */
export function kindDescriptorFor(r: { group: string; version: string; kind: string }): KindDescriptor | undefined {
  return byGroupVersionKind.get(`${r.group}/${r.version}/${r.kind}`);
}

/** The descriptor of a built-in resource in its preferred version (`kindDescriptorOf('apps', 'deployments')`). */
export function kindDescriptorOf(group: string, resource: string): KindDescriptor | undefined {
  return byGroupResource.get(`${group}/${resource}`);
}
