/**
 * The served resources whose objects are stored as another version or group: events.k8s.io/v1
 * Events are core v1 Events with renamed fields; autoscaling/v1 HorizontalPodAutoscalers are
 * autoscaling/v2 ones with the CPU target as a single percentage. Conversions are lossless
 * where the versions overlap; v2-only data survives a v1 round trip in an annotation, as
 * kube-apiserver does.
 */
import { R, defaultObject, type KubeObject, type ResourceInfo, isObject } from '@kemu/api';
import { collectionPrefix } from '@kemu/storage';
import type { Conversion } from './converting-store.js';

type Obj = Record<string, any>;

function drop<T extends Obj>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

// ---- events.k8s.io/v1 <-> core v1 --------------------------------------------------------------

export function eventV1FromCore(e: KubeObject): KubeObject {
  const o = e as Obj;
  return drop({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: o.metadata,
    eventTime: o.eventTime ?? null,
    series: o.series,
    reportingController: o.reportingComponent || undefined,
    reportingInstance: o.reportingInstance || undefined,
    action: o.action,
    reason: o.reason,
    regarding: o.involvedObject,
    related: o.related,
    note: o.message,
    type: o.type,
    deprecatedSource: isObject(o.source) && Object.keys(o.source).length ? o.source : undefined,
    deprecatedFirstTimestamp: o.firstTimestamp ?? undefined,
    deprecatedLastTimestamp: o.lastTimestamp ?? undefined,
    deprecatedCount: o.count || undefined,
  }) as KubeObject;
}

export function eventV1ToCore(e: KubeObject): KubeObject {
  const o = e as Obj;
  return drop({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: o.metadata,
    involvedObject: o.regarding ?? {},
    reason: o.reason,
    message: o.note,
    source: o.deprecatedSource ?? {},
    firstTimestamp: o.deprecatedFirstTimestamp ?? null,
    lastTimestamp: o.deprecatedLastTimestamp ?? null,
    count: o.deprecatedCount,
    type: o.type,
    eventTime: o.eventTime ?? null,
    series: o.series,
    action: o.action,
    related: o.related,
    reportingComponent: o.reportingController ?? '',
    reportingInstance: o.reportingInstance ?? '',
  }) as KubeObject;
}

// ---- autoscaling/v1 <-> autoscaling/v2 ----------------------------------------------------------

const V2_METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const V2_CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const V2_CURRENT = 'autoscaling.alpha.kubernetes.io/current-metrics';
const V2_BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';

const isCpuUtilization = (m: Obj) =>
  m.type === 'Resource' &&
  isObject(m.resource) &&
  m.resource.name === 'cpu' &&
  isObject(m.resource.target) &&
  m.resource.target.type === 'Utilization';

