/** Schemas of `apps/v1`: Deployment and ReplicaSet. */
import { z } from 'zod';
import { int32, int64, intOrString, time } from './common.js';
import { labelSelector, objectMeta } from './meta-v1.js';
import { podTemplateSpec } from './core-v1.js';

const P = 'io.k8s.api.apps.v1';
const s = () => z.string();

const top = (kind: string, fields: Record<string, z.ZodType>, description: string) =>
  z.strictObject({
    apiVersion: s().optional().describe('Versioned schema of this representation of the object.'),
    kind: s().optional().describe('The REST resource this object represents, in CamelCase.'),
    metadata: objectMeta.optional().describe('Standard object metadata.'),
    ...fields,
  }).meta({ id: `${P}.${kind}`, description });

const workloadCondition = (kind: string, extra: Record<string, z.ZodType> = {}) => z.strictObject({
  type: s().describe('Condition type.'),
  status: s().describe('True, False or Unknown.'),
  ...extra,
  lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
  reason: s().optional().describe('CamelCase reason of the last transition.'),
  message: s().optional().describe('Human-readable details.'),
}).meta({ id: `${P}.${kind}Condition`, description: `One condition of a ${kind}.` });

export const deployment = top('Deployment', {
  spec: z.strictObject({
    replicas: int32.optional().describe('Desired number of pods; defaults to 1.'),
    selector: labelSelector.describe('Selects the pods managed; must match the template labels and cannot change.'),
    template: podTemplateSpec.describe('Template of the pods; its labels must match the selector.'),
    strategy: z.strictObject({
      type: s().optional().describe('Recreate or RollingUpdate; defaults to RollingUpdate.'),
      rollingUpdate: z.strictObject({
        maxUnavailable: intOrString.optional().describe('Pods that may be unavailable during the update, as a number or percentage; defaults to 25%.'),
        maxSurge: intOrString.optional().describe('Pods that may be created above the desired count, as a number or percentage; defaults to 25%.'),
      }).meta({ id: `${P}.RollingUpdateDeployment`, description: 'Parameters of a rolling update.' }).optional().describe('Rolling update parameters, for type RollingUpdate.'),
    }).meta({ id: `${P}.DeploymentStrategy`, description: 'How old pods are replaced by new ones.' }).optional().describe('The replacement strategy.'),
    minReadySeconds: int32.optional().describe('Seconds a new pod must be ready to count as available.'),
    revisionHistoryLimit: int32.optional().describe('Old ReplicaSets kept for rollback; defaults to 10.'),
    paused: z.boolean().optional().describe('Pauses the rollout while true.'),
    progressDeadlineSeconds: int32.optional().describe('Seconds without progress before the rollout is reported failed; defaults to 600.'),
  }).meta({ id: `${P}.DeploymentSpec`, description: 'Desired state of a deployment.' }).optional().describe('Desired state of the deployment.'),
  status: z.strictObject({
    observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
    replicas: int32.optional().describe('Pods targeted by the deployment.'),
    updatedReplicas: int32.optional().describe('Pods with the current template.'),
    readyReplicas: int32.optional().describe('Ready pods.'),
    availableReplicas: int32.optional().describe('Pods ready for at least minReadySeconds.'),
    unavailableReplicas: int32.optional().describe('Pods still needed for 100% availability.'),
    conditions: z.array(workloadCondition('Deployment', {
      lastUpdateTime: time.nullable().optional().describe('Last time the condition was updated.'),
    })).optional().describe('Available, Progressing and ReplicaFailure conditions.'),
    collisionCount: int32.optional().describe('Counter used to avoid pod-template-hash collisions.'),
  }).meta({ id: `${P}.DeploymentStatus`, description: 'Observed state of a deployment.' }).optional().describe('Most recently observed status.'),
}, 'Declarative updates for pods and ReplicaSets.');

export const replicaSet = top('ReplicaSet', {
  spec: z.strictObject({
    replicas: int32.optional().describe('Desired number of pods; defaults to 1.'),
    minReadySeconds: int32.optional().describe('Seconds a pod must be ready to count as available.'),
    selector: labelSelector.describe('Selects the pods counted; must match the template labels.'),
    template: podTemplateSpec.optional().describe('Template of the pods created when too few exist.'),
  }).meta({ id: `${P}.ReplicaSetSpec`, description: 'Desired state of a ReplicaSet.' }).optional().describe('Desired state.'),
  status: z.strictObject({
    replicas: int32.optional().describe('Most recently observed number of pods.'),
    fullyLabeledReplicas: int32.optional().describe('Pods whose labels match the template labels.'),
    readyReplicas: int32.optional().describe('Ready pods.'),
    availableReplicas: int32.optional().describe('Available pods.'),
    observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
    conditions: z.array(workloadCondition('ReplicaSet')).optional().describe('Conditions.'),
  }).meta({ id: `${P}.ReplicaSetStatus`, description: 'Observed state of a ReplicaSet.' }).optional().describe('Observed state.'),
}, 'Keeps a stable set of replica pods running.');
