/**
 * Pod → Service mapping for the endpoint controllers: which services select a pod, which
 * changes to a pod matter to its services' endpoints, and the event wiring both controllers use.
 */
import type { Pod, Service } from '@kemu/api';
import { deepEqual, selectorFromSet } from '@kemu/api';
import type { Lister, SharedInformer } from '@kemu/client';
import { isPodReady, podIP } from './pod-util.js';

/** Services in the pod's namespace whose (non-empty) selector matches its labels. */
export function servicesSelecting(services: Lister<Service>, pod: Pod): Service[] {
  return services.listNamespace(pod.metadata.namespace ?? '').filter((s) => {
    const sel = s.spec.selector;
    return sel && Object.keys(sel).length > 0 && selectorFromSet(sel).matches(pod.metadata.labels);
  });
}

/** Whether an update to a pod can change any endpoints: IP, readiness, node, deletion, ports, hostname. */
export function podEndpointsChanged(old: Pod, cur: Pod): boolean {
  return (
    podIP(old) !== podIP(cur) ||
    isPodReady(old) !== isPodReady(cur) ||
    old.spec.nodeName !== cur.spec.nodeName ||
    !!old.metadata.deletionTimestamp !== !!cur.metadata.deletionTimestamp ||
    old.status?.phase !== cur.status?.phase ||
    old.spec.hostname !== cur.spec.hostname ||
    old.spec.subdomain !== cur.spec.subdomain ||
    !deepEqual(
      old.spec.containers?.map((c) => c.ports ?? []),
      cur.spec.containers?.map((c) => c.ports ?? []),
    )
  );
}

/** The services to resync after a pod changed (those selecting it before or after). */
export function servicesForPodUpdate(services: Lister<Service>, old: Pod, cur: Pod): Service[] {
  const labelsChanged = !deepEqual(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
  if (!labelsChanged && !podEndpointsChanged(old, cur)) return [];
  const out = new Map<string, Service>();
  for (const s of servicesSelecting(services, cur)) out.set(s.metadata.name!, s);
  if (labelsChanged) for (const s of servicesSelecting(services, old)) out.set(s.metadata.name!, s);
  return [...out.values()];
}

/**
 * The handlers the endpoints and endpointslice controllers share: a Service is enqueued when it
 * changes, and when a pod it selects (before or after the change) changes in a way that matters.
 */
export function enqueueServicesOnChange(
  services: SharedInformer<Service>,
  pods: SharedInformer<Pod>,
  enqueue: (svc: Service) => void,
): void {
  services.addEventHandler({
    onAdd: (s) => enqueue(s),
    onUpdate: (_o, s) => enqueue(s),
    onDelete: (s) => enqueue(s),
  });
  pods.addEventHandler({
    onAdd: (p) => servicesSelecting(services.lister, p).forEach((s) => enqueue(s)),
    onUpdate: (o, p) => servicesForPodUpdate(services.lister, o, p).forEach((s) => enqueue(s)),
    onDelete: (p) => servicesSelecting(services.lister, p).forEach((s) => enqueue(s)),
  });
}