export function hpaV1FromV2(h: KubeObject): KubeObject {
  const o = structuredClone(h) as Obj;
  const spec: Obj = isObject(o.spec) ? o.spec : {};
  const status: Obj | undefined = isObject(o.status) ? o.status : undefined;
  const annotations: Obj = { ...(o.metadata?.annotations ?? {}) };
  const metrics: Obj[] = Array.isArray(spec.metrics) ? spec.metrics : [];
  const cpu = metrics.find(isCpuUtilization);
  const others = metrics.filter((m) => m !== cpu);
  if (others.length) annotations[V2_METRICS] = JSON.stringify(others);
  if (isObject(spec.behavior)) annotations[V2_BEHAVIOR] = JSON.stringify(spec.behavior);
  if (status && Array.isArray(status.conditions) && status.conditions.length)
    annotations[V2_CONDITIONS] = JSON.stringify(status.conditions);
  const currentCpu = (status?.currentMetrics ?? []).find((m: Obj) => m.type === 'Resource' && m.resource?.name === 'cpu');
  const otherCurrent = (status?.currentMetrics ?? []).filter((m: Obj) => m !== currentCpu);
  if (otherCurrent.length) annotations[V2_CURRENT] = JSON.stringify(otherCurrent);
  const metadata = { ...o.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  return drop({
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: drop({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      targetCPUUtilizationPercentage: cpu?.resource.target.averageUtilization,
    }),
    status: status
      ? drop({
          observedGeneration: status.observedGeneration,
          lastScaleTime: status.lastScaleTime,
          currentReplicas: status.currentReplicas ?? 0,
          desiredReplicas: status.desiredReplicas ?? 0,
          currentCPUUtilizationPercentage: currentCpu?.resource?.current?.averageUtilization,
        })
      : undefined,
  }) as KubeObject;
}

function parseAnnotation(annotations: Obj, key: string): Obj[] | Obj | undefined {
  const v = annotations[key];
  delete annotations[key];
  if (typeof v !== 'string') return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

export function hpaV1ToV2(h: KubeObject): KubeObject {
  const o = structuredClone(h) as Obj;
  const spec: Obj = isObject(o.spec) ? o.spec : {};
  const annotations: Obj = { ...(o.metadata?.annotations ?? {}) };
  const otherMetrics = parseAnnotation(annotations, V2_METRICS);
  const behavior = parseAnnotation(annotations, V2_BEHAVIOR);
  const conditions = parseAnnotation(annotations, V2_CONDITIONS);
  const otherCurrent = parseAnnotation(annotations, V2_CURRENT);
  const metrics: Obj[] = [];
  if (typeof spec.targetCPUUtilizationPercentage === 'number') {
    metrics.push({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } },
    });
  }
  if (Array.isArray(otherMetrics)) metrics.push(...otherMetrics);
  const metadata = { ...o.metadata };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  else delete metadata.annotations;
  const status: Obj | undefined = isObject(o.status) ? o.status : undefined;
  const current: Obj[] = [];
  if (status && typeof status.currentCPUUtilizationPercentage === 'number') {
    current.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } });
  }
  if (Array.isArray(otherCurrent)) current.push(...otherCurrent);
  return drop({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: drop({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      metrics: metrics.length ? metrics : undefined,
      behavior: isObject(behavior) ? behavior : undefined,
    }),
    status: status
      ? drop({
          observedGeneration: status.observedGeneration,
          lastScaleTime: status.lastScaleTime,
          currentReplicas: status.currentReplicas,
          desiredReplicas: status.desiredReplicas ?? 0,
          currentMetrics: current.length ? current : undefined,
          conditions: Array.isArray(conditions) ? conditions : undefined,
        })
      : undefined,
  }) as KubeObject;
}

/** The conversion of a served resource, or undefined when it is stored as served. */
export function conversionFor(r: ResourceInfo): Conversion | undefined {
  if (r.group === 'events.k8s.io' && r.resource === 'events') {
    return {
      servedPrefix: collectionPrefix(r),
      storagePrefix: collectionPrefix({ group: '', resource: 'events', namespaced: true }),
      toStorage: eventV1ToCore,
      fromStorage: eventV1FromCore,
    };
  }
  if (r.group === 'autoscaling' && r.version === 'v1' && r.resource === 'horizontalpodautoscalers') {
    const prefix = collectionPrefix(r);
    // The storage version's defaults apply to what v1 leaves out (the 80% CPU target).
    return {
      servedPrefix: prefix,
      storagePrefix: prefix,
      toStorage: (o) => defaultObject(R.horizontalpodautoscalers, hpaV1ToV2(o)),
      fromStorage: hpaV1FromV2,
    };
  }
  if (r.custom && r.custom.storageVersion && r.custom.storageVersion !== r.version) {
    // conversion strategy None: only apiVersion differs between the versions of a custom resource.
    const prefix = collectionPrefix(r);
    const served = `${r.group}/${r.version}`;
    const stored = `${r.group}/${r.custom.storageVersion}`;
    return {
      servedPrefix: prefix,
      storagePrefix: prefix,
      toStorage: (o) => ({ ...o, apiVersion: stored }),
      fromStorage: (o) => ({ ...o, apiVersion: served }),
    };
  }
  return undefined;
}
