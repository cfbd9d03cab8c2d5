/** ReplicationController (core/v1): keeps a number of pods running; selector and labels default from its template. */
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
import { formatLabels } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer } from '../../printers/printer.js';
import { int32, int64, stringMap, time } from '../../schema/common.js';
import { child } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { validateLabels } from '../../schema/meta-validation.js';
import { defaultTemplate } from '../../schema/pod-spec-defaults.js';
import { validatePodTemplate, validateReplicas } from '../../schema/pod-spec-validation.js';
import { podTemplateSpec } from '../../schema/pod-spec.js';
import { defineKind, scaleSubresource, statusSubresource, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const replicationController = kindObject(
  P,
  'ReplicationController',
  {
    spec: z
      .strictObject({
        replicas: int32.optional().describe('Desired number of pods; defaults to 1.'),
        minReadySeconds: int32.optional().describe('Seconds a pod must be ready to count as available.'),
        selector: stringMap.optional().describe('Labels of the pods counted; defaults to the template labels.'),
        template: podTemplateSpec.optional().describe('Template of the pods created.'),
      })
      .meta({ id: `${P}.ReplicationControllerSpec`, description: 'Desired state of a replication controller.' })
      .optional()
      .describe('Desired state.'),
    status: z
      .strictObject({
        replicas: int32.optional().describe('Most recently observed number of pods.'),
        fullyLabeledReplicas: int32.optional().describe('Pods whose labels match the template labels.'),
        readyReplicas: int32.optional().describe('Ready pods.'),
        availableReplicas: int32.optional().describe('Available pods.'),
        observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
        conditions: z
          .array(
            z
              .strictObject({
                type: z.string().describe('Condition type.'),
                status: z.string().describe('True, False or Unknown.'),
                lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
                reason: z.string().optional().describe('CamelCase reason.'),
                message: z.string().optional().describe('Details.'),
              })
              .meta({ id: `${P}.ReplicationControllerCondition`, description: 'One condition of a replication controller.' }),
          )
          .optional()
          .describe('Conditions.'),
      })
      .meta({ id: `${P}.ReplicationControllerStatus`, description: 'Observed state of a replication controller.' })
      .optional()
      .describe('Observed state.'),
  },
  'Keeps a number of pod replicas running (the predecessor of ReplicaSet).',
);

export type ReplicationController = StoredObject<z.output<typeof replicationController>, 'spec'>;
export type ReplicationControllerSpec = ReplicationController['spec'];

function defaultReplicationController(rc: Obj): void {
  const spec = child(rc, 'spec');
  const labels =
    isObject(spec.template) && isObject(spec.template.metadata) && isObject(spec.template.metadata.labels)
      ? spec.template.metadata.labels
      : undefined;
  if (labels) {
    if (!isObject(spec.selector) || Object.keys(spec.selector).length === 0) spec.selector = { ...labels };
    const meta = child(rc, 'metadata');
    if (!isObject(meta.labels) || Object.keys(meta.labels).length === 0) meta.labels = { ...labels };
  }
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  defaultTemplate(spec);
}

export function validateReplicationController(rc: ReplicationController, errs: ErrorList): void {
  const spec: Obj = isObject(rc.spec) ? rc.spec : {};
  const f = root('spec');
  validateReplicas(spec, f, errs);
  const selector = isObject(spec.selector) ? spec.selector : {};
  if (Object.keys(selector).length === 0) errs.required(f.child('selector'));
  validateLabels(selector, f.child('selector'), errs);
  if (spec.template === undefined) {
    errs.required(f.child('template'));
    return;
  }
  const labels =
    isObject(spec.template) && isObject(spec.template.metadata) && isObject(spec.template.metadata.labels)
      ? spec.template.metadata.labels
      : {};
  const matches = Object.entries(selector).every(([k, v]) => labels[k] === v);
  if (Object.keys(selector).length > 0 && !matches) {
    errs.invalid(f.child('template').child('metadata').child('labels'), labels, '`selector` does not match template `labels`');
  }
  validatePodTemplate(spec.template, f.child('template'), errs);
  if (isObject(spec.template) && isObject(spec.template.spec))
    oneOf(spec.template.spec.restartPolicy, ['Always'], f.child('template').child('spec').child('restartPolicy'), errs);
}

export const replicationControllerPrinter: Printer = {
  columns: [NAME_COLUMN, ...COUNT_COLUMNS, AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN],
  cells(rc: ReplicationController, now) {
    return [
      rc.metadata.name ?? '',
      rc.spec?.replicas ?? 0,
      rc.status?.replicas ?? 0,
      rc.status?.readyReplicas ?? 0,
      age(rc.metadata.creationTimestamp, now),
      containerNames(rc.spec?.template),
      containerImages(rc.spec?.template),
      formatLabels(rc.spec?.selector),
    ];
  },
};

export const replicationControllerKind: KindDescriptor<ReplicationController> = defineKind({
  group: '',
  version: 'v1',
  kind: 'ReplicationController',
  resource: 'replicationcontrollers',
  namespaced: true,
  shortNames: ['rc'],
  categories: ['all'],
  subresources: [statusSubresource, scaleSubresource],
  schema: replicationController,
  protobuf: 'api.core.v1.ReplicationController',
  printer: replicationControllerPrinter,
  default: defaultReplicationController,
  validate: (rc: ReplicationController, _old, errs) => validateReplicationController(rc, errs),
  fields: { 'status.replicas': (rc) => String(rc.status?.replicas ?? 0) },
  strategy: {
    tracksGeneration: true,
    canonicalize(rc) {
      const templateLabels = rc.spec?.template?.metadata?.labels;
      if (!templateLabels || Object.keys(templateLabels).length === 0) return;
      if (rc.spec && (!rc.spec.selector || Object.keys(rc.spec.selector).length === 0)) rc.spec.selector = { ...templateLabels };
      if (!rc.metadata.labels || Object.keys(rc.metadata.labels).length === 0) rc.metadata.labels = { ...templateLabels };
    },
  },
});
