/** StatefulSet (apps/v1): pods with stable names and their own claims. */
import { z } from 'zod';
import { deepEqual, isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, containerImages, containerNames } from '../../printers/columns.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32, int64, intOrString } from '../../schema/common.js';
import { arr, child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { atLeast, oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { labelSelector } from '../../schema/meta-v1.js';
import { list, str } from '../../schema/meta-validation.js';
import { defaultTemplate } from '../../schema/pod-spec-defaults.js';
import { podTemplateSpec } from '../../schema/pod-spec.js';
import { workloadCondition } from '../../schema/workload-condition.js';
import { intOrPercent, validateSelectorAndTemplate } from '../../schema/workload-validation.js';
import { defaultPersistentVolumeClaim, persistentVolumeClaim, validateClaimSpec } from '../core/persistent-volume-claim.js';
import { defineKind, scaleSubresource, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.apps.v1';

export const statefulSet = kindObject(
  P,
  'StatefulSet',
  {
    spec: z
      .strictObject({
        replicas: int32.optional().describe('Desired number of pods, named <set>-0 … <set>-(replicas-1); defaults to 1.'),
        selector: labelSelector.describe('Selects the pods of the set; must match the template labels and cannot change.'),
        template: podTemplateSpec.describe(
          'Template of the pods; each pod gets a stable identity (name, hostname, storage) from its ordinal.',
        ),
        volumeClaimTemplates: z
          .array(persistentVolumeClaim)
          .optional()
          .describe('Claims every pod gets its own copy of, named <claim>-<pod>; they outlive the pods.'),
        serviceName: z
          .string()
          .optional()
          .describe('The headless service that governs the network identity of the pods (<pod>.<serviceName>).'),
        podManagementPolicy: z.string().optional().describe('OrderedReady (one pod at a time, in order; the default) or Parallel.'),
        updateStrategy: z
          .strictObject({
            type: z.string().optional().describe('RollingUpdate (the default) or OnDelete.'),
            rollingUpdate: z
              .strictObject({
                partition: int32.optional().describe('Only pods with an ordinal at or above this are updated; defaults to 0.'),
                maxUnavailable: intOrString
                  .optional()
                  .describe('Pods that may be unavailable during the update, as a number or percentage; defaults to 1 (alpha feature).'),
              })
              .meta({ id: `${P}.RollingUpdateStatefulSetStrategy`, description: 'Parameters of a StatefulSet rolling update.' })
              .optional()
              .describe('Rolling update parameters, for type RollingUpdate.'),
          })
          .meta({ id: `${P}.StatefulSetUpdateStrategy`, description: 'How a StatefulSet replaces its pods after a template change.' })
          .optional()
          .describe('How pods are updated when the template changes.'),
        revisionHistoryLimit: int32.optional().describe('ControllerRevisions kept for rollback; defaults to 10.'),
        minReadySeconds: int32.optional().describe('Seconds a new pod must be ready to count as available; defaults to 0.'),
        persistentVolumeClaimRetentionPolicy: z
          .strictObject({
            whenDeleted: z.string().optional().describe('Retain (the default) or Delete the claims when the StatefulSet is deleted.'),
            whenScaled: z.string().optional().describe('Retain (the default) or Delete the claims of pods removed by a scale-down.'),
          })
          .meta({
            id: `${P}.StatefulSetPersistentVolumeClaimRetentionPolicy`,
            description: 'What happens to the claims created from volumeClaimTemplates.',
          })
          .optional()
          .describe('Lifecycle of the claims created from volumeClaimTemplates.'),
        ordinals: z
          .strictObject({
            start: int32.optional().describe('The ordinal of the first pod; defaults to 0.'),
          })
          .meta({ id: `${P}.StatefulSetOrdinals`, description: 'The numbering of StatefulSet pods.' })
          .optional()
          .describe('The numbering of the pods.'),
      })
      .meta({ id: `${P}.StatefulSetSpec`, description: 'Desired state of a StatefulSet.' })
      .optional()
      .describe('Desired state of the StatefulSet.'),
    status: z
      .strictObject({
        observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
        replicas: int32.optional().describe('Pods created by the controller.'),
        readyReplicas: int32.optional().describe('Pods with a Ready condition.'),
        currentReplicas: int32.optional().describe('Pods at the currentRevision.'),
        updatedReplicas: int32.optional().describe('Pods at the updateRevision.'),
        currentRevision: z.string().optional().describe('The ControllerRevision of the pods before the update.'),
        updateRevision: z.string().optional().describe('The ControllerRevision pods are being updated to.'),
        collisionCount: int32.optional().describe('Counter used to avoid revision name collisions.'),
        conditions: z.array(workloadCondition('StatefulSet')).optional().describe('Current conditions of the set.'),
        availableReplicas: int32.optional().describe('Pods ready for at least minReadySeconds.'),
      })
      .meta({ id: `${P}.StatefulSetStatus`, description: 'Observed state of a StatefulSet.' })
      .optional()
      .describe('Most recently observed status. Read-only.'),
  },
  'Manages pods with stable identities and storage, created and updated in order.',
);

export type StatefulSet = ObjectOf<typeof statefulSet>;

function defaultStatefulSet(sts: Obj): void {
  const spec = child(sts, 'spec');
  setIfEmpty(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  setIfEmpty(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    if (typeof ru.partition !== 'number') ru.partition = 0;
  }
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setIfEmpty(retention, 'whenDeleted', 'Retain');
  setIfEmpty(retention, 'whenScaled', 'Retain');
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  if (typeof spec.revisionHistoryLimit !== 'number') spec.revisionHistoryLimit = 10;
  for (const pvc of arr(spec.volumeClaimTemplates)) {
    setIfEmpty(pvc, 'apiVersion', 'v1');
    setIfEmpty(pvc, 'kind', 'PersistentVolumeClaim');
    defaultPersistentVolumeClaim(pvc);
  }
  defaultTemplate(spec);
}

const STS_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function validateStatefulSet(sts: StatefulSet, old: StatefulSet | undefined, errs: ErrorList): void {
  const s = specOf(sts);
  const f = root('spec');
  oneOf(s.podManagementPolicy, ['OrderedReady', 'Parallel'], f.child('podManagementPolicy'), errs);
  const us = isObject(s.updateStrategy) ? s.updateStrategy : {};
  const uf = f.child('updateStrategy');
  oneOf(us.type, ['OnDelete', 'RollingUpdate'], uf.child('type'), errs);
  if (us.type === 'OnDelete' && us.rollingUpdate !== undefined)
    errs.invalid(uf.child('rollingUpdate'), us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'");
  if (isObject(us.rollingUpdate)) {
    atLeast(us.rollingUpdate.partition, 0, uf.child('rollingUpdate').child('partition'), errs);
    intOrPercent(us.rollingUpdate.maxUnavailable, uf.child('rollingUpdate').child('maxUnavailable'), errs);
  }
  const retention = isObject(s.persistentVolumeClaimRetentionPolicy) ? s.persistentVolumeClaimRetentionPolicy : {};
  oneOf(retention.whenDeleted, ['Retain', 'Delete'], f.child('persistentVolumeClaimRetentionPolicy').child('whenDeleted'), errs);
  oneOf(retention.whenScaled, ['Retain', 'Delete'], f.child('persistentVolumeClaimRetentionPolicy').child('whenScaled'), errs);
  atLeast(s.replicas, 0, f.child('replicas'), errs);
  atLeast(s.minReadySeconds, 0, f.child('minReadySeconds'), errs);
  atLeast(s.revisionHistoryLimit, 0, f.child('revisionHistoryLimit'), errs);
  if (isObject(s.ordinals)) atLeast(s.ordinals.start, 0, f.child('ordinals').child('start'), errs);
  validateSelectorAndTemplate(s, f, errs, 'statefulset');
  list(s.volumeClaimTemplates).forEach((t, i) => {
    if (!isObject(t)) return;
    const tf = f.child('volumeClaimTemplates').index(i);
    if (!isObject(t.metadata) || !str(t.metadata.name)) errs.required(tf.child('metadata').child('name'));
    validateClaimSpec(isObject(t.spec) ? t.spec : {}, tf.child('spec'), errs);
  });
  if (old) {
    const os = specOf(old);
    const strip = (x: Obj) => Object.fromEntries(Object.entries(x).filter(([k]) => !STS_MUTABLE.includes(k)));
    if (!deepEqual(strip(s), strip(os))) {
      errs.forbidden(
        f,
        `updates to statefulset spec for fields other than ${STS_MUTABLE.slice(0, -1)
          .map((k) => `'${k}'`)
          .join(', ')} and '${STS_MUTABLE.at(-1)}' are forbidden`,
      );
    }
  }
}

export const statefulSetPrinter: Printer = {
  columns: [NAME_COLUMN, col('Ready', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells(s: Obj, now) {
    return [
      s.metadata.name ?? '',
      `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`,
      age(s.metadata.creationTimestamp, now),
      containerNames(s.spec?.template),
      containerImages(s.spec?.template),
    ];
  },
};

export const statefulSetKind: KindDescriptor<StatefulSet> = defineKind({
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  resource: 'statefulsets',
  namespaced: true,
  shortNames: ['sts'],
  categories: ['all'],
  subresources: [statusSubresource, scaleSubresource],
  schema: statefulSet,
  protobuf: 'api.apps.v1.StatefulSet',
  printer: statefulSetPrinter,
  default: defaultStatefulSet,
  validate: validateStatefulSet,
  strategy: { tracksGeneration: true },
});
