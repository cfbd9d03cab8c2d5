/**
 * Timing profiles. Every duration a component waits on is a named setting here, resolved once
 * at start-up from `--profile`. `realistic` is Kubernetes' own defaults; `fast` scales them down
 * so a lab sees failures handled in seconds.
 */

export interface Timings {
  /** kubelet: how often the node Lease in kube-node-lease is renewed. */
  nodeLeaseRenewIntervalMs: number;
  /** kubelet: Lease spec.leaseDurationSeconds. */
  nodeLeaseDurationSeconds: number;
  /** kubelet: how often NodeStatus is posted even when nothing changed. */
  nodeStatusReportFrequencyMs: number;
  /** node lifecycle: a node whose Lease is older than this turns Ready=Unknown. */
  nodeMonitorGracePeriodMs: number;
  /** node lifecycle: how often nodes are checked. */
  nodeMonitorPeriodMs: number;
  /** tolerationSeconds of the default not-ready/unreachable NoExecute tolerations. */
  defaultTolerationSeconds: number;
  /**
   * Leader election (scheduler, controller-manager, the apiserver's storage maintenance).
   * The trade-off: a leader keeps its Lease through any outage shorter than renewDeadline
   * (each attempt is abandoned after max(retryPeriod, renewDeadline/3), so one stuck request
   * cannot eat the deadline); a standby takes over a dead leader's Lease leaseDuration (+ up to
   * 2.2 × retryPeriod of jitter) after the last renewal it saw. realistic 15/10/2 s is
   * Kubernetes'; fast 10/8/1 s keeps the Lease through any outage up to 7 s (the deadline less
   * the retry period since the last renewal: a 3.6 s `kemu restart apiserver`, a 5 s Redis
   * restart) and still replaces a dead leader in 10–12.2 s; an isolated leader stops 2 s before
   * anyone may take over. It was 4/3/1 s: failover in 4–6.2 s, but a 2 s hiccup cost the Lease.
   */
  leaderElection: { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };
  /** kubelet: CrashLoopBackOff and ImagePullBackOff start and cap. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** workqueue per-item exponential backoff. */
  queueBaseDelayMs: number;
  queueMaxDelayMs: number;
  /** Default pod terminationGracePeriodSeconds. */
  terminationGracePeriodSeconds: number;
  /**
   * namespace controller: longest wait before checking again on content still being deleted
   * (Kubernetes waits estimate/2 + 1 s, the estimate being the longest pod grace period).
   */
  namespaceRequeueMaxMs: number;
}

export type ProfileName = 'fast' | 'realistic';

export const PROFILES: Record<ProfileName, Timings> = {
  realistic: {
    nodeLeaseRenewIntervalMs: 10_000,
    nodeLeaseDurationSeconds: 40,
    nodeStatusReportFrequencyMs: 5 * 60_000,
    nodeMonitorGracePeriodMs: 50_000,
    nodeMonitorPeriodMs: 5_000,
    defaultTolerationSeconds: 300,
    leaderElection: { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
    backoffInitialMs: 10_000,
    backoffMaxMs: 300_000,
    queueBaseDelayMs: 5,
    queueMaxDelayMs: 1000_000,
    terminationGracePeriodSeconds: 30,
    namespaceRequeueMaxMs: 60_000,
  },
  fast: {
    nodeLeaseRenewIntervalMs: 1_000,
    nodeLeaseDurationSeconds: 4,
    nodeStatusReportFrequencyMs: 10_000,
    nodeMonitorGracePeriodMs: 5_000,
    nodeMonitorPeriodMs: 500,
    defaultTolerationSeconds: 5,
    leaderElection: { leaseDurationMs: 10_000, renewDeadlineMs: 8_000, retryPeriodMs: 1_000 },
    backoffInitialMs: 1_000,
    backoffMaxMs: 10_000,
    queueBaseDelayMs: 5,
    queueMaxDelayMs: 10_000,
    terminationGracePeriodSeconds: 30,
    namespaceRequeueMaxMs: 1_000,
  },
};

export function timingsFor(profile: string | undefined): Timings {
  const p = (profile ?? 'fast') as ProfileName;
  if (!(p in PROFILES)) throw new Error(`unknown profile "${profile}" (fast or realistic)`);
  return PROFILES[p];
}

/**
 * The loopback fabric (ARCHITECTURE.md): every node, pod and service gets its own 127/8 address.
 */
export const NETWORK = {
  nodeIP: (i: number) => `127.10.${Math.floor(i / 256)}.${i % 256}`,
  /** Every nodeIP(i). */
  nodeIPRange: '127.10.0.0/16',
  podCIDR: (i: number) => `127.244.${i}.0/24`,
  serviceCIDR: '127.96.0.0/16',
  kubernetesServiceIP: '127.96.0.1',
  nodePortRange: [30000, 32767] as const,
  kubeletPort: 10250,
  apiserverPort: 6443,
  /**
   * The only addresses a Service may name in spec.externalIPs (admission ServiceExternalIPRange):
   * kemu's load-balancer range, away from the node, pod and service ranges and 127.0.0.1.
   */
  serviceExternalIPRange: '127.50.0.0/24',
};
