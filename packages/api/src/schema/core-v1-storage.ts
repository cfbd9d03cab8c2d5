/**
 * Core v1 kinds about storage and namespace policy: PersistentVolume, PersistentVolumeClaim,
 * ResourceQuota and LimitRange. Rarely used in-tree volume plugins are accepted opaquely.
 */
import { z } from 'zod';
import { int32, opaque, resourceList, stringMap, time } from './common.js';
import { labelSelector } from './meta-v1.js';
import { hostPathVolumeSource, objectReference } from './core-v1.js';
import { kindObject } from './kind.js';

const P = 'io.k8s.api.core.v1';
const s = () => z.string();
const b = () => z.boolean();
const strs = () => z.array(z.string());

const secretReference = z.strictObject({
  name: s().optional().describe('Name of the Secret.'),
  namespace: s().optional().describe('Namespace of the Secret.'),
}).meta({ id: `${P}.SecretReference`, description: 'Names a Secret in any namespace.' });

export const typedLocalObjectReference = z.strictObject({
  apiGroup: s().optional().describe('API group of the referenced object; empty for the core group.'),
  kind: s().describe('Kind of the referenced object.'),
  name: s().describe('Name of the referenced object.'),
}).meta({ id: `${P}.TypedLocalObjectReference`, description: 'Points at an object of any kind in the same namespace.' });

const typedObjectReference = z.strictObject({
  apiGroup: s().optional().describe('API group of the referenced object; empty for the core group.'),
  kind: s().describe('Kind of the referenced object.'),
  name: s().describe('Name of the referenced object.'),
  namespace: s().optional().describe('Namespace of the referenced object, when it differs from the claim\'s (needs a ReferenceGrant).'),
}).meta({ id: `${P}.TypedObjectReference`, description: 'Points at an object of any kind, possibly in another namespace.' });

const nodeSelectorRequirement = z.strictObject({
  key: s().describe('The label or field key the requirement applies to.'),
  operator: s().describe('In, NotIn, Exists, DoesNotExist, Gt or Lt.'),
  values: strs().optional().describe('Values to compare with; one integer for Gt and Lt, empty for Exists and DoesNotExist.'),
}).meta({ id: `${P}.NodeSelectorRequirement`, description: 'One requirement on a node label or field.' });

export const nodeSelector = z.strictObject({
  nodeSelectorTerms: z.array(z.strictObject({
    matchExpressions: z.array(nodeSelectorRequirement).optional().describe('Requirements on node labels, all of which must hold.'),
    matchFields: z.array(nodeSelectorRequirement).optional().describe('Requirements on node fields, all of which must hold.'),
  }).meta({ id: `${P}.NodeSelectorTerm`, description: 'A set of requirements that must all hold (ANDed).' })).describe('Terms of which at least one must match (ORed).'),
}).meta({ id: `${P}.NodeSelector`, description: 'Selects nodes: the union of the results of its terms.' });

export const topologySelectorTerm = z.strictObject({
  matchLabelExpressions: z.array(z.strictObject({
    key: s().describe('The label key the requirement applies to.'),
    values: strs().describe('Label values of which one must match.'),
  }).meta({ id: `${P}.TopologySelectorLabelRequirement`, description: 'Requires a topology label to have one of the given values.' })).optional().describe('Label requirements, all of which must hold.'),
}).meta({ id: `${P}.TopologySelectorTerm`, description: 'A topology domain expressed as label requirements.' });

// ---- persistent volume claim ---------------------------------------------------------------

export const persistentVolumeClaimSpec = z.strictObject({
  accessModes: strs().optional().describe('Access modes the volume must offer: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.'),
  selector: labelSelector.optional().describe('A label query over volumes to consider for binding.'),
  resources: z.strictObject({
    limits: resourceList.optional().describe('Maximum amount of storage allowed.'),
    requests: resourceList.optional().describe('Minimum amount of storage required (the storage key).'),
  }).meta({ id: `${P}.VolumeResourceRequirements`, description: 'Storage requested by a claim.' }).optional().describe('The minimum (and optionally maximum) storage the volume must have.'),
  volumeName: s().optional().describe('Binds the claim to this PersistentVolume by name.'),
  storageClassName: s().optional().describe('The StorageClass the claim requires; empty string means a volume without class, unset means the default class.'),
  volumeMode: s().optional().describe('Filesystem (the default) or Block.'),
  dataSource: typedLocalObjectReference.optional().describe('An existing snapshot or claim the new volume is populated from.'),
  dataSourceRef: typedObjectReference.optional().describe('Any object (a snapshot, a claim or a populator resource) the new volume is populated from.'),
  volumeAttributesClassName: s().optional().describe('The VolumeAttributesClass the claim uses (beta feature).'),
}).meta({ id: `${P}.PersistentVolumeClaimSpec`, description: 'The storage a claim asks for, and the volume source attributes a provisioner needs.' });

