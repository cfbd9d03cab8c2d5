/**
 * The Metrics API (`metrics.k8s.io/v1beta1`, what `kubectl top` reads), served in-process the way
 * metrics-server would: on each request the kubelets of the relevant nodes are scraped for their
 * Summary (`/stats/summary`); a node whose kubelet does not answer is left out, as are pods with
 * no running container. Quantities: CPU in nanocores (`123456n`), memory in KiB (`2048Ki`).
 *
 *   GET /apis/metrics.k8s.io/v1beta1/nodes[/NAME]                      NodeMetrics(List)
 *   GET /apis/metrics.k8s.io/v1beta1/[namespaces/NS/]pods[/NAME]      PodMetrics(List)
 * `labelSelector` filters on the node's / pod's labels, `fieldSelector` on metadata.name/namespace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  badRequest,
  methodNotAllowed,
  notFound,
  parseFieldSelector,
  parseLabelSelector,
  rfc3339,
  SelectorParseError,
  type Clock,
  type FieldSelector,
  type KubeObject,
  type Node,
  type Pod,
  type Selector,
} from '@kemu/api';
import type { Registry } from '../registry/registry.js';
import type { ResourceRequest } from '../endpoints/request-info.js';
import { sendJson } from '../http/respond.js';
import { fetchSummary, type NodeSample, type SummaryFetcher } from './summary.js';

export const METRICS_GROUP = 'metrics.k8s.io';
const API_VERSION = 'metrics.k8s.io/v1beta1';
const WINDOW = '10s';
const SCRAPE_TIMEOUT_MS = 2000;

export interface MetricsDeps {
  registry: Registry;
  clock: Clock;
  /** Default: HTTP to the kubelet. */
  fetch?: SummaryFetcher;
}

const cpu = (nanoCores: number | undefined) => `${Math.max(0, Math.round(nanoCores ?? 0))}n`;
const memory = (bytes: number | undefined) => `${Math.max(0, Math.round((bytes ?? 0) / 1024))}Ki`;

function selectors(q: URLSearchParams): { label: Selector; field: FieldSelector } {
  try {
    return { label: parseLabelSelector(q.get('labelSelector')), field: parseFieldSelector(q.get('fieldSelector')) };
  } catch (err) {
    if (err instanceof SelectorParseError) throw badRequest(`unable to parse requirement: ${err.message}`);
    throw err;
  }
}

function fieldsOf(o: KubeObject): Record<string, string> {
  return { 'metadata.name': o.metadata.name ?? '', 'metadata.namespace': o.metadata.namespace ?? '' };
}

/** Scrapes the given nodes in parallel; failed scrapes are skipped. */
async function scrape(nodes: Node[], fetch: SummaryFetcher): Promise<Map<string, NodeSample>> {
  const out = new Map<string, NodeSample>();
  await Promise.all(
    nodes.map(async (n) => {
      try {
        out.set(n.metadata.name!, await fetch(n, SCRAPE_TIMEOUT_MS));
      } catch {
        /* unreachable kubelet: no metrics for this node */
      }
    }),
  );
  return out;
}

export async function serveMetrics(
  deps: MetricsDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rr: ResourceRequest,
  q: URLSearchParams,
): Promise<void> {
  if (req.method !== 'GET') throw methodNotAllowed();
  if (rr.version !== 'v1beta1' || (rr.resource !== 'nodes' && rr.resource !== 'pods'))
    throw notFound({ group: METRICS_GROUP, resource: rr.resource }, rr.name ?? '');
  if (rr.subresource !== undefined || rr.legacyWatch || q.get('watch') === 'true' || q.get('watch') === '1') throw methodNotAllowed();
  const fetch = deps.fetch ?? fetchSummary;
  const now = rfc3339(deps.clock.now());
  const sel = selectors(q);
  const nodesStore = deps.registry.byName('', 'nodes');

  if (rr.resource === 'nodes') {
    if (rr.namespace !== undefined) throw notFound({ group: METRICS_GROUP, resource: 'nodemetrics' }, rr.name ?? '');
    const all = (await nodesStore.list(undefined, { label: parseLabelSelector(''), field: parseFieldSelector('') })).items as Node[];
    const nodes = all.filter(
      (n) =>
        (rr.name === undefined || n.metadata.name === rr.name) && sel.label.matches(n.metadata.labels) && sel.field.matches(fieldsOf(n)),
    );
    const samples = await scrape(nodes, fetch);
    const items = nodes
      .filter((n) => samples.has(n.metadata.name!))
      .map((n) => {
        const s = samples.get(n.metadata.name!)!.node;
        return {
          metadata: { name: n.metadata.name, creationTimestamp: now, labels: n.metadata.labels ?? {} },
          timestamp: s.cpu?.time ?? now,
          window: WINDOW,
          usage: { cpu: cpu(s.cpu?.usageNanoCores), memory: memory(s.memory?.workingSetBytes) },
        };
      });
    if (rr.name !== undefined) {
      if (items.length === 0) throw notFound({ group: METRICS_GROUP, resource: 'nodemetrics' }, rr.name);
      return sendJson(res, 200, { kind: 'NodeMetrics', apiVersion: API_VERSION, ...items[0] });
    }
    return sendJson(res, 200, { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items });
  }

  const pods = (
    (await deps.registry.byName('', 'pods').list(rr.namespace, { label: parseLabelSelector(''), field: parseFieldSelector('') }))
      .items as Pod[]
  ).filter(
    (p) =>
      (rr.name === undefined || p.metadata.name === rr.name) &&
      p.spec?.nodeName &&
      sel.label.matches(p.metadata.labels) &&
      sel.field.matches(fieldsOf(p)),
  );
  const nodeNames = new Set(pods.map((p) => p.spec.nodeName!));
  const nodes = (
    (await nodesStore.list(undefined, { label: parseLabelSelector(''), field: parseFieldSelector('') })).items as Node[]
  ).filter((n) => nodeNames.has(n.metadata.name!));
  const samples = await scrape(nodes, fetch);
  const items = [];
  for (const p of pods) {
    const sample = samples
      .get(p.spec.nodeName!)
      ?.pods?.find(
        (s) =>
          s.podRef.namespace === p.metadata.namespace &&
          s.podRef.name === p.metadata.name &&
          (s.podRef.uid === undefined || s.podRef.uid === p.metadata.uid),
      );
    if (!sample || sample.containers.length === 0) continue;
    items.push({
      metadata: { name: p.metadata.name, namespace: p.metadata.namespace, creationTimestamp: now, labels: p.metadata.labels ?? {} },
      timestamp: sample.containers[0].cpu?.time ?? now,
      window: WINDOW,
      containers: sample.containers.map((c) => ({
        name: c.name,
        usage: { cpu: cpu(c.cpu?.usageNanoCores), memory: memory(c.memory?.workingSetBytes) },
      })),
    });
  }
  if (rr.name !== undefined) {
    if (items.length === 0) throw notFound({ group: METRICS_GROUP, resource: 'podmetrics' }, rr.name);
    return sendJson(res, 200, { kind: 'PodMetrics', apiVersion: API_VERSION, ...items[0] });
  }
  return sendJson(res, 200, { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items });
}
