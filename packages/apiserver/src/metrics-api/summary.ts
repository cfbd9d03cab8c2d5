/**
 * Scraping a kubelet's Summary API (`GET http://<InternalIP>:<port>/stats/summary`), as
 * metrics-server does. Only the fields the Metrics API needs are typed.
 */
import http from 'node:http';
import type { Node } from '@kemu/api';
import { kubeletAddress } from '../kubelet-proxy.js';

export interface UsageSample {
  time: string;
  usageNanoCores: number;
  workingSetBytes: number;
}
export interface PodSample {
  podRef: { name: string; namespace: string; uid?: string };
  containers: { name: string; cpu?: { time?: string; usageNanoCores?: number }; memory?: { time?: string; workingSetBytes?: number } }[];
}
export interface NodeSample {
  node: { cpu?: { time?: string; usageNanoCores?: number }; memory?: { time?: string; workingSetBytes?: number } };
  pods?: PodSample[];
}

/** A function that fetches one node's summary (injectable for tests). */
export type SummaryFetcher = (node: Node, timeoutMs: number) => Promise<NodeSample>;

/** Fetches `/stats/summary` from the node's kubelet endpoint; rejects on any failure. */
export const fetchSummary: SummaryFetcher = (node, timeoutMs) => {
  const addr = kubeletAddress(node);
  if (!addr) return Promise.reject(new Error(`node ${node.metadata.name} has no kubelet endpoint`));
  return new Promise((resolve, reject) => {
    const req = http.get({ host: addr.host, port: addr.port, path: '/stats/summary', timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`kubelet answered ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as NodeSample);
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
};
