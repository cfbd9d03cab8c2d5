/**
 * Writes pod statuses through the pods/status subresource, skipping no-op updates.
 *
 * Invariant: a status is written only when it differs from the informer's copy, and a status
 * equal to the last one this kubelet wrote is not written again unless someone else has
 * written the pod since (so server-side normalization can never cause a write loop, while a
 * status overwritten by another component — e.g. Ready=False from node lifecycle — is restored).
 */
import { R, deepEqual, isNotFound, type Clock, type Pod, type PodStatus } from '@kemu/api';
import { DefaultRetry, retryOnConflict, type Client } from '@kemu/client';
import type { Logger } from 'pino';

interface Sent {
  status: PodStatus;
  resourceVersion?: string;
}

export class StatusManager {
  private readonly sent = new Map<string, Sent>();
  constructor(
    private readonly client: Client,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Writes `status` for pod unless that changes nothing. Returns the written pod, if it wrote. */
  async setStatus(pod: Pod, status: PodStatus): Promise<Pod | undefined> {
    const uid = pod.metadata.uid!;
    if (sameStatus(status, pod.status)) return undefined;
    const sent = this.sent.get(uid);
    if (sent && sameStatus(status, sent.status) && !newerThan(pod.metadata.resourceVersion, sent.resourceVersion)) return undefined;
    let latest: Pod | undefined;
    try {
      return await retryOnConflict(
        DefaultRetry,
        async () => {
          if (latest) {
            this.log.debug({ pod: `${pod.metadata.namespace}/${pod.metadata.name}` }, 'status conflict; retrying on the latest pod');
            latest = await this.client.get<Pod>(R.pods, pod.metadata.namespace, pod.metadata.name!);
            if (latest.metadata.uid !== uid) return undefined;
          } else {
            latest = pod;
          }
          const written = await this.client.updateStatus<Pod>(R.pods, { ...latest, status });
          this.sent.set(uid, { status, resourceVersion: written.metadata?.resourceVersion });
          return written;
        },
        { clock: this.clock },
      );
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  forget(uid: string): void {
    this.sent.delete(uid);
  }
}

function newerThan(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) > BigInt(b);
  return a !== b;
}

/** Deep equality ignoring null and undefined members. */
export function sameStatus(a: unknown, b: unknown): boolean {
  return deepEqual(stripNulls(a), stripNulls(b));
}

function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = stripNulls(x);
    return out;
  }
  return v;
}
