/**
 * The backends of one service port, from the service's EndpointSlices (label
 * kubernetes.io/service-name): endpoints with conditions.ready (nil = ready), or — only when none
 * is ready — the serving-but-terminating ones, at the slice port of the same name. With `onNode`
 * only that node's endpoints count (externalTrafficPolicy: Local).
 */
import type { EndpointSlice, ServicePort } from '@kemu/api';

export interface Backend {
  ip: string;
  port: number;
  key: string;
  nodeName?: string;
}

export function backendsFor(slices: EndpointSlice[], sp: ServicePort, onNode?: string): Backend[] {
  const name = sp.name ?? '';
  const protocol = sp.protocol ?? 'TCP';
  const ready = new Map<string, Backend>();
  const terminating = new Map<string, Backend>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const port = slice.ports?.find((p) => (p.name ?? '') === name && (p.protocol ?? 'TCP') === protocol);
    if (!port?.port) continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses?.[0];
      if (!ip || (onNode !== undefined && ep.nodeName !== onNode)) continue;
      const c = ep.conditions ?? {};
      const isReady = c.ready ?? true;
      const isServing = c.serving ?? isReady;
      const b: Backend = { ip, port: port.port, key: `${ip}:${port.port}`, nodeName: ep.nodeName };
      if (isReady && !c.terminating) ready.set(b.key, b);
      else if (isServing && c.terminating) terminating.set(b.key, b);
    }
  }
  const out = ready.size ? ready : terminating;
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}
