/**
 * Leader election on a coordination.k8s.io/v1 Lease (client-go `tools/leaderelection`).
 *
 * - Acquire: the Lease is absent, released (empty holderIdentity), ours, or expired — expiry is
 *   judged on the LOCAL clock: leaseDurationSeconds after the moment we last saw the record
 *   change, never by comparing our clock with the holder's renewTime.
 * - Taking over someone else's Lease increments leaseTransitions and sets acquireTime.
 * - While leading, renew every retryPeriod; if no renew succeeds for renewDeadline, stop leading
 *   (the signal given to onStartedLeading aborts, then onStoppedLeading runs). The caller should
 *   exit the process then, as kube-scheduler does.
 * - One attempt (get + update) is abandoned after attemptTimeoutMs (default the larger of
 *   retryPeriod and renewDeadline/3), as client-go bounds each try with its request timeout: a
 *   request stuck on a dead connection (an apiserver restart, a flooded listener) cannot eat the
 *   whole renew deadline; the next attempt, on a fresh connection, still has time to succeed.
 * - On graceful stop (the run signal aborts) a leader releases the Lease by clearing
 *   holderIdentity, so a standby takes over at once.
 * Writes are optimistic (resourceVersion), so two electors can never both win one round.
 *
 * It lives in @kemu/api, not in the client, because the apiserver elects the leader of its own
 * storage maintenance with it over its loopback client, and the apiserver may not import the client.
 * Any client with get/create/update of Leases will do (LeaseClient); @kemu/client re-exports it.
 */
import { realClock, type Clock } from '../clock.js';
import { rfc3339Micro } from '../meta.js';
import { isAlreadyExists, isNotFound } from '../errors.js';
import { R, type ResourceInfo } from '../resources.js';
import type { KubeObject, Lease } from '../types.js';

/** The calls leader election makes: a Lease get, create and update (client-go's resourcelock.Interface). */
export interface LeaseClient {
  get<T extends KubeObject>(r: ResourceInfo, namespace: string, name: string): Promise<T>;
  create<T extends KubeObject>(r: ResourceInfo, namespace: string, obj: T): Promise<T>;
  update<T extends KubeObject>(r: ResourceInfo, obj: T): Promise<T>;
}

/** The part of a pino logger leader election writes to. */
export interface ElectionLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  child(bindings: Record<string, unknown>): ElectionLogger;
}

const silentLogger: ElectionLogger = { info() {}, warn() {}, error() {}, child: () => silentLogger };

export interface LeaseLock {
  namespace: string;
  name: string;
  identity: string;
}

export interface LeaderElectionConfig {
  lock: LeaseLock;
  /** How long a non-leader waits after the last observed change before taking over. */
  leaseDurationMs: number;
  /** How long the leader keeps trying to renew before giving up. Must be < leaseDurationMs. */
  renewDeadlineMs: number;
  /** Interval between attempts. */
  retryPeriodMs: number;
  /** Called once leadership is acquired; `signal` aborts when it is lost or the run stops. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once when leadership ends (lost or released). Not called if never leading. */
  onStoppedLeading(): void;
  /** Called whenever the observed holder changes (including to ourselves). */
  onNewLeader?(identity: string): void;
  /** How long one attempt may take before it counts as failed. Default max(retryPeriod, renewDeadline / 3). */
  attemptTimeoutMs?: number;
  /** Release the Lease when `signal` aborts while leading. Default true. */
  releaseOnCancel?: boolean;
}

export interface LeaderElectorOptions {
  clock?: Clock;
  logger?: ElectionLogger;
  random?: () => number;
}

/** client-go's JitterFactor for retries while not leading. */
const JITTER = 1.2;

type LeaseSpec = Lease['spec'];

export class LeaderElector {
  private readonly clock: Clock;
  private readonly log: ElectionLogger;
  private readonly random: () => number;
  /** The last Lease record seen and when (local clock) it was first seen in that state. */
  private observedRecord?: LeaseSpec;
  private observedTime = 0;
  private leading = false;
  private reportedLeader = '';

