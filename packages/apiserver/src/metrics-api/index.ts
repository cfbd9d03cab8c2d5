/** metrics.k8s.io/v1beta1 (kubectl top) from the kubelets' simulated Summary API. */
export { METRICS_GROUP, serveMetrics, type MetricsDeps } from './metrics-api.js';
export { fetchSummary, type NodeSample, type PodSample, type SummaryFetcher } from './summary.js';
