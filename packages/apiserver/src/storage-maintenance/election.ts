/**
 * Leader election on a coordination.k8s.io/v1 Lease for the apiserver's own loops, over the
 * loopback client, with client-go's `tools/leaderelection` semantics (the same ones
 * @kemu/client's LeaderElector implements for the components, which the apiserver may not import):
 *
 * - Acquire when the Lease is absent, released (empty holderIdentity), ours, or expired; expiry is
 *   judged on the LOCAL clock, leaseDurationSeconds after the record was last seen to change.
 *   Taking over another holder's Lease increments leaseTransitions and sets acquireTime.
 * - While leading, renew every retryPeriod; when no renewal succeeds for renewDeadline, stop
 *   leading. On a clean stop (signal aborts) release the Lease (empty holderIdentity) so a
 *   standby takes over within its retry period.
 * Writes carry the read resourceVersion, so two apiservers never both win one round.
 */
import type { Logger } from 'pino';
import { isAlreadyExists, isNotFound, R, rfc3339Micro, type Clock, type Lease } from '@kemu/api';
import type { LoopbackClient } from './loopback.js';

type LeaseSpec = NonNullable<Lease['spec']>;

export interface ElectionConfig {
  lock: { namespace: string; name: string; identity: string };
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  /** Called when leadership is acquired; `signal` aborts when it ends. */
  onStartedLeading(signal: AbortSignal): void;
  /** Called once when leadership ends (lost or released). */
  onStoppedLeading(): void;
  /** Called whenever the observed holder changes. */
  onNewLeader(identity: string): void;
}

/** client-go's JitterFactor for retries while not leading. */
const JITTER = 1.2;

/**
 * Campaigns until leading, leads until the Lease is lost or `signal` aborts. Resolves when
 * leadership has ended (or the signal aborted before it began); never rejects.
 */
export async function runElection(
  client: LoopbackClient,
  cfg: ElectionConfig,
  clock: Clock,
  log: Logger,
  signal: AbortSignal,
): Promise<void> {
  const { namespace, name, identity } = cfg.lock;
  const leaseDurationSeconds = Math.max(1, Math.ceil(cfg.leaseDurationMs / 1000));
  let observed: { record: LeaseSpec; at: number } | undefined;
  let reported = '';
  const observe = (record: LeaseSpec, at: number) => {
    observed = { record, at };
    const holder = record.holderIdentity ?? '';
    if (holder && holder !== reported) cfg.onNewLeader((reported = holder));
  };

  /** One round: create, take over or renew the Lease. True when we hold it afterwards. */
  const tryAcquireOrRenew = async (): Promise<boolean> => {
    const now = clock.now();
    let lease: Lease;
    try {
      lease = await client.get<Lease>(R.leases, namespace, name);
    } catch (err) {
      if (!isNotFound(err)) return false;
      const spec: LeaseSpec = {
        holderIdentity: identity,
        leaseDurationSeconds,
        acquireTime: rfc3339Micro(now),
        renewTime: rfc3339Micro(now),
        leaseTransitions: 0,
      };
      try {
        const created = await client.create<Lease>(R.leases, namespace, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec,
        });
        observe(created.spec ?? spec, now);
        return true;
      } catch (e) {
        if (!isAlreadyExists(e)) log.warn({ err: (e as Error).message }, 'error creating lease');
        return false;
      }
    }
    const record: LeaseSpec = lease.spec ?? {};
    if (!observed || JSON.stringify(observed.record) !== JSON.stringify(record)) observe(record, now);
    const holder = record.holderIdentity ?? '';
    const durationMs = (record.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
    if (holder && holder !== identity && observed!.at + durationMs > now) return false;
    const mine = holder === identity;
    const spec: LeaseSpec = {
      ...record,
      holderIdentity: identity,
      leaseDurationSeconds,
      acquireTime: mine ? (record.acquireTime ?? rfc3339Micro(now)) : rfc3339Micro(now),
      renewTime: rfc3339Micro(now),
      leaseTransitions: mine ? (record.leaseTransitions ?? 0) : (record.leaseTransitions ?? 0) + 1,
    };
    try {
      const updated = await client.update<Lease>(R.leases, { ...lease, spec });
      observe(updated.spec ?? spec, now);
      return true;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'failed to update lease');
      return false;
    }
  };

  while (!signal.aborted) {
    if (await tryAcquireOrRenew()) break;
    await clock.sleep(cfg.retryPeriodMs * (1 + Math.random() * JITTER), signal);
  }
  if (signal.aborted) return;

  const leading = new AbortController();
  cfg.onStartedLeading(leading.signal);
  let lastRenew = clock.now();
  let lost = false;
  while (!signal.aborted) {
    await clock.sleep(cfg.retryPeriodMs, signal);
    if (signal.aborted) break;
    if (await tryAcquireOrRenew()) {
      lastRenew = clock.now();
      continue;
    }
    if (clock.now() - lastRenew >= cfg.renewDeadlineMs) {
      lost = true;
      break;
    }
  }
  leading.abort();
  if (lost) log.error({}, 'failed to renew lease; leadership lost');
  else await release(client, cfg.lock, clock, log);
  cfg.onStoppedLeading();
}

async function release(client: LoopbackClient, lock: ElectionConfig['lock'], clock: Clock, log: Logger): Promise<void> {
  try {
    const lease = await client.get<Lease>(R.leases, lock.namespace, lock.name);
    if ((lease.spec?.holderIdentity ?? '') !== lock.identity) return;
    const now = rfc3339Micro(clock.now());
    await client.update<Lease>(R.leases, {
      ...lease,
      spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now },
    });
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'failed to release lease');
  }
}