  constructor(
    private readonly client: LeaseClient,
    opts: LeaderElectorOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
    this.log = (opts.logger ?? silentLogger).child({ module: 'leader-election' });
    this.random = opts.random ?? Math.random;
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The holder identity last observed ('' when none). */
  getLeader(): string {
    return this.observedRecord?.holderIdentity ?? '';
  }

  /**
   * Campaigns until leading, leads until the Lease is lost or `signal` aborts. Resolves when
   * leadership has ended (or the signal aborted before it began); never rejects.
   */
  async run(cfg: LeaderElectionConfig, signal: AbortSignal): Promise<void> {
    const log = this.log.child({ lease: `${cfg.lock.namespace}/${cfg.lock.name}`, identity: cfg.lock.identity });
    if (!(cfg.leaseDurationMs > cfg.renewDeadlineMs && cfg.renewDeadlineMs > cfg.retryPeriodMs)) {
      log.warn(
        { leaseDurationMs: cfg.leaseDurationMs, renewDeadlineMs: cfg.renewDeadlineMs, retryPeriodMs: cfg.retryPeriodMs },
        'leader election timings should satisfy leaseDuration > renewDeadline > retryPeriod',
      );
    }

    const attemptMs = cfg.attemptTimeoutMs ?? Math.max(cfg.retryPeriodMs, cfg.renewDeadlineMs / 3);
    log.info({}, 'attempting to acquire leader lease');
    while (!signal.aborted) {
      if (await this.withDeadline(this.tryAcquireOrRenew(cfg, log), attemptMs)) break;
      await this.clock.sleep(cfg.retryPeriodMs * (1 + this.random() * JITTER), signal);
    }
    if (signal.aborted) return;

    this.leading = true;
    log.info({}, 'successfully acquired lease');
    const leaderCtl = new AbortController();
    const onAbort = () => leaderCtl.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    void (async () => {
      try {
        await cfg.onStartedLeading(leaderCtl.signal);
      } catch (err) {
        log.error({ err }, 'onStartedLeading threw');
      }
    })();

    let lost = false;
    let lastRenew = this.clock.now();
    // Attempts start every retryPeriod like a ticker: one that was abandoned is retried at once.
    let nextAttempt = lastRenew + cfg.retryPeriodMs;
    while (!signal.aborted) {
      await this.clock.sleep(Math.max(0, nextAttempt - this.clock.now()), signal);
      if (signal.aborted) break;
      nextAttempt = this.clock.now() + cfg.retryPeriodMs;
      const remaining = cfg.renewDeadlineMs - (this.clock.now() - lastRenew);
      const ok = remaining > 0 && (await this.withDeadline(this.tryAcquireOrRenew(cfg, log), Math.min(remaining, attemptMs)));
      if (ok) {
        lastRenew = this.clock.now();
        continue;
      }
      if (this.clock.now() - lastRenew >= cfg.renewDeadlineMs) {
        lost = true;
        break;
      }
    }

    this.leading = false;
    signal.removeEventListener('abort', onAbort);
    leaderCtl.abort();
    if (lost) log.error({}, 'failed to renew lease; leadership lost');
    else if (cfg.releaseOnCancel ?? true) await this.release(cfg, log);
    try {
      cfg.onStoppedLeading();
    } catch (err) {
      log.error({ err }, 'onStoppedLeading threw');
    }
  }

  /** One round: create, take over or renew the Lease. True when we hold it afterwards. */
  private async tryAcquireOrRenew(cfg: LeaderElectionConfig, log: ElectionLogger): Promise<boolean> {
    const { namespace, name, identity } = cfg.lock;
    const now = this.clock.now();
    const leaseDurationSeconds = Math.max(1, Math.ceil(cfg.leaseDurationMs / 1000));
    let lease: Lease;
    try {
      lease = await this.client.get<Lease>(R.leases, namespace, name);
    } catch (err) {
      if (!isNotFound(err)) {
        log.warn({ err: summary(err) }, 'error retrieving lease');
        return false;
      }
      const spec: LeaseSpec = {
        holderIdentity: identity,
        leaseDurationSeconds,
        acquireTime: rfc3339Micro(now),
        renewTime: rfc3339Micro(now),
        leaseTransitions: 0,
      };
      try {
        const created = await this.client.create<Lease>(R.leases, namespace, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace },
          spec,
        });
        this.observe(created.spec ?? spec, now, cfg);
        return true;
      } catch (e) {
        if (!isAlreadyExists(e)) log.warn({ err: summary(e) }, 'error creating lease');
        return false;
      }
    }

    const record: LeaseSpec = lease.spec ?? {};
    if (!this.observedRecord || !sameRecord(this.observedRecord, record)) this.observe(record, now, cfg);
    const holder = record.holderIdentity ?? '';
    const durationMs = (record.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
    if (holder && holder !== identity && this.observedTime + durationMs > now) {
      if (this.leading) log.warn({ holder }, 'lease is held by another identity');
      return false;
    }

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
      const updated = await this.client.update<Lease>(R.leases, { ...lease, spec });
      this.observe(updated.spec ?? spec, now, cfg);
      if (!mine) log.info({ previousHolder: holder, leaseTransitions: spec.leaseTransitions }, 'took over lease');
      return true;
    } catch (err) {
      log.warn({ err: summary(err) }, 'failed to update lease');
      return false;
    }
  }

  private async release(cfg: LeaderElectionConfig, log: ElectionLogger): Promise<void> {
    const { namespace, name, identity } = cfg.lock;
    try {
      const lease = await this.client.get<Lease>(R.leases, namespace, name);
      if ((lease.spec?.holderIdentity ?? '') !== identity) return;
      const now = rfc3339Micro(this.clock.now());
      await this.client.update<Lease>(R.leases, {
        ...lease,
        spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now },
      });
      log.info({}, 'released lease');
    } catch (err) {
      log.warn({ err: summary(err) }, 'failed to release lease');
    }
  }

  private observe(record: LeaseSpec, now: number, cfg: LeaderElectionConfig): void {
    this.observedRecord = record;
    this.observedTime = now;
    const holder = record.holderIdentity ?? '';
    if (holder && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      try {
        cfg.onNewLeader?.(holder);
      } catch {
        /* the callback's problem */
      }
    }
  }

  /** Resolves p's value, or false if it has not settled within ms (measured on the clock). */
  private withDeadline(p: Promise<boolean>, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = this.clock.setTimeout(() => resolve(false), ms);
      p.then(
        (v) => {
          cancel();
          resolve(v);
        },
        () => {
          cancel();
          resolve(false);
        },
      );
    });
  }
}

function sameRecord(a: LeaseSpec, b: LeaseSpec): boolean {
  return (
    (a.holderIdentity ?? '') === (b.holderIdentity ?? '') &&
    a.renewTime === b.renewTime &&
    a.acquireTime === b.acquireTime &&
    (a.leaseTransitions ?? 0) === (b.leaseTransitions ?? 0) &&
    a.leaseDurationSeconds === b.leaseDurationSeconds
  );
}

function summary(err: unknown): unknown {
  if (err instanceof Error) return { message: err.message, code: (err as { code?: unknown }).code };
  return err;
}
