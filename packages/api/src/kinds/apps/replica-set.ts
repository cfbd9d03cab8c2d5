/** ReplicaSet (apps/v1): keeps a number of pods matching its selector running. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import {
  CONTAINERS_COLUMN,
  COUNT_COLUMNS,
  IMAGES_COLUMN,
  SELECTOR_COLUMN,
  containerImages,
  containerNames,
} from '../../printers/columns.js';
import { formatLabelSelector } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer } from '../../printers/printer.js';
import { int32, int64 } from '../../schema/common.js';
import { child } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { kindObject } from '../../schema/kind.js';
import { labelSelector } from '../../schema/meta-v1.js';
import { defaultTemplate } from '../../schema/pod-spec-defaults.js';
import { validateReplicas } from '../../schema/pod-spec-validation.js';
import { podTemplateSpec } from '../../schema/pod-spec.js';
import { workloadCondition } from '../../schema/workload-condition.js';
import { selectorImmutable, validateSelectorAndTemplate } from '../../schema/workload-validation.js';
import { defineKind, scaleSubresource, statusSubresource, type FieldOf, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.apps.v1';

export const replicaSet = kindObject(
  P,
  'ReplicaSet',
  {
    spec: z
      .strictObject({
        replicas: int32.optional().describe('Desired number of pods; defaults to 1.'),
        minReadySeconds: int32.optional().describe('Seconds a pod must be ready to count as available.'),
        selector: labelSelector.describe('Selects the pods counted; must match the template labels.'),
        template: podTemplateSpec.optional().describe('Template of the pods created when too few exist.'),
      })
      .meta({ id: `${P}.ReplicaSetSpec`, description: 'Desired state of a ReplicaSet.' })
      .optional()
      .describe('Desired state.'),
    status: z
      .strictObject({
        replicas: int32.optional().describe('Most recently observed number of pods.'),
        fullyLabeledReplicas: int32.optional().describe('Pods whose labels match the template labels.'),
        readyReplicas: int32.optional().describe('Ready pods.'),
        availableReplicas: int32.optional().describe('Available pods.'),
        observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
        conditions: z.array(workloadCondition('ReplicaSet')).optional().describe('Conditions.'),
      })
      .meta({ id: `${P}.ReplicaSetStatus`, description: 'Observed state of a ReplicaSet.' })
      .optional()
      .describe('Observed state.'),
  },
  'Keeps a stable set of replica pods running.',
);

export type ReplicaSet = StoredObject<z.output<typeof replicaSet>, 'spec'>;
export type ReplicaSetSpec = ReplicaSet['spec'];
export type ReplicaSetStatus = FieldOf<ReplicaSet, 'status'>;

function defaultReplicaSet(rs: Obj): void {
  const spec = child(rs, 'spec');
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  defaultTemplate(spec);
}

export function validateReplicaSet(rs: ReplicaSet, old: ReplicaSet | undefined, errs: ErrorList): void {
  const spec: Obj = isObject(rs.spec) ? rs.spec : {};
  const f = root('spec');
  validateReplicas(spec, f, errs);
  validateSelectorAndTemplate(spec, f, errs, 'replicaset');
  selectorImmutable(spec, old, f, errs);
}

export const replicaSetPrinter: Printer = {
  columns: [NAME_COLUMN, ...COUNT_COLUMNS, AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN],
  cells(rs: ReplicaSet, now) {
    return [
      rs.metadata.name ?? '',
      rs.spec?.replicas ?? 0,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      age(rs.metadata.creationTimestamp, now),
      containerNames(rs.spec?.template),
      containerImages(rs.spec?.template),
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};

export const replicaSetKind: KindDescriptor<ReplicaSet> = defineKind({
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  resource: 'replicasets',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  subresources: [statusSubresource, scaleSubresource],
  schema: replicaSet,
  protobuf: 'api.apps.v1.ReplicaSet',
  printer: replicaSetPrinter,
  default: defaultReplicaSet,
  validate: validateReplicaSet,
  fields: { 'status.replicas': (rs) => String(rs.status?.replicas ?? 0) },
  strategy: { tracksGeneration: true },
});
