/** Schemas of `apps/v1`: Deployment, ReplicaSet, StatefulSet, DaemonSet and ControllerRevision. */
import { z } from 'zod';
import { int32, int64, intOrString, time } from './common.js';
import { labelSelector, objectMeta } from './meta-v1.js';
import { podTemplateSpec } from './core-v1.js';
import { persistentVolumeClaim } from './core-v1-storage.js';

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

// ---- StatefulSet, DaemonSet, ControllerRevision ----------------------------------------------

export const statefulSet = top('StatefulSet', {
  spec: z.strictObject({
    replicas: int32.optional().describe('Desired number of pods, named <set>-0 … <set>-(replicas-1); defaults to 1.'),
    selector: labelSelector.describe('Selects the pods of the set; must match the template labels and cannot change.'),
    template: podTemplateSpec.describe('Template of the pods; each pod gets a stable identity (name, hostname, storage) from its ordinal.'),
    volumeClaimTemplates: z.array(persistentVolumeClaim).optional().describe('Claims every pod gets its own copy of, named <claim>-<pod>; they outlive the pods.'),
    serviceName: s().optional().describe('The headless service that governs the network identity of the pods (<pod>.<serviceName>).'),
    podManagementPolicy: s().optional().describe('OrderedReady (one pod at a time, in order; the default) or Parallel.'),
    updateStrategy: z.strictObject({
      type: s().optional().describe('RollingUpdate (the default) or OnDelete.'),
      rollingUpdate: z.strictObject({
        partition: int32.optional().describe('Only pods with an ordinal at or above this are updated; defaults to 0.'),
        maxUnavailable: intOrString.optional().describe('Pods that may be unavailable during the update, as a number or percentage; defaults to 1 (alpha feature).'),
      }).meta({ id: `${P}.RollingUpdateStatefulSetStrategy`, description: 'Parameters of a StatefulSet rolling update.' }).optional().describe('Rolling update parameters, for type RollingUpdate.'),
    }).meta({ id: `${P}.StatefulSetUpdateStrategy`, description: 'How a StatefulSet replaces its pods after a template change.' }).optional().describe('How pods are updated when the template changes.'),
    revisionHistoryLimit: int32.optional().describe('ControllerRevisions kept for rollback; defaults to 10.'),
    minReadySeconds: int32.optional().describe('Seconds a new pod must be ready to count as available; defaults to 0.'),
    persistentVolumeClaimRetentionPolicy: z.strictObject({
      whenDeleted: s().optional().describe('Retain (the default) or Delete the claims when the StatefulSet is deleted.'),
      whenScaled: s().optional().describe('Retain (the default) or Delete the claims of pods removed by a scale-down.'),
    }).meta({ id: `${P}.StatefulSetPersistentVolumeClaimRetentionPolicy`, description: 'What happens to the claims created from volumeClaimTemplates.' }).optional().describe('Lifecycle of the claims created from volumeClaimTemplates.'),
    ordinals: z.strictObject({
      start: int32.optional().describe('The ordinal of the first pod; defaults to 0.'),
    }).meta({ id: `${P}.StatefulSetOrdinals`, description: 'The numbering of StatefulSet pods.' }).optional().describe('The numbering of the pods.'),
  }).meta({ id: `${P}.StatefulSetSpec`, description: 'Desired state of a StatefulSet.' }).optional().describe('Desired state of the StatefulSet.'),
  status: z.strictObject({
    observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
    replicas: int32.optional().describe('Pods created by the controller.'),
    readyReplicas: int32.optional().describe('Pods with a Ready condition.'),
    currentReplicas: int32.optional().describe('Pods at the currentRevision.'),
    updatedReplicas: int32.optional().describe('Pods at the updateRevision.'),
    currentRevision: s().optional().describe('The ControllerRevision of the pods before the update.'),
    updateRevision: s().optional().describe('The ControllerRevision pods are being updated to.'),
    collisionCount: int32.optional().describe('Counter used to avoid revision name collisions.'),
    conditions: z.array(workloadCondition('StatefulSet')).optional().describe('Current conditions of the set.'),
    availableReplicas: int32.optional().describe('Pods ready for at least minReadySeconds.'),
  }).meta({ id: `${P}.StatefulSetStatus`, description: 'Observed state of a StatefulSet.' }).optional().describe('Most recently observed status. Read-only.'),
}, 'Manages pods with stable identities and storage, created and updated in order.');

export const daemonSet = top('DaemonSet', {
  spec: z.strictObject({
    selector: labelSelector.describe('Selects the pods of the set; must match the template labels and cannot change.'),
    template: podTemplateSpec.describe('Template of the pod run on every eligible node.'),
    updateStrategy: z.strictObject({
      type: s().optional().describe('RollingUpdate (the default) or OnDelete.'),
      rollingUpdate: z.strictObject({
        maxUnavailable: intOrString.optional().describe('Nodes whose pod may be unavailable during the update, as a number or percentage; defaults to 1.'),
        maxSurge: intOrString.optional().describe('Nodes that may run an extra updated pod during the update; defaults to 0.'),
      }).meta({ id: `${P}.RollingUpdateDaemonSet`, description: 'Parameters of a DaemonSet rolling update.' }).optional().describe('Rolling update parameters, for type RollingUpdate.'),
    }).meta({ id: `${P}.DaemonSetUpdateStrategy`, description: 'How a DaemonSet replaces its pods after a template change.' }).optional().describe('How pods are updated when the template changes.'),
    minReadySeconds: int32.optional().describe('Seconds a new pod must be ready to count as available; defaults to 0.'),
    revisionHistoryLimit: int32.optional().describe('ControllerRevisions kept for rollback; defaults to 10.'),
  }).meta({ id: `${P}.DaemonSetSpec`, description: 'Desired state of a DaemonSet.' }).optional().describe('Desired state of the DaemonSet.'),
  status: z.strictObject({
    currentNumberScheduled: int32.optional().describe('Nodes running at least one daemon pod that should.'),
    numberMisscheduled: int32.optional().describe('Nodes running a daemon pod that should not.'),
    desiredNumberScheduled: int32.optional().describe('Nodes that should run the daemon pod.'),
    numberReady: int32.optional().describe('Nodes whose daemon pod is ready.'),
    observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
    updatedNumberScheduled: int32.optional().describe('Nodes running the updated daemon pod.'),
    numberAvailable: int32.optional().describe('Nodes whose daemon pod has been ready for minReadySeconds.'),
    numberUnavailable: int32.optional().describe('Nodes that should run an available daemon pod and do not.'),
    collisionCount: int32.optional().describe('Counter used to avoid revision name collisions.'),
    conditions: z.array(workloadCondition('DaemonSet')).optional().describe('Current conditions of the set.'),
  }).meta({ id: `${P}.DaemonSetStatus`, description: 'Observed state of a DaemonSet.' }).optional().describe('Most recently observed status. Read-only.'),
}, 'Runs a copy of a pod on every eligible node.');

export const controllerRevision = top('ControllerRevision', {
  data: z.record(z.string(), z.unknown()).optional().describe('The state saved in this revision (for workloads, a patch holding the pod template).'),
  revision: int64.optional().describe('The revision number, increasing with every new revision of the owner.'),
}, 'An immutable snapshot of state, used by StatefulSets and DaemonSets for updates and rollbacks.');
