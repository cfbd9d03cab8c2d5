/**
 * HorizontalPodAutoscaler (autoscaling/v2, the preferred version, and autoscaling/v1, served by
 * conversion): scales a workload's replicas to a metric target.
 */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { isQuantity } from '../../quantity.js';
import { canonicalQuantity } from '../../schema/canonical-quantity.js';
import { int32, int64, quantity, time } from '../../schema/common.js';
import { arr, child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, type FieldPath, root } from '../../schema/field-errors.js';
import { oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { labelSelector } from '../../schema/meta-v1.js';
import { list, str } from '../../schema/meta-validation.js';
import { defineKind, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const P2 = 'io.k8s.api.autoscaling.v2';
const P1 = 'io.k8s.api.autoscaling.v1';

const crossVersionObjectReference = (P: string) =>
  z
    .strictObject({
      kind: z.string().describe('Kind of the scaled object, such as Deployment.'),
      name: z.string().describe('Name of the scaled object.'),
      apiVersion: z.string().optional().describe('API version of the scaled object, such as apps/v1.'),
    })
    .meta({
      id: `${P}.CrossVersionObjectReference`,
      description: 'Identifies the object being scaled, with enough information to reach its scale subresource.',
    });

const ref2 = crossVersionObjectReference(P2);

const metricIdentifier = z
  .strictObject({
    name: z.string().describe('Name of the metric.'),
    selector: labelSelector.optional().describe('Narrows the metric to the series with these labels.'),
  })
  .meta({ id: `${P2}.MetricIdentifier`, description: 'Names a metric and optionally selects some of its series.' });

const metricTarget = z
  .strictObject({
    type: z.string().describe('Utilization, Value or AverageValue.'),
    value: quantity.optional().describe('Target value of the metric, for type Value.'),
    averageValue: quantity.optional().describe('Target value averaged over the pods, for type AverageValue.'),
    averageUtilization: int32
      .optional()
      .describe("Target percentage of the pods' resource requests, averaged over the pods, for type Utilization."),
  })
  .meta({ id: `${P2}.MetricTarget`, description: 'The target value of a metric.' });

const metricValueStatus = z
  .strictObject({
    value: quantity.optional().describe('Current value of the metric.'),
    averageValue: quantity.optional().describe('Current value averaged over the pods.'),
    averageUtilization: int32.optional().describe("Current average utilization, as a percentage of the pods' requests."),
  })
  .meta({ id: `${P2}.MetricValueStatus`, description: 'The current value of a metric.' });

const metricSpec = z
  .strictObject({
    type: z.string().describe('Which source is set: ContainerResource, External, Object, Pods or Resource.'),
    object: z
      .strictObject({
        describedObject: ref2.describe('The object the metric describes.'),
        target: metricTarget.describe('Target value of the metric.'),
        metric: metricIdentifier.describe('The metric.'),
      })
      .meta({ id: `${P2}.ObjectMetricSource`, description: 'A metric describing one Kubernetes object.' })
      .optional()
      .describe('A metric of a single object, such as requests per second of an Ingress.'),
    pods: z
      .strictObject({
        metric: metricIdentifier.describe('The metric.'),
        target: metricTarget.describe('Target value of the metric.'),
      })
      .meta({ id: `${P2}.PodsMetricSource`, description: 'A metric averaged over the pods of the target.' })
      .optional()
      .describe('A metric of each pod, averaged over the pods.'),
    resource: z
      .strictObject({
        name: z.string().describe('The resource: cpu or memory.'),
        target: metricTarget.describe('Target value of the resource.'),
      })
      .meta({
        id: `${P2}.ResourceMetricSource`,
        description: 'A resource metric (cpu, memory) of the pods, as known from their requests and limits.',
      })
      .optional()
      .describe('A resource metric of the pods (cpu or memory).'),
    containerResource: z
      .strictObject({
        name: z.string().describe('The resource: cpu or memory.'),
        target: metricTarget.describe('Target value of the resource.'),
        container: z.string().describe('The container whose usage counts.'),
      })
      .meta({ id: `${P2}.ContainerResourceMetricSource`, description: 'A resource metric of one container of each pod.' })
      .optional()
      .describe('A resource metric of one container of each pod.'),
    external: z
      .strictObject({
        metric: metricIdentifier.describe('The metric.'),
        target: metricTarget.describe('Target value of the metric.'),
      })
      .meta({ id: `${P2}.ExternalMetricSource`, description: 'A metric that is not tied to any Kubernetes object.' })
      .optional()
      .describe('A metric from outside the cluster, such as a queue length.'),
  })
  .meta({ id: `${P2}.MetricSpec`, description: 'One metric to scale on; exactly one source matching type is set.' });

const metricStatus = z
  .strictObject({
    type: z.string().describe('Which source is set: ContainerResource, External, Object, Pods or Resource.'),
    object: z
      .strictObject({
        metric: metricIdentifier.describe('The metric.'),
        current: metricValueStatus.describe('Current value.'),
        describedObject: ref2.describe('The object the metric describes.'),
      })
      .meta({ id: `${P2}.ObjectMetricStatus`, description: 'Current value of an object metric.' })
      .optional()
      .describe('Current value of an object metric.'),
    pods: z
      .strictObject({
        metric: metricIdentifier.describe('The metric.'),
        current: metricValueStatus.describe('Current value.'),
      })
      .meta({ id: `${P2}.PodsMetricStatus`, description: 'Current value of a pods metric.' })
      .optional()
      .describe('Current value of a pods metric.'),
    resource: z
      .strictObject({
        name: z.string().describe('The resource.'),
        current: metricValueStatus.describe('Current value.'),
      })
      .meta({ id: `${P2}.ResourceMetricStatus`, description: 'Current value of a resource metric.' })
      .optional()
      .describe('Current value of a resource metric.'),
    containerResource: z
      .strictObject({
        name: z.string().describe('The resource.'),
        current: metricValueStatus.describe('Current value.'),
        container: z.string().describe('The container.'),
      })
      .meta({ id: `${P2}.ContainerResourceMetricStatus`, description: 'Current value of a container resource metric.' })
      .optional()
      .describe('Current value of a container resource metric.'),
    external: z
      .strictObject({
        metric: metricIdentifier.describe('The metric.'),
        current: metricValueStatus.describe('Current value.'),
      })
      .meta({ id: `${P2}.ExternalMetricStatus`, description: 'Current value of an external metric.' })
      .optional()
      .describe('Current value of an external metric.'),
  })
  .meta({ id: `${P2}.MetricStatus`, description: 'The last observed value of one metric.' });

const scalingRules = z
  .strictObject({
    stabilizationWindowSeconds: int32
      .optional()
      .describe('Seconds of past recommendations considered, to avoid flapping; 0 for scale up and 300 for scale down by default.'),
    selectPolicy: z.string().optional().describe('Max (the default), Min or Disabled: which policy result is used.'),
    policies: z
      .array(
        z
          .strictObject({
            type: z.string().describe('Pods or Percent.'),
            value: int32.describe('The change allowed per period; greater than zero.'),
            periodSeconds: int32.describe('The window the policy holds over, at most 1800 seconds.'),
          })
          .meta({ id: `${P2}.HPAScalingPolicy`, description: 'A single allowed change within a period.' }),
      )
      .optional()
      .describe('Allowed changes per period.'),
  })
  .meta({ id: `${P2}.HPAScalingRules`, description: 'Rate limits of scaling in one direction.' });

export const horizontalPodAutoscalerV2 = kindObject(
  P2,
  'HorizontalPodAutoscaler',
  {
    spec: z
      .strictObject({
        scaleTargetRef: ref2.describe('The object to scale, which must have a scale subresource.'),
        minReplicas: int32.optional().describe('Lower bound of the replica count; defaults to 1.'),
        maxReplicas: int32.describe('Upper bound of the replica count; at least minReplicas.'),
        metrics: z
          .array(metricSpec)
          .optional()
          .describe('Metrics to compute the desired replica count from (the largest wins); defaults to 80% average CPU utilization.'),
        behavior: z
          .strictObject({
            scaleUp: scalingRules.optional().describe('Rules for scaling up; by default at most double or +4 pods per 15 s.'),
            scaleDown: scalingRules
              .optional()
              .describe('Rules for scaling down; by default everything above the recommendation over 300 s.'),
          })
          .meta({ id: `${P2}.HorizontalPodAutoscalerBehavior`, description: 'Scaling behaviour in both directions.' })
          .optional()
          .describe('Scaling rate limits in each direction.'),
      })
      .meta({ id: `${P2}.HorizontalPodAutoscalerSpec`, description: 'Desired behaviour of an autoscaler.' })
      .optional()
      .describe('Desired behaviour of the autoscaler.'),
    status: z
      .strictObject({
        observedGeneration: int64.optional().describe('Generation last observed by the autoscaler.'),
        lastScaleTime: time.nullable().optional().describe('When the autoscaler last changed the replica count.'),
        currentReplicas: int32.optional().describe('Current replica count of the target.'),
        desiredReplicas: int32.optional().describe('Replica count last computed.'),
        currentMetrics: z.array(metricStatus).optional().describe('Last observed values of the metrics.'),
        conditions: z
          .array(
            z
              .strictObject({
                type: z.string().describe('AbleToScale, ScalingActive or ScalingLimited.'),
                status: z.string().describe('True, False or Unknown.'),
                lastTransitionTime: time.nullable().optional().describe('When the condition last changed status.'),
                reason: z.string().optional().describe('A CamelCase reason for the last transition.'),
                message: z.string().optional().describe('Human-readable details.'),
              })
              .meta({ id: `${P2}.HorizontalPodAutoscalerCondition`, description: 'One condition of an autoscaler.' }),
          )
          .optional()
          .describe('Conditions of the autoscaler.'),
      })
      .meta({ id: `${P2}.HorizontalPodAutoscalerStatus`, description: 'Observed state of an autoscaler.' })
      .optional()
      .describe('Current state of the autoscaler. Read-only.'),
  },
  "Scales a workload's replica count automatically from observed metrics.",
);

export type HorizontalPodAutoscaler = ObjectOf<typeof horizontalPodAutoscalerV2>;

export const horizontalPodAutoscalerV1 = kindObject(
  P1,
  'HorizontalPodAutoscaler',
  {
    spec: z
      .strictObject({
        scaleTargetRef: crossVersionObjectReference(P1).describe('The object to scale, which must have a scale subresource.'),
        minReplicas: int32.optional().describe('Lower bound of the replica count; defaults to 1.'),
        maxReplicas: int32.describe('Upper bound of the replica count; at least minReplicas.'),
        targetCPUUtilizationPercentage: int32
          .optional()
          .describe('Target average CPU utilization, as a percentage of the requested CPU; the default policy is used when unset.'),
      })
      .meta({ id: `${P1}.HorizontalPodAutoscalerSpec`, description: 'Desired behaviour of an autoscaler.' })
      .optional()
      .describe('Desired behaviour of the autoscaler.'),
    status: z
      .strictObject({
        observedGeneration: int64.optional().describe('Generation last observed by the autoscaler.'),
        lastScaleTime: time.nullable().optional().describe('When the autoscaler last changed the replica count.'),
        currentReplicas: int32.optional().describe('Current replica count of the target.'),
        desiredReplicas: int32.optional().describe('Replica count last computed.'),
        currentCPUUtilizationPercentage: int32
          .optional()
          .describe('Current average CPU utilization, as a percentage of the requested CPU.'),
      })
      .meta({ id: `${P1}.HorizontalPodAutoscalerStatus`, description: 'Observed state of an autoscaler.' })
      .optional()
      .describe('Current state of the autoscaler. Read-only.'),
  },
  "Scales a workload's replica count automatically from its CPU utilization.",
);

export type HorizontalPodAutoscalerV1 = ObjectOf<typeof horizontalPodAutoscalerV1>;

const SCALE_UP = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

const SCALE_DOWN = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

function defaultScalingRules(rules: unknown, defaults: typeof SCALE_UP): Obj {
  const r: Obj = isObject(rules) ? rules : {};
  if (typeof r.stabilizationWindowSeconds !== 'number') r.stabilizationWindowSeconds = defaults.stabilizationWindowSeconds;
  setIfEmpty(r, 'selectPolicy', defaults.selectPolicy);
  if (!Array.isArray(r.policies) || r.policies.length === 0) r.policies = structuredClone(defaults.policies);
  return r;
}

/** autoscaling/v2 SetDefaults_HorizontalPodAutoscaler: 80% CPU when no metric is given; behaviour filled in when present. */
export function defaultHorizontalPodAutoscalerV2(hpa: Obj): void {
  const spec = child(hpa, 'spec');
  if (typeof spec.minReplicas !== 'number') spec.minReplicas = 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  for (const m of arr(spec.metrics))
    for (const key of ['resource', 'containerResource', 'pods', 'object', 'external']) {
      const t = isObject(m[key]) && isObject(m[key].target) ? m[key].target : undefined;
      if (t) for (const q of ['value', 'averageValue']) if (t[q] !== undefined) t[q] = canonicalQuantity(t[q]) ?? t[q];
    }
  if (isObject(spec.behavior)) {
    spec.behavior.scaleUp = defaultScalingRules(spec.behavior.scaleUp, SCALE_UP);
    spec.behavior.scaleDown = defaultScalingRules(spec.behavior.scaleDown, SCALE_DOWN);
  }
}

function defaultHorizontalPodAutoscalerV1(hpa: Obj): void {
  const spec = child(hpa, 'spec');
  if (typeof spec.minReplicas !== 'number') spec.minReplicas = 1;
}

function validateScaleTargetRef(ref: unknown, f: FieldPath, errs: ErrorList): void {
  const r = isObject(ref) ? ref : {};
  if (!str(r.kind)) errs.required(f.child('kind'));
  if (!str(r.name)) errs.required(f.child('name'));
}

function validateReplicaBounds(s: Obj, f: FieldPath, errs: ErrorList): void {
  if (typeof s.minReplicas === 'number' && s.minReplicas < 1)
    errs.invalid(f.child('minReplicas'), s.minReplicas, 'must be greater than or equal to 1');
  if (typeof s.maxReplicas === 'number') {
    if (s.maxReplicas < 1) errs.invalid(f.child('maxReplicas'), s.maxReplicas, 'must be greater than 0');
    else if (typeof s.minReplicas === 'number' && s.maxReplicas < s.minReplicas)
      errs.invalid(f.child('maxReplicas'), s.maxReplicas, 'must be greater than or equal to `minReplicas`');
  }
}

const METRIC_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];

const SOURCE_OF: Record<string, string> = {
  ContainerResource: 'containerResource',
  External: 'external',
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
};

function validateTarget(t: unknown, f: FieldPath, errs: ErrorList): void {
  if (!isObject(t)) {
    errs.required(f);
    return;
  }
  oneOf(t.type, ['AverageValue', 'Utilization', 'Value'], f.child('type'), errs, true);
  if (t.type === 'Utilization' && typeof t.averageUtilization !== 'number')
    errs.required(f.child('averageUtilization'), 'must set either a target raw value or a target utilization');
  if (t.type === 'Value' && t.value === undefined)
    errs.required(f.child('value'), 'must set either a target value for metric or a per-pod target');
  if (t.type === 'AverageValue' && t.averageValue === undefined)
    errs.required(f.child('averageValue'), 'must set either a target value for metric or a per-pod target');
  if (typeof t.averageUtilization === 'number' && t.averageUtilization < 1)
    errs.invalid(f.child('averageUtilization'), t.averageUtilization, 'must be greater than 0');
  for (const q of ['value', 'averageValue'])
    if (t[q] !== undefined && !isQuantity(String(t[q]))) errs.invalid(f.child(q), t[q], 'must be a valid quantity');
}

export function validateHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler, version: string, errs: ErrorList): void {
  const s = specOf(hpa);
  const f = root('spec');
  validateScaleTargetRef(s.scaleTargetRef, f.child('scaleTargetRef'), errs);
  validateReplicaBounds(s, f, errs);
  if (version === 'v1') {
    if (typeof s.targetCPUUtilizationPercentage === 'number' && s.targetCPUUtilizationPercentage < 1) {
      errs.invalid(f.child('targetCPUUtilizationPercentage'), s.targetCPUUtilizationPercentage, 'must be greater than 0');
    }
    return;
  }
  list(s.metrics).forEach((m, i) => {
    if (!isObject(m)) return;
    const mf = f.child('metrics').index(i);
    if (!str(m.type)) {
      errs.required(mf.child('type'), 'must specify a metric source type');
      return;
    }
    if (!METRIC_TYPES.includes(m.type)) {
      errs.notSupported(mf.child('type'), m.type, METRIC_TYPES);
      return;
    }
    const key = SOURCE_OF[m.type];
    const src = m[key];
    const set = Object.values(SOURCE_OF).filter((k) => m[k] !== undefined);
    if (set.length > 1) errs.forbidden(mf, 'must populate the given metric source only');
    if (!isObject(src)) {
      errs.required(mf.child(key), 'must populate information for the given metric source');
      return;
    }
    const sf = mf.child(key);
    if (key === 'resource' || key === 'containerResource') {
      if (!str(src.name)) errs.required(sf.child('name'));
      if (key === 'containerResource' && !str(src.container)) errs.required(sf.child('container'));
    } else if (!isObject(src.metric) || !str(src.metric.name)) errs.required(sf.child('metric').child('name'));
    if (key === 'object') validateScaleTargetRef(src.describedObject, sf.child('describedObject'), errs);
    validateTarget(src.target, sf.child('target'), errs);
  });
  const behavior = isObject(s.behavior) ? s.behavior : undefined;
  if (behavior)
    for (const dir of ['scaleUp', 'scaleDown']) {
      const rules = behavior[dir];
      if (!isObject(rules)) continue;
      const rf = f.child('behavior').child(dir);
      if (
        typeof rules.stabilizationWindowSeconds === 'number' &&
        (rules.stabilizationWindowSeconds < 0 || rules.stabilizationWindowSeconds > 3600)
      ) {
        errs.invalid(
          rf.child('stabilizationWindowSeconds'),
          rules.stabilizationWindowSeconds,
          rules.stabilizationWindowSeconds < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600',
        );
      }
      oneOf(rules.selectPolicy, ['Disabled', 'Max', 'Min'], rf.child('selectPolicy'), errs);
      list(rules.policies).forEach((p, j) => {
        if (!isObject(p)) return;
        const pf = rf.child('policies').index(j);
        oneOf(p.type, ['Percent', 'Pods'], pf.child('type'), errs, true);
        if (typeof p.value !== 'number' || p.value <= 0) errs.invalid(pf.child('value'), p.value ?? 0, 'must be greater than zero');
        if (typeof p.periodSeconds !== 'number' || p.periodSeconds <= 0)
          errs.invalid(pf.child('periodSeconds'), p.periodSeconds ?? 0, 'must be greater than zero');
        else if (p.periodSeconds > 1800) errs.invalid(pf.child('periodSeconds'), p.periodSeconds, 'must be less than or equal to 1800');
      });
    }
}

