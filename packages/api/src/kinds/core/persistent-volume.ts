/** PersistentVolume (core/v1): a piece of cluster storage; cluster-scoped. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { accessModes, formatQuantity, storageClassOf } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { isQuantity } from '../../quantity.js';
import { canonicalizeResourceList } from '../../schema/canonical-quantity.js';
import { opaque, resourceList, stringMap, time } from '../../schema/common.js';
import { child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { immutable, oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { str } from '../../schema/meta-validation.js';
import { dns1123Subdomain } from '../../schema/names.js';
import { nodeSelector } from '../../schema/node-selector.js';
import { hostPathVolumeSource, objectReference } from '../../schema/pod-spec.js';
import { defineKind, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';
import { validateAccessModes } from './persistent-volume-claim.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

const secretReference = z
  .strictObject({
    name: z.string().optional().describe('Name of the Secret.'),
    namespace: z.string().optional().describe('Namespace of the Secret.'),
  })
  .meta({ id: `${P}.SecretReference`, description: 'Names a Secret in any namespace.' });

export const persistentVolume = kindObject(
  P,
  'PersistentVolume',
  {
    spec: z
      .strictObject({
        capacity: resourceList.optional().describe('Resources of the volume; storage is its size.'),
        accessModes: z
          .array(z.string())
          .optional()
          .describe('Ways the volume can be mounted: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod.'),
        claimRef: objectReference
          .optional()
          .describe('The claim bound to this volume, set when bound (or pre-bound by the administrator).'),
        persistentVolumeReclaimPolicy: z
          .string()
          .optional()
          .describe(
            'What happens when the claim is released: Retain, Delete or (deprecated) Recycle; defaults to Retain for manually created volumes.',
          ),
        storageClassName: z.string().optional().describe('The StorageClass the volume belongs to; empty means no class.'),
        mountOptions: z.array(z.string()).optional().describe('Mount options used when the volume is mounted.'),
        volumeMode: z.string().optional().describe('Filesystem (the default) or Block.'),
        nodeAffinity: z
          .strictObject({
            required: nodeSelector.optional().describe('Nodes that can access the volume.'),
          })
          .meta({ id: `${P}.VolumeNodeAffinity`, description: 'Constrains which nodes can access a volume.' })
          .optional()
          .describe('Nodes the volume can be accessed from; pods using it are scheduled accordingly.'),
        volumeAttributesClassName: z.string().optional().describe('The VolumeAttributesClass of the volume (beta feature).'),
        hostPath: hostPathVolumeSource.optional().describe('A directory of the node, for single-node testing only.'),
        local: z
          .strictObject({
            path: z.string().describe('Full path of the volume on the node.'),
            fsType: z.string().optional().describe('Filesystem type, when path is a block device.'),
          })
          .meta({ id: `${P}.LocalVolumeSource`, description: 'A local disk, partition or directory of one node.' })
          .optional()
          .describe('A local storage device of one node; requires nodeAffinity.'),
        nfs: z
          .strictObject({
            server: z.string().describe('Hostname or IP address of the NFS server.'),
            path: z.string().describe('Path exported by the server.'),
            readOnly: z.boolean().optional().describe('Mount the export read-only.'),
          })
          .meta({ id: `${P}.NFSVolumeSource`, description: 'An NFS export.' })
          .optional()
          .describe('An NFS export.'),
        csi: z
          .strictObject({
            driver: z.string().describe('Name of the CSI driver.'),
            volumeHandle: z.string().describe("The driver's unique identifier of the volume."),
            readOnly: z.boolean().optional().describe('Publish the volume read-only.'),
            fsType: z.string().optional().describe('Filesystem type to mount.'),
            volumeAttributes: stringMap.optional().describe('Driver-specific attributes of the volume.'),
            controllerPublishSecretRef: secretReference
              .optional()
              .describe('Secret passed to ControllerPublishVolume and ControllerUnpublishVolume.'),
            nodeStageSecretRef: secretReference.optional().describe('Secret passed to NodeStageVolume.'),
            nodePublishSecretRef: secretReference.optional().describe('Secret passed to NodePublishVolume.'),
            controllerExpandSecretRef: secretReference.optional().describe('Secret passed to ControllerExpandVolume.'),
            nodeExpandSecretRef: secretReference.optional().describe('Secret passed to NodeExpandVolume.'),
          })
          .meta({ id: `${P}.CSIPersistentVolumeSource`, description: 'A volume managed by an external CSI driver.' })
          .optional()
          .describe('A volume provided by a CSI driver.'),
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
      })
      .meta({ id: `${P}.PersistentVolumeSpec`, description: 'Characteristics of a persistent volume, and exactly one volume source.' })
      .optional()
      .describe('The volume as provisioned by the administrator or a provisioner.'),
    status: z
      .strictObject({
        phase: z.string().optional().describe('Pending, Available, Bound, Released or Failed.'),
        message: z.string().optional().describe('Human-readable reason of the current phase.'),
        reason: z.string().optional().describe('A brief CamelCase reason for a failure.'),
        lastPhaseTransitionTime: time.nullable().optional().describe('When the volume last changed phase.'),
      })
      .meta({ id: `${P}.PersistentVolumeStatus`, description: 'Observed state of a persistent volume.' })
      .optional()
      .describe('Observed state of the volume. Read-only.'),
  },
  'A piece of storage in the cluster, provisioned by an administrator or dynamically through a StorageClass.',
);

export type PersistentVolume = ObjectOf<typeof persistentVolume>;

function defaultPersistentVolume(pv: Obj): void {
  const spec = child(pv, 'spec');
  setIfEmpty(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setIfEmpty(spec, 'volumeMode', 'Filesystem');
  canonicalizeResourceList(spec.capacity);
  if (isObject(spec.hostPath) && spec.hostPath.type === undefined) spec.hostPath.type = '';
  setIfEmpty(child(pv, 'status'), 'phase', 'Pending');
}

const PV_SOURCES = [
  'hostPath',
  'local',
  'nfs',
  'csi',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'rbd',
  'iscsi',
  'cinder',
  'cephfs',
  'fc',
  'flocker',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

export function validatePersistentVolume(pv: PersistentVolume, old: PersistentVolume | undefined, errs: ErrorList): void {
  const s = specOf(pv);
  const f = root('spec');
  validateAccessModes(s.accessModes, f.child('accessModes'), errs);
  const capacity = isObject(s.capacity) ? s.capacity : {};
  if (capacity.storage === undefined) errs.required(f.child('capacity'));
  for (const [k, v] of Object.entries(capacity)) {
    if (k !== 'storage') errs.notSupported(f.child('capacity').key(k), k, ['storage']);
    else if (!isQuantity(String(v))) errs.invalid(f.child('capacity').key(k), v, 'must be a valid quantity');
  }
  const sources = PV_SOURCES.filter((k) => s[k] !== undefined);
  if (sources.length === 0) errs.required(f, 'must specify a volume type');
  else if (sources.length > 1) errs.forbidden(f.child(sources[1]), 'may not specify more than 1 volume type');
  if (isObject(s.hostPath) && !str(s.hostPath.path)) errs.required(f.child('hostPath').child('path'));
  if (isObject(s.local)) {
    if (!str(s.local.path)) errs.required(f.child('local').child('path'));
    if (!isObject(s.nodeAffinity)) errs.required(f.child('nodeAffinity'), 'Local volume requires node affinity');
  }
  if (isObject(s.nfs)) {
    if (!str(s.nfs.server)) errs.required(f.child('nfs').child('server'));
    if (!str(s.nfs.path)) errs.required(f.child('nfs').child('path'));
  }
  if (isObject(s.csi)) {
    if (!str(s.csi.driver)) errs.required(f.child('csi').child('driver'));
    if (!str(s.csi.volumeHandle)) errs.required(f.child('csi').child('volumeHandle'));
  }
  oneOf(s.persistentVolumeReclaimPolicy, ['Delete', 'Recycle', 'Retain'], f.child('persistentVolumeReclaimPolicy'), errs);
  oneOf(s.volumeMode, ['Block', 'Filesystem'], f.child('volumeMode'), errs);
  if (s.storageClassName)
    for (const e of dns1123Subdomain(s.storageClassName)) errs.invalid(f.child('storageClassName'), s.storageClassName, e);
  if (old) {
    const os = specOf(old);
    for (const k of PV_SOURCES)
      if (os[k] !== undefined || s[k] !== undefined) immutable(s[k], os[k], f.child('persistentvolumesource'), errs);
    if (os.volumeMode !== undefined) immutable(s.volumeMode, os.volumeMode, f.child('volumeMode'), errs);
  }
}

export const persistentVolumePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Capacity', "capacity is the description of the persistent volume's resources and capacity."),
    col('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    col(
      'Reason',
      'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.',
    ),
    AGE_COLUMN,
    col(
      'VolumeMode',
      'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.',
      { priority: 1 },
    ),
  ],
  cells(pv: Obj, now) {
    const ref = pv.spec?.claimRef;
    const phase = pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    return [
      pv.metadata.name ?? '',
      formatQuantity(pv.spec?.capacity?.storage),
      accessModes(pv.spec?.accessModes),
      pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase,
      ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
      storageClassOf(pv),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '',
      age(pv.metadata.creationTimestamp, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumeKind: KindDescriptor<PersistentVolume> = defineKind({
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  resource: 'persistentvolumes',
  namespaced: false,
  shortNames: ['pv'],
  subresources: [statusSubresource],
  schema: persistentVolume,
  protobuf: 'api.core.v1.PersistentVolume',
  printer: persistentVolumePrinter,
  default: defaultPersistentVolume,
  validate: validatePersistentVolume,
});
