/** The few API reads the CLI needs (nodes, leader Leases), over plain fetch. */

interface Condition { type: string; status: string }
interface NodeLike { metadata: { name: string }; status?: { conditions?: Condition[] } }
interface LeaseLike { spec?: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number } }

export async function getJson<T>(url: string, timeoutMs = 2000): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${body.slice(0, 200)}`);
  return JSON.parse(body) as T;
}

/** Name → Ready condition status ("True", "False", "Unknown") of every node. */
export async function nodeReadiness(apiserver: string): Promise<Map<string, string>> {
  const list = await getJson<{ items: NodeLike[] }>(`${apiserver}/api/v1/nodes`);
  return new Map(list.items.map((n) => [n.metadata.name,
    n.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown']));
}

/**
 * The holder of the leader-election Lease `kube-system/<lease>`, or undefined when there is none
 * or it has expired.
 */
export async function leaseHolder(apiserver: string, lease: string, now = Date.now()): Promise<string | undefined> {
  const l = await getJson<LeaseLike>(`${apiserver}/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/${lease}`, 1500);
  const holder = l.spec?.holderIdentity;
  if (!holder) return undefined;
  const renewed = l.spec?.renewTime ? Date.parse(l.spec.renewTime) : NaN;
  const duration = (l.spec?.leaseDurationSeconds ?? 0) * 1000;
  if (Number.isFinite(renewed) && duration > 0 && renewed + duration < now) return undefined;
  return holder;
}