export const persistentVolumeClaimStatus = z.strictObject({
  phase: s().optional().describe('Pending, Bound or Lost.'),
  accessModes: strs().optional().describe('Access modes of the bound volume.'),
  capacity: resourceList.optional().describe('Actual resources of the bound volume.'),
  conditions: z.array(z.strictObject({
    type: s().describe('Type of the condition, such as Resizing or FileSystemResizePending.'),
    status: s().describe('True, False or Unknown.'),
    lastProbeTime: time.nullable().optional().describe('When the condition was last probed.'),
    lastTransitionTime: time.nullable().optional().describe('When the condition last changed status.'),
    reason: s().optional().describe('A CamelCase reason for the last transition.'),
    message: s().optional().describe('Human-readable details about the last transition.'),
  }).meta({ id: `${P}.PersistentVolumeClaimCondition`, description: 'One condition of a claim.' })).optional().describe('Current conditions of the claim, such as an ongoing resize.'),
  allocatedResources: resourceList.optional().describe('Storage allocated to the claim, tracked during expansion.'),
  allocatedResourceStatuses: stringMap.optional().describe('Progress of resizing per resource.'),
  currentVolumeAttributesClassName: s().optional().describe('The VolumeAttributesClass currently applied.'),
  modifyVolumeStatus: z.strictObject({
    targetVolumeAttributesClassName: s().optional().describe('The class being applied.'),
    status: s().describe('Pending, InProgress or Infeasible.'),
  }).meta({ id: `${P}.ModifyVolumeStatus`, description: 'Progress of a volume modification.' }).optional().describe('Progress of a ControllerModifyVolume operation.'),
}).meta({ id: `${P}.PersistentVolumeClaimStatus`, description: 'Observed state of a claim.' });

export const persistentVolumeClaim = kindObject(P, 'PersistentVolumeClaim', {
  spec: persistentVolumeClaimSpec.optional().describe('The storage the claim requests.'),
  status: persistentVolumeClaimStatus.optional().describe('Observed state of the claim. Read-only.'),
}, 'A user\'s request for, and claim to, a persistent volume.');

// ---- persistent volume ------------------------------------------------------------------

export const persistentVolume = kindObject(P, 'PersistentVolume', {
  spec: z.strictObject({
    capacity: resourceList.optional().describe('Resources of the volume; storage is its size.'),
    accessModes: strs().optional().describe('Ways the volume can be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.'),
    claimRef: objectReference.optional().describe('The claim bound to this volume, set when bound (or pre-bound by the administrator).'),
    persistentVolumeReclaimPolicy: s().optional().describe('What happens when the claim is released: Retain, Delete or (deprecated) Recycle; defaults to Retain for manually created volumes.'),
    storageClassName: s().optional().describe('The StorageClass the volume belongs to; empty means no class.'),
    mountOptions: strs().optional().describe('Mount options used when the volume is mounted.'),
    volumeMode: s().optional().describe('Filesystem (the default) or Block.'),
    nodeAffinity: z.strictObject({
      required: nodeSelector.optional().describe('Nodes that can access the volume.'),
    }).meta({ id: `${P}.VolumeNodeAffinity`, description: 'Constrains which nodes can access a volume.' }).optional().describe('Nodes the volume can be accessed from; pods using it are scheduled accordingly.'),
    volumeAttributesClassName: s().optional().describe('The VolumeAttributesClass of the volume (beta feature).'),
    hostPath: hostPathVolumeSource.optional().describe('A directory of the node, for single-node testing only.'),
    local: z.strictObject({
      path: s().describe('Full path of the volume on the node.'),
      fsType: s().optional().describe('Filesystem type, when path is a block device.'),
    }).meta({ id: `${P}.LocalVolumeSource`, description: 'A local disk, partition or directory of one node.' }).optional().describe('A local storage device of one node; requires nodeAffinity.'),
    nfs: z.strictObject({
      server: s().describe('Hostname or IP address of the NFS server.'),
      path: s().describe('Path exported by the server.'),
      readOnly: b().optional().describe('Mount the export read-only.'),
    }).meta({ id: `${P}.NFSVolumeSource`, description: 'An NFS export.' }).optional().describe('An NFS export.'),
    csi: z.strictObject({
      driver: s().describe('Name of the CSI driver.'),
      volumeHandle: s().describe('The driver\'s unique identifier of the volume.'),
      readOnly: b().optional().describe('Publish the volume read-only.'),
      fsType: s().optional().describe('Filesystem type to mount.'),
      volumeAttributes: stringMap.optional().describe('Driver-specific attributes of the volume.'),
      controllerPublishSecretRef: secretReference.optional().describe('Secret passed to ControllerPublishVolume and ControllerUnpublishVolume.'),
      nodeStageSecretRef: secretReference.optional().describe('Secret passed to NodeStageVolume.'),
      nodePublishSecretRef: secretReference.optional().describe('Secret passed to NodePublishVolume.'),
      controllerExpandSecretRef: secretReference.optional().describe('Secret passed to ControllerExpandVolume.'),
      nodeExpandSecretRef: secretReference.optional().describe('Secret passed to NodeExpandVolume.'),
    }).meta({ id: `${P}.CSIPersistentVolumeSource`, description: 'A volume managed by an external CSI driver.' }).optional().describe('A volume provided by a CSI driver.'),
    gcePersistentDisk: opaque('Deprecated in-tree GCE persistent disk.').optional(),
    awsElasticBlockStore: opaque('Deprecated in-tree AWS Elastic Block Store volume.').optional(),
    glusterfs: opaque('Deprecated GlusterFS volume.').optional(),
    rbd: opaque('Deprecated Rados block device.').optional(),
    iscsi: opaque('An iSCSI disk.').optional(),
    cinder: opaque('Deprecated Cinder volume.').optional(),
    cephfs: opaque('Deprecated CephFS volume.').optional(),
    fc: opaque('A Fibre Channel disk.').optional(),
    flocker: opaque('Deprecated Flocker volume.').optional(),
    flexVolume: opaque('Deprecated FlexVolume.').optional(),
    azureFile: opaque('Deprecated in-tree Azure file share.').optional(),
    vsphereVolume: opaque('Deprecated in-tree vSphere volume.').optional(),
    quobyte: opaque('Deprecated Quobyte volume.').optional(),
    azureDisk: opaque('Deprecated in-tree Azure disk.').optional(),
    photonPersistentDisk: opaque('Deprecated Photon disk.').optional(),
    portworxVolume: opaque('Deprecated Portworx volume.').optional(),
    scaleIO: opaque('Deprecated ScaleIO volume.').optional(),
    storageos: opaque('Deprecated StorageOS volume.').optional(),
  }).meta({ id: `${P}.PersistentVolumeSpec`, description: 'Characteristics of a persistent volume, and exactly one volume source.' }).optional().describe('The volume as provisioned by the administrator or a provisioner.'),
  status: z.strictObject({
    phase: s().optional().describe('Pending, Available, Bound, Released or Failed.'),
    message: s().optional().describe('Human-readable reason of the current phase.'),
    reason: s().optional().describe('A brief CamelCase reason for a failure.'),
    lastPhaseTransitionTime: time.nullable().optional().describe('When the volume last changed phase.'),
  }).meta({ id: `${P}.PersistentVolumeStatus`, description: 'Observed state of a persistent volume.' }).optional().describe('Observed state of the volume. Read-only.'),
}, 'A piece of storage in the cluster, provisioned by an administrator or dynamically through a StorageClass.');

