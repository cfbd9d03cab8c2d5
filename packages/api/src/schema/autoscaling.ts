/** Schemas of `autoscaling/v2` and `autoscaling/v1`: HorizontalPodAutoscaler. */
import { z } from 'zod';
import { int32, int64, quantity, time } from './common.js';
import { labelSelector } from './meta-v1.js';
import { kindObject } from './kind.js';

const s = () => z.string();

const crossVersionObjectReference = (P: string) => z.strictObject({
  kind: s().describe('Kind of the scaled object, such as Deployment.'),
  name: s().describe('Name of the scaled object.'),
  apiVersion: s().optional().describe('API version of the scaled object, such as apps/v1.'),
}).meta({ id: `${P}.CrossVersionObjectReference`, description: 'Identifies the object being scaled, with enough information to reach its scale subresource.' });

// ---- v2 --------------------------------------------------------------------------------------

const P2 = 'io.k8s.api.autoscaling.v2';
const ref2 = crossVersionObjectReference(P2);

const metricIdentifier = z.strictObject({
  name: s().describe('Name of the metric.'),
  selector: labelSelector.optional().describe('Narrows the metric to the series with these labels.'),
}).meta({ id: `${P2}.MetricIdentifier`, description: 'Names a metric and optionally selects some of its series.' });

const metricTarget = z.strictObject({
  type: s().describe('Utilization, Value or AverageValue.'),
  value: quantity.optional().describe('Target value of the metric, for type Value.'),
  averageValue: quantity.optional().describe('Target value averaged over the pods, for type AverageValue.'),
  averageUtilization: int32.optional().describe('Target percentage of the pods\' resource requests, averaged over the pods, for type Utilization.'),
}).meta({ id: `${P2}.MetricTarget`, description: 'The target value of a metric.' });

const metricValueStatus = z.strictObject({
  value: quantity.optional().describe('Current value of the metric.'),
  averageValue: quantity.optional().describe('Current value averaged over the pods.'),
  averageUtilization: int32.optional().describe('Current average utilization, as a percentage of the pods\' requests.'),
}).meta({ id: `${P2}.MetricValueStatus`, description: 'The current value of a metric.' });

const metricSpec = z.strictObject({
  type: s().describe('Which source is set: ContainerResource, External, Object, Pods or Resource.'),
  object: z.strictObject({
    describedObject: ref2.describe('The object the metric describes.'),
    target: metricTarget.describe('Target value of the metric.'),
    metric: metricIdentifier.describe('The metric.'),
  }).meta({ id: `${P2}.ObjectMetricSource`, description: 'A metric describing one Kubernetes object.' }).optional().describe('A metric of a single object, such as requests per second of an Ingress.'),
  pods: z.strictObject({
    metric: metricIdentifier.describe('The metric.'),
    target: metricTarget.describe('Target value of the metric.'),
  }).meta({ id: `${P2}.PodsMetricSource`, description: 'A metric averaged over the pods of the target.' }).optional().describe('A metric of each pod, averaged over the pods.'),
  resource: z.strictObject({
    name: s().describe('The resource: cpu or memory.'),
    target: metricTarget.describe('Target value of the resource.'),
  }).meta({ id: `${P2}.ResourceMetricSource`, description: 'A resource metric (cpu, memory) of the pods, as known from their requests and limits.' }).optional().describe('A resource metric of the pods (cpu or memory).'),
  containerResource: z.strictObject({
    name: s().describe('The resource: cpu or memory.'),
    target: metricTarget.describe('Target value of the resource.'),
    container: s().describe('The container whose usage counts.'),
  }).meta({ id: `${P2}.ContainerResourceMetricSource`, description: 'A resource metric of one container of each pod.' }).optional().describe('A resource metric of one container of each pod.'),
  external: z.strictObject({
    metric: metricIdentifier.describe('The metric.'),
    target: metricTarget.describe('Target value of the metric.'),
  }).meta({ id: `${P2}.ExternalMetricSource`, description: 'A metric that is not tied to any Kubernetes object.' }).optional().describe('A metric from outside the cluster, such as a queue length.'),
}).meta({ id: `${P2}.MetricSpec`, description: 'One metric to scale on; exactly one source matching type is set.' });

const metricStatus = z.strictObject({
  type: s().describe('Which source is set: ContainerResource, External, Object, Pods or Resource.'),
  object: z.strictObject({
    metric: metricIdentifier.describe('The metric.'),
    current: metricValueStatus.describe('Current value.'),
    describedObject: ref2.describe('The object the metric describes.'),
  }).meta({ id: `${P2}.ObjectMetricStatus`, description: 'Current value of an object metric.' }).optional().describe('Current value of an object metric.'),
  pods: z.strictObject({
    metric: metricIdentifier.describe('The metric.'),
    current: metricValueStatus.describe('Current value.'),
  }).meta({ id: `${P2}.PodsMetricStatus`, description: 'Current value of a pods metric.' }).optional().describe('Current value of a pods metric.'),
  resource: z.strictObject({
    name: s().describe('The resource.'),
    current: metricValueStatus.describe('Current value.'),
  }).meta({ id: `${P2}.ResourceMetricStatus`, description: 'Current value of a resource metric.' }).optional().describe('Current value of a resource metric.'),
  containerResource: z.strictObject({
    name: s().describe('The resource.'),
    current: metricValueStatus.describe('Current value.'),
    container: s().describe('The container.'),
  }).meta({ id: `${P2}.ContainerResourceMetricStatus`, description: 'Current value of a container resource metric.' }).optional().describe('Current value of a container resource metric.'),
  external: z.strictObject({
    metric: metricIdentifier.describe('The metric.'),
    current: metricValueStatus.describe('Current value.'),
  }).meta({ id: `${P2}.ExternalMetricStatus`, description: 'Current value of an external metric.' }).optional().describe('Current value of an external metric.'),
}).meta({ id: `${P2}.MetricStatus`, description: 'The last observed value of one metric.' });

