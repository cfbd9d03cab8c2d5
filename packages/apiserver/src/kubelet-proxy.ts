/**
 * `pods/log`: the apiserver finds the pod's node, then streams
 * `GET http://<InternalIP>:<kubelet port>/containerLogs/<ns>/<pod>/<container>?…` back to the
 * client (docs/DESIGN.md). Problems are 400 Statuses whose message kubectl prints.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { ApiError, badRequest, type Node, type Pod } from '@kemu/api';
import type { ResourceStore } from './registry/resource-store.js';

const LOG_PARAMS = ['follow', 'tailLines', 'timestamps', 'sinceSeconds', 'sinceTime', 'previous', 'limitBytes'];

/** Picks the container a log request is about, as the real apiserver does. */
export function logContainer(pod: Pod, requested: string | null): string {
  const all = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
    ...((pod.spec?.ephemeralContainers as { name: string }[] | undefined) ?? []),
  ];
  const name = pod.metadata.name;
  if (!requested) {
    const containers = pod.spec?.containers ?? [];
    if (containers.length === 1) return containers[0].name;
    const names = containers.map((c) => c.name).join(' ');
    throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names}]`);
  }
  if (!all.some((c) => c.name === requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

/** The kubelet endpoint of a node: InternalIP and daemonEndpoints.kubeletEndpoint.Port. */
export function kubeletAddress(node: Node): { host: string; port: number } | undefined {
  const host = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!host || !port) return undefined;
  return { host, port };
}

export async function servePodLog(
  req: IncomingMessage,
  res: ServerResponse,
  pods: ResourceStore,
  nodes: ResourceStore,
  namespace: string,
  name: string,
  query: URLSearchParams,
): Promise<void> {
  const pod = (await pods.get(namespace, name)) as Pod;
  const container = logContainer(pod, query.get('container'));
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  let node: Node;
  try {
    node = (await nodes.get(undefined, nodeName)) as Node;
  } catch (err) {
    if (err instanceof ApiError && err.code === 404) throw badRequest(`node ${nodeName} not found for pod ${name}`);
    throw err;
  }
  const addr = kubeletAddress(node);
  if (!addr) throw badRequest(`node ${nodeName} has no kubelet endpoint`);
  const qs = new URLSearchParams();
  for (const p of LOG_PARAMS) {
    const v = query.get(p);
    if (v !== null) qs.set(p, v);
  }
  const path = `/containerLogs/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/${encodeURIComponent(container)}${qs.size ? `?${qs}` : ''}`;

  const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
    const out = http.get({ host: addr.host, port: addr.port, path, headers: { Accept: 'text/plain, */*' } }, resolve);
    out.on('error', (err) => reject(badRequest(`Get "http://${addr.host}:${addr.port}${path}": ${err.message}`)));
    res.on('close', () => out.destroy());
    req.on('aborted', () => out.destroy());
  });
  if ((upstream.statusCode ?? 500) >= 400) {
    const text = await readAll(upstream);
    let message = text.trim();
    try {
      const parsed = JSON.parse(text) as { kind?: string; message?: string };
      if (parsed.kind === 'Status' && parsed.message) message = parsed.message;
    } catch {
      /* plain text */
    }
    throw badRequest(message || `the kubelet answered ${upstream.statusCode}`);
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  upstream.on('data', (chunk: Buffer) => res.write(chunk));
  await new Promise<void>((resolve) => {
    upstream.on('end', resolve);
    upstream.on('error', resolve);
    upstream.on('close', resolve);
    res.on('close', resolve);
  });
  upstream.destroy();
  if (!res.writableEnded) res.end();
}

function readAll(msg: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    msg.on('data', (c: Buffer) => chunks.push(c));
    msg.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    msg.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