// ---- resource quota and limit range -----------------------------------------------------------

export const resourceQuota = kindObject(P, 'ResourceQuota', {
  spec: z.strictObject({
    hard: resourceList.optional().describe('The enforced maximum per named resource (cpu, requests.memory, pods, count/deployments.apps, …).'),
    scopes: strs().optional().describe('Only objects matching every scope are tracked: Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity.'),
    scopeSelector: z.strictObject({
      matchExpressions: z.array(z.strictObject({
        scopeName: s().describe('The scope the requirement applies to.'),
        operator: s().describe('In, NotIn, Exists or DoesNotExist.'),
        values: strs().optional().describe('Values for In and NotIn.'),
      }).meta({ id: `${P}.ScopedResourceSelectorRequirement`, description: 'A requirement on a quota scope.' })).optional().describe('Scope requirements, all of which must hold.'),
    }).meta({ id: `${P}.ScopeSelector`, description: 'Selects the objects a quota tracks by scope.' }).optional().describe('A scope filter that must match the objects tracked.'),
  }).meta({ id: `${P}.ResourceQuotaSpec`, description: 'The desired hard limits of a quota.' }).optional().describe('The limits enforced.'),
  status: z.strictObject({
    hard: resourceList.optional().describe('The enforced hard limits, as last observed.'),
    used: resourceList.optional().describe('Current observed usage in the namespace.'),
  }).meta({ id: `${P}.ResourceQuotaStatus`, description: 'Enforced limits and current usage.' }).optional().describe('The limits enforced and the usage observed. Read-only.'),
}, 'Constraints on the aggregate resource consumption of one namespace.');

export const limitRange = kindObject(P, 'LimitRange', {
  spec: z.strictObject({
    limits: z.array(z.strictObject({
      type: s().describe('The kind of object the limits apply to: Pod, Container or PersistentVolumeClaim.'),
      max: resourceList.optional().describe('Maximum usage per resource.'),
      min: resourceList.optional().describe('Minimum usage per resource.'),
      default: resourceList.optional().describe('Limits applied to containers that set none.'),
      defaultRequest: resourceList.optional().describe('Requests applied to containers that set none.'),
      maxLimitRequestRatio: resourceList.optional().describe('Maximum ratio of limit to request per resource.'),
    }).meta({ id: `${P}.LimitRangeItem`, description: 'Limits for one kind of object.' })).describe('The limits enforced, one item per object type.'),
  }).meta({ id: `${P}.LimitRangeSpec`, description: 'The limits of a LimitRange.' }).optional().describe('The limits enforced.'),
}, 'Default and bounding resource limits for the pods, containers and claims of a namespace.');

export { int32 };