/** The TARGETS cell: `cpu: 40%/80%`, `<unknown>` for values not observed yet (server tables are wide: every metric). */
export function formatHpaMetrics(specs: Obj[] | undefined, statuses: Obj[] | undefined): string {
  const list: string[] = [];
  (specs ?? []).forEach((spec, i) => {
    const st = (statuses ?? [])[i];
    switch (spec.type) {
      case 'External': {
        const t = spec.external?.target ?? {};
        if (t.averageValue !== undefined) list.push(`${st?.external?.current?.averageValue ?? '<unknown>'}/${t.averageValue} (avg)`);
        else list.push(`${st?.external?.current?.value ?? '<unknown>'}/${t.value ?? '<unknown>'}`);
        break;
      }
      case 'Pods':
        list.push(`${st?.pods?.current?.averageValue ?? '<unknown>'}/${spec.pods?.target?.averageValue ?? '<unknown>'}`);
        break;
      case 'Object': {
        const t = spec.object?.target ?? {};
        if (t.averageValue !== undefined) list.push(`${st?.object?.current?.averageValue ?? '<unknown>'}/${t.averageValue} (avg)`);
        else list.push(`${st?.object?.current?.value ?? '<unknown>'}/${t.value ?? '<unknown>'}`);
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const src = spec[key] ?? {};
        const cur = st?.[key]?.current;
        if (src.target?.averageValue !== undefined) {
          list.push(`${src.name}: ${cur?.averageValue ?? '<unknown>'}/${src.target.averageValue}`);
        } else {
          const current = typeof cur?.averageUtilization === 'number' ? `${cur.averageUtilization}%` : '<unknown>';
          const target = typeof src.target?.averageUtilization === 'number' ? `${src.target.averageUtilization}%` : '<auto>';
          list.push(`${src.name}: ${current}/${target}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  return list.length ? list.join(', ') : '<none>';
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Reference', 'reference to the scaled resource'),
    col('Targets', 'the current and target metrics (or the number of replicas) of the HPA'),
    col('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.', { type: 'integer' }),
    col('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.', {
      type: 'integer',
    }),
    AGE_COLUMN,
  ],
  cells(h: Obj, now) {
    const ref = h.spec?.scaleTargetRef ?? {};
    return [
      h.metadata.name ?? '',
      `${ref.kind ?? ''}/${ref.name ?? ''}`,
      formatHpaMetrics(h.spec?.metrics, h.status?.currentMetrics),
      typeof h.spec?.minReplicas === 'number' ? String(h.spec.minReplicas) : '<unset>',
      h.spec?.maxReplicas ?? 0,
      h.status?.currentReplicas ?? 0,
      age(h.metadata.creationTimestamp, now),
    ];
  },
};

const hpa = {
  group: 'autoscaling',
  kind: 'HorizontalPodAutoscaler',
  resource: 'horizontalpodautoscalers',
  namespaced: true,
  shortNames: ['hpa'],
  categories: ['all'],
  subresources: [statusSubresource],
  strategy: { tracksGeneration: true },
};

export const horizontalPodAutoscalerV2Kind: KindDescriptor<HorizontalPodAutoscaler> = defineKind({
  ...hpa,
  version: 'v2',
  schema: horizontalPodAutoscalerV2,
  protobuf: 'api.autoscaling.v2.HorizontalPodAutoscaler',
  printer: horizontalPodAutoscalerPrinter,
  default: defaultHorizontalPodAutoscalerV2,
  validate: (o, _old, errs) => validateHorizontalPodAutoscaler(o, 'v2', errs),
});

export const horizontalPodAutoscalerV1Kind: KindDescriptor<HorizontalPodAutoscalerV1> = defineKind({
  ...hpa,
  version: 'v1',
  schema: horizontalPodAutoscalerV1,
  protobuf: 'api.autoscaling.v1.HorizontalPodAutoscaler',
  default: defaultHorizontalPodAutoscalerV1,
  validate: (o, _old, errs) => validateHorizontalPodAutoscaler(o, 'v1', errs),
});
