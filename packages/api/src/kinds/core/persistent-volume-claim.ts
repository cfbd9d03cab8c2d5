/** PersistentVolumeClaim (core/v1): a request for storage; its spec is shared with StatefulSet claim templates. */
import { z } from 'zod';
import { deepEqual, isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { accessModes, formatQuantity, storageClassOf } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { isQuantity } from '../../quantity.js';
import { canonicalizeResourceList } from '../../schema/canonical-quantity.js';
import { resourceList, stringMap, time, typedLocalObjectReference } from '../../schema/common.js';
import { child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, type FieldPath, root } from '../../schema/field-errors.js';
import { oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { labelSelector } from '../../schema/meta-v1.js';
import { list, validateLabelSelector } from '../../schema/meta-validation.js';
import { dns1123Subdomain } from '../../schema/names.js';
import { defineKind, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

const typedObjectReference = z
  .strictObject({
    apiGroup: z.string().optional().describe('API group of the referenced object; empty for the core group.'),
    kind: z.string().describe('Kind of the referenced object.'),
    name: z.string().describe('Name of the referenced object.'),
    namespace: z
      .string()
      .optional()
      .describe("Namespace of the referenced object, when it differs from the claim's (needs a ReferenceGrant)."),
  })
  .meta({ id: `${P}.TypedObjectReference`, description: 'Points at an object of any kind, possibly in another namespace.' });

export const persistentVolumeClaimSpec = z
  .strictObject({
    accessModes: z
      .array(z.string())
      .optional()
      .describe('Access modes the volume must offer: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.'),
    selector: labelSelector.optional().describe('A label query over volumes to consider for binding.'),
    resources: z
      .strictObject({
        limits: resourceList.optional().describe('Maximum amount of storage allowed.'),
        requests: resourceList.optional().describe('Minimum amount of storage required (the storage key).'),
      })
      .meta({ id: `${P}.VolumeResourceRequirements`, description: 'Storage requested by a claim.' })
      .optional()
      .describe('The minimum (and optionally maximum) storage the volume must have.'),
    volumeName: z.string().optional().describe('Binds the claim to this PersistentVolume by name.'),
    storageClassName: z
      .string()
      .optional()
      .describe('The StorageClass the claim requires; empty string means a volume without class, unset means the default class.'),
    volumeMode: z.string().optional().describe('Filesystem (the default) or Block.'),
    dataSource: typedLocalObjectReference.optional().describe('An existing snapshot or claim the new volume is populated from.'),
    dataSourceRef: typedObjectReference
      .optional()
      .describe('Any object (a snapshot, a claim or a populator resource) the new volume is populated from.'),
    volumeAttributesClassName: z.string().optional().describe('The VolumeAttributesClass the claim uses (beta feature).'),
  })
  .meta({
    id: `${P}.PersistentVolumeClaimSpec`,
    description: 'The storage a claim asks for, and the volume source attributes a provisioner needs.',
  });

export const persistentVolumeClaimStatus = z
  .strictObject({
    phase: z.string().optional().describe('Pending, Bound or Lost.'),
    accessModes: z.array(z.string()).optional().describe('Access modes of the bound volume.'),
    capacity: resourceList.optional().describe('Actual resources of the bound volume.'),
    conditions: z
      .array(
        z
          .strictObject({
            type: z.string().describe('Type of the condition, such as Resizing or FileSystemResizePending.'),
            status: z.string().describe('True, False or Unknown.'),
            lastProbeTime: time.nullable().optional().describe('When the condition was last probed.'),
            lastTransitionTime: time.nullable().optional().describe('When the condition last changed status.'),
            reason: z.string().optional().describe('A CamelCase reason for the last transition.'),
            message: z.string().optional().describe('Human-readable details about the last transition.'),
          })
          .meta({ id: `${P}.PersistentVolumeClaimCondition`, description: 'One condition of a claim.' }),
      )
      .optional()
      .describe('Current conditions of the claim, such as an ongoing resize.'),
    allocatedResources: resourceList.optional().describe('Storage allocated to the claim, tracked during expansion.'),
    allocatedResourceStatuses: stringMap.optional().describe('Progress of resizing per resource.'),
    currentVolumeAttributesClassName: z.string().optional().describe('The VolumeAttributesClass currently applied.'),
    modifyVolumeStatus: z
      .strictObject({
        targetVolumeAttributesClassName: z.string().optional().describe('The class being applied.'),
        status: z.string().describe('Pending, InProgress or Infeasible.'),
      })
      .meta({ id: `${P}.ModifyVolumeStatus`, description: 'Progress of a volume modification.' })
      .optional()
      .describe('Progress of a ControllerModifyVolume operation.'),
  })
  .meta({ id: `${P}.PersistentVolumeClaimStatus`, description: 'Observed state of a claim.' });

export const persistentVolumeClaim = kindObject(
  P,
  'PersistentVolumeClaim',
  {
    spec: persistentVolumeClaimSpec.optional().describe('The storage the claim requests.'),
    status: persistentVolumeClaimStatus.optional().describe('Observed state of the claim. Read-only.'),
  },
  "A user's request for, and claim to, a persistent volume.",
);

export type PersistentVolumeClaim = ObjectOf<typeof persistentVolumeClaim>;

/** SetDefaults_PersistentVolumeClaim (also applied to StatefulSet claim templates). */
export function defaultPersistentVolumeClaim(pvc: Obj): void {
  const spec = child(pvc, 'spec');
  setIfEmpty(spec, 'volumeMode', 'Filesystem');
  if (isObject(spec.resources)) {
    canonicalizeResourceList(spec.resources.requests);
    canonicalizeResourceList(spec.resources.limits);
  }
  setIfEmpty(child(pvc, 'status'), 'phase', 'Pending');
}

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

export function validateAccessModes(modes: unknown, f: FieldPath, errs: ErrorList): void {
  const ms = list(modes);
  if (ms.length === 0) {
    errs.required(f, 'at least 1 access mode is required');
    return;
  }
  ms.forEach((m, i) => {
    if (typeof m !== 'string' || !ACCESS_MODES.includes(m)) errs.notSupported(f.index(i), m, ACCESS_MODES);
  });
  if (ms.includes('ReadWriteOncePod') && ms.length > 1) errs.forbidden(f, 'may not use ReadWriteOncePod with other access modes');
}

export function validateClaimSpec(s: Obj, f: FieldPath, errs: ErrorList): void {
  validateAccessModes(s.accessModes, f.child('accessModes'), errs);
  validateLabelSelector(s.selector, f.child('selector'), errs);
  const requests = isObject(s.resources) && isObject(s.resources.requests) ? s.resources.requests : {};
  if (requests.storage === undefined) errs.required(f.child('resources').key('storage'));
  else if (!isQuantity(String(requests.storage)))
    errs.invalid(f.child('resources').child('requests').key('storage'), requests.storage, 'must be a valid quantity');
  oneOf(s.volumeMode, ['Block', 'Filesystem'], f.child('volumeMode'), errs);
}

export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim | undefined, errs: ErrorList): void {
  const s = specOf(pvc);
  const f = root('spec');
  validateClaimSpec(s, f, errs);
  if (s.storageClassName)
    for (const e of dns1123Subdomain(s.storageClassName)) errs.invalid(f.child('storageClassName'), s.storageClassName, e);
  if (old) {
    const os = specOf(old);
    const strip = (x: Obj) => {
      const c = structuredClone(x);
      if (isObject(c.resources)) delete c.resources.requests;
      delete c.volumeAttributesClassName;
      if (!os.volumeName) delete c.volumeName;
      return c;
    };
    if (!deepEqual(strip(s), strip(os)))
      errs.forbidden(f, 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
  }
}

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    col('VolumeMode', 'volumeMode defines what type of volume is required by the claim.', { priority: 1 }),
  ],
  cells(pvc: Obj, now) {
    const phase = pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    const bound = !!pvc.spec?.volumeName;
    return [
      pvc.metadata.name ?? '',
      phase,
      pvc.spec?.volumeName ?? '',
      bound ? formatQuantity(pvc.status?.capacity?.storage) : '',
      bound ? accessModes(pvc.status?.accessModes) : '',
      storageClassOf(pvc),
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      age(pvc.metadata.creationTimestamp, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumeClaimKind: KindDescriptor<PersistentVolumeClaim> = defineKind({
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  resource: 'persistentvolumeclaims',
  namespaced: true,
  shortNames: ['pvc'],
  subresources: [statusSubresource],
  schema: persistentVolumeClaim,
  protobuf: 'api.core.v1.PersistentVolumeClaim',
  printer: persistentVolumeClaimPrinter,
  default: defaultPersistentVolumeClaim,
  validate: validatePersistentVolumeClaim,
});
