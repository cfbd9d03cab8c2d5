/** DeleteOptions from a DELETE body (kubectl sends JSON) or from query parameters. */
import { badRequest } from '@kemu/api';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptionsBody {
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

const POLICIES = new Set(['Background', 'Foreground', 'Orphan']);

export function parseDeleteOptions(body: unknown, query: URLSearchParams): DeleteOptionsBody {
  const out: DeleteOptionsBody = {};
  if (body !== undefined && body !== null) {
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('DeleteOptions in the request body must be an object');
    const b = body as Record<string, unknown>;
    if (b.gracePeriodSeconds !== undefined && b.gracePeriodSeconds !== null)
      out.gracePeriodSeconds = toInt(b.gracePeriodSeconds, 'gracePeriodSeconds');
    if (b.propagationPolicy !== undefined && b.propagationPolicy !== null) out.propagationPolicy = toPolicy(b.propagationPolicy);
    if (typeof b.orphanDependents === 'boolean') out.orphanDependents = b.orphanDependents;
    if (b.preconditions && typeof b.preconditions === 'object') {
      const p = b.preconditions as Record<string, unknown>;
      out.preconditions = {
        uid: typeof p.uid === 'string' ? p.uid : undefined,
        resourceVersion: typeof p.resourceVersion === 'string' ? p.resourceVersion : undefined,
      };
    }
    if (Array.isArray(b.dryRun)) out.dryRun = b.dryRun.map(String);
  }
  const g = query.get('gracePeriodSeconds');
  if (g !== null && out.gracePeriodSeconds === undefined) out.gracePeriodSeconds = toInt(g, 'gracePeriodSeconds');
  const p = query.get('propagationPolicy');
  if (p !== null && out.propagationPolicy === undefined) out.propagationPolicy = toPolicy(p);
  const o = query.get('orphanDependents');
  if (o !== null && out.orphanDependents === undefined) out.orphanDependents = o === 'true';
  if (out.orphanDependents !== undefined && out.propagationPolicy !== undefined) {
    throw badRequest('orphanDependents and propagationPolicy cannot both be set');
  }
  if (out.gracePeriodSeconds !== undefined && out.gracePeriodSeconds < 0) out.gracePeriodSeconds = 1;
  return out;
}

function toInt(v: unknown, field: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`${field} must be an integer`);
  return n;
}

function toPolicy(v: unknown): PropagationPolicy {
  if (typeof v !== 'string' || !POLICIES.has(v))
    throw badRequest(`propagationPolicy: Unsupported value: "${String(v)}": supported values: "Foreground", "Background", "Orphan"`);
  return v as PropagationPolicy;
}

/** The finalizers a DELETE adds for garbage collection. */
export function gcFinalizers(opts: DeleteOptionsBody): string[] {
  if (opts.orphanDependents === true || opts.propagationPolicy === 'Orphan') return ['orphan'];
  if (opts.propagationPolicy === 'Foreground') return ['foregroundDeletion'];
  return [];
}
