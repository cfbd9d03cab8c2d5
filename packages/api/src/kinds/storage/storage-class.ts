/** StorageClass (storage.k8s.io/v1): a provisioner and its parameters; cluster-scoped. */
import { z } from 'zod';
import { deepEqual } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { stringMap } from '../../schema/common.js';
import { setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { str } from '../../schema/meta-validation.js';
import { qualifiedName } from '../../schema/names.js';
import { topologySelectorTerm } from '../../schema/node-selector.js';
import { defineKind, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

export const storageClass = kindObject(
  'io.k8s.api.storage.v1',
  'StorageClass',
  {
    provisioner: z.string().describe('The volume plugin or CSI driver that provisions volumes of this class. Cannot change.'),
    parameters: stringMap.optional().describe('Provisioner-specific parameters. Cannot change.'),
    reclaimPolicy: z.string().optional().describe('Reclaim policy of the volumes provisioned: Delete (the default) or Retain.'),
    mountOptions: z.array(z.string()).optional().describe('Mount options of the volumes provisioned.'),
    allowVolumeExpansion: z.boolean().optional().describe('Whether claims of this class may be resized.'),
    volumeBindingMode: z
      .string()
      .optional()
      .describe('Immediate (the default) or WaitForFirstConsumer: when volumes are provisioned and bound.'),
    allowedTopologies: z.array(topologySelectorTerm).optional().describe('Topologies volumes may be provisioned in; any when empty.'),
  },
  'A class of storage offered by the cluster, used to provision persistent volumes dynamically.',
);

export type StorageClass = ObjectOf<typeof storageClass>;

function defaultStorageClass(sc: Obj): void {
  setIfEmpty(sc, 'reclaimPolicy', 'Delete');
  setIfEmpty(sc, 'volumeBindingMode', 'Immediate');
}

export function validateStorageClass(sc: StorageClass, old: StorageClass | undefined, errs: ErrorList): void {
  if (!str(sc.provisioner)) errs.required(root('provisioner'));
  else for (const e of qualifiedName(sc.provisioner.toLowerCase())) errs.invalid(root('provisioner'), sc.provisioner, e);
  oneOf(sc.reclaimPolicy, ['Delete', 'Retain'], root('reclaimPolicy'), errs);
  oneOf(sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer'], root('volumeBindingMode'), errs, true);
  if (old) {
    if (!deepEqual(sc.parameters ?? {}, old.parameters ?? {})) errs.forbidden(root('parameters'), 'updates to parameters are forbidden.');
    if (sc.provisioner !== old.provisioner) errs.forbidden(root('provisioner'), 'updates to provisioner are forbidden.');
    if (sc.reclaimPolicy !== old.reclaimPolicy) errs.forbidden(root('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.');
    if (sc.volumeBindingMode !== old.volumeBindingMode) errs.forbidden(root('volumeBindingMode'), 'field is immutable');
  }
}

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

const DEFAULT_CLASS_BETA = 'storageclass.beta.kubernetes.io/is-default-class';

export const storageClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Provisioner', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    col('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    col('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE_COLUMN,
  ],
  cells(sc: Obj, now) {
    const ann = sc.metadata.annotations ?? {};
    const isDefault = ann[DEFAULT_CLASS] === 'true' || ann[DEFAULT_CLASS_BETA] === 'true';
    return [
      `${sc.metadata.name ?? ''}${isDefault ? ' (default)' : ''}`,
      sc.provisioner ?? '',
      sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate',
      sc.allowVolumeExpansion === true,
      age(sc.metadata.creationTimestamp, now),
    ];
  },
};

export const storageClassKind: KindDescriptor<StorageClass> = defineKind({
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  resource: 'storageclasses',
  namespaced: false,
  shortNames: ['sc'],
  schema: storageClass,
  protobuf: 'api.storage.v1.StorageClass',
  printer: storageClassPrinter,
  default: defaultStorageClass,
  validate: validateStorageClass,
});
