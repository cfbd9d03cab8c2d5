/**
 * NodeMetrics (metrics.k8s.io/v1beta1): a discovery record only. The apiserver's metrics handlers
 * (kubectl top) answer it from the usage the kubelets simulate; nothing is stored under it.
 */
import { defineKind } from '../descriptor.js';

export const nodeMetricsKind = defineKind({
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  kind: 'NodeMetrics',
  resource: 'nodes',
  namespaced: false,
  verbs: ['get', 'list'],
});
