/**
 * Accept-header negotiation. Responses are always JSON; the Accept header only chooses the
 * shape (a Table, an aggregated discovery document) or rejects a client that takes no JSON.
 */
import { notAcceptable } from '@kemu/api';

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string | undefined): MediaRange[] {
  if (!accept) return [];
  return accept
    .split(',')
    .map((part) => {
      const [type, ...rest] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const i = p.indexOf('=');
        if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
      }
      return { type: type.toLowerCase(), params };
    })
    .filter((m) => m.type !== '');
}

const JSONISH = new Set(['application/json', 'application/*', '*/*', 'application/yaml', 'application/vnd.kubernetes.protobuf']);

/** Throws 406 when the client accepts nothing the server can send. */
export function assertAcceptable(accept: string | undefined): void {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return;
  if (ranges.some((m) => JSONISH.has(m.type))) return;
  throw notAcceptable(
    `only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
  );
}

/** The client asks for server-side printing (`as=Table`). */
export function wantsTable(accept: string | undefined): boolean {
  return parseAccept(accept).some(
    (m) => m.type === 'application/json' && m.params.as === 'Table' && (m.params.g ?? 'meta.k8s.io') === 'meta.k8s.io',
  );
}

/** The client asks for the aggregated discovery format, and which version of it. */
export function aggregatedDiscoveryVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
  for (const m of parseAccept(accept)) {
    if (m.type === 'application/json' && m.params.as === 'APIGroupDiscoveryList' && m.params.g === 'apidiscovery.k8s.io') {
      if (m.params.v === 'v2' || m.params.v === 'v2beta1') return m.params.v;
    }
  }
  return undefined;
}