const scalingRules = z.strictObject({
  stabilizationWindowSeconds: int32.optional().describe('Seconds of past recommendations considered, to avoid flapping; 0 for scale up and 300 for scale down by default.'),
  selectPolicy: s().optional().describe('Max (the default), Min or Disabled: which policy result is used.'),
  policies: z.array(z.strictObject({
    type: s().describe('Pods or Percent.'),
    value: int32.describe('The change allowed per period; greater than zero.'),
    periodSeconds: int32.describe('The window the policy holds over, at most 1800 seconds.'),
  }).meta({ id: `${P2}.HPAScalingPolicy`, description: 'A single allowed change within a period.' })).optional().describe('Allowed changes per period.'),
}).meta({ id: `${P2}.HPAScalingRules`, description: 'Rate limits of scaling in one direction.' });

export const horizontalPodAutoscalerV2 = kindObject(P2, 'HorizontalPodAutoscaler', {
  spec: z.strictObject({
    scaleTargetRef: ref2.describe('The object to scale, which must have a scale subresource.'),
    minReplicas: int32.optional().describe('Lower bound of the replica count; defaults to 1.'),
    maxReplicas: int32.describe('Upper bound of the replica count; at least minReplicas.'),
    metrics: z.array(metricSpec).optional().describe('Metrics to compute the desired replica count from (the largest wins); defaults to 80% average CPU utilization.'),
    behavior: z.strictObject({
      scaleUp: scalingRules.optional().describe('Rules for scaling up; by default at most double or +4 pods per 15 s.'),
      scaleDown: scalingRules.optional().describe('Rules for scaling down; by default everything above the recommendation over 300 s.'),
    }).meta({ id: `${P2}.HorizontalPodAutoscalerBehavior`, description: 'Scaling behaviour in both directions.' }).optional().describe('Scaling rate limits in each direction.'),
  }).meta({ id: `${P2}.HorizontalPodAutoscalerSpec`, description: 'Desired behaviour of an autoscaler.' }).optional().describe('Desired behaviour of the autoscaler.'),
  status: z.strictObject({
    observedGeneration: int64.optional().describe('Generation last observed by the autoscaler.'),
    lastScaleTime: time.nullable().optional().describe('When the autoscaler last changed the replica count.'),
    currentReplicas: int32.optional().describe('Current replica count of the target.'),
    desiredReplicas: int32.optional().describe('Replica count last computed.'),
    currentMetrics: z.array(metricStatus).optional().describe('Last observed values of the metrics.'),
    conditions: z.array(z.strictObject({
      type: s().describe('AbleToScale, ScalingActive or ScalingLimited.'),
      status: s().describe('True, False or Unknown.'),
      lastTransitionTime: time.nullable().optional().describe('When the condition last changed status.'),
      reason: s().optional().describe('A CamelCase reason for the last transition.'),
      message: s().optional().describe('Human-readable details.'),
    }).meta({ id: `${P2}.HorizontalPodAutoscalerCondition`, description: 'One condition of an autoscaler.' })).optional().describe('Conditions of the autoscaler.'),
  }).meta({ id: `${P2}.HorizontalPodAutoscalerStatus`, description: 'Observed state of an autoscaler.' }).optional().describe('Current state of the autoscaler. Read-only.'),
}, 'Scales a workload\'s replica count automatically from observed metrics.');

// ---- v1 --------------------------------------------------------------------------------------

const P1 = 'io.k8s.api.autoscaling.v1';

export const horizontalPodAutoscalerV1 = kindObject(P1, 'HorizontalPodAutoscaler', {
  spec: z.strictObject({
    scaleTargetRef: crossVersionObjectReference(P1).describe('The object to scale, which must have a scale subresource.'),
    minReplicas: int32.optional().describe('Lower bound of the replica count; defaults to 1.'),
    maxReplicas: int32.describe('Upper bound of the replica count; at least minReplicas.'),
    targetCPUUtilizationPercentage: int32.optional().describe('Target average CPU utilization, as a percentage of the requested CPU; the default policy is used when unset.'),
  }).meta({ id: `${P1}.HorizontalPodAutoscalerSpec`, description: 'Desired behaviour of an autoscaler.' }).optional().describe('Desired behaviour of the autoscaler.'),
  status: z.strictObject({
    observedGeneration: int64.optional().describe('Generation last observed by the autoscaler.'),
    lastScaleTime: time.nullable().optional().describe('When the autoscaler last changed the replica count.'),
    currentReplicas: int32.optional().describe('Current replica count of the target.'),
    desiredReplicas: int32.optional().describe('Replica count last computed.'),
    currentCPUUtilizationPercentage: int32.optional().describe('Current average CPU utilization, as a percentage of the requested CPU.'),
  }).meta({ id: `${P1}.HorizontalPodAutoscalerStatus`, description: 'Observed state of an autoscaler.' }).optional().describe('Current state of the autoscaler. Read-only.'),
}, 'Scales a workload\'s replica count automatically from its CPU utilization.');
