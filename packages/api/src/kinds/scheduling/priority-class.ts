/** PriorityClass (scheduling.k8s.io/v1): maps a class name to a pod priority; cluster-scoped. */
import { z } from 'zod';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32 } from '../../schema/common.js';
import { setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { nameOf, oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { defineKind, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

export const priorityClass = kindObject(
  'io.k8s.api.scheduling.v1',
  'PriorityClass',
  {
    value: int32.describe('The priority pods of this class get; higher is more important. Cannot change.'),
    globalDefault: z
      .boolean()
      .optional()
      .describe('Whether this class applies to pods that name none; at most one class may be the default.'),
    description: z.string().optional().describe('When this class should be used.'),
    preemptionPolicy: z.string().optional().describe('PreemptLowerPriority (the default) or Never. Cannot change.'),
  },
  'Maps a priority class name to a pod priority value.',
);

export type PriorityClass = ObjectOf<typeof priorityClass>;

function defaultPriorityClass(pc: Obj): void {
  setIfEmpty(pc, 'preemptionPolicy', 'PreemptLowerPriority');
}

const SYSTEM_PRIORITY_CLASSES: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

const HIGHEST_USER_PRIORITY = 1000000000;

export function validatePriorityClass(pc: PriorityClass, old: PriorityClass | undefined, errs: ErrorList): void {
  const n = nameOf(pc);
  if (n in SYSTEM_PRIORITY_CLASSES) {
    if (pc.value !== SYSTEM_PRIORITY_CLASSES[n])
      errs.forbidden(
        root('metadata').child('name'),
        `${n} is a system priority class name and its value must be ${SYSTEM_PRIORITY_CLASSES[n]}`,
      );
  } else {
    if (n.startsWith('system-')) errs.forbidden(root('metadata').child('name'), "priority class names with 'system-' prefix are reserved");
    if (typeof pc.value === 'number' && pc.value > HIGHEST_USER_PRIORITY)
      errs.forbidden(root('value'), `maximum allowed value of a user defined priority is ${HIGHEST_USER_PRIORITY}`);
  }
  oneOf(pc.preemptionPolicy, ['Never', 'PreemptLowerPriority'], root('preemptionPolicy'), errs);
  if (old) {
    if (pc.value !== old.value) errs.forbidden(root('value'), 'may not be changed in an update.');
    if (pc.preemptionPolicy !== old.preemptionPolicy) errs.invalid(root('preemptionPolicy'), pc.preemptionPolicy, 'field is immutable');
  }
}

export const priorityClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Value', 'value is the integer value of this priority class.', { type: 'integer' }),
    col('Global-Default', 'globalDefault specifies whether this PriorityClass should be considered as the default priority.', {
      type: 'boolean',
    }),
    AGE_COLUMN,
    col('PreemptionPolicy', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  cells(pc: Obj, now) {
    return [
      pc.metadata.name ?? '',
      pc.value ?? 0,
      pc.globalDefault === true,
      age(pc.metadata.creationTimestamp, now),
      pc.preemptionPolicy ?? '<none>',
    ];
  },
};

export const priorityClassKind: KindDescriptor<PriorityClass> = defineKind({
  group: 'scheduling.k8s.io',
  version: 'v1',
  kind: 'PriorityClass',
  resource: 'priorityclasses',
  namespaced: false,
  shortNames: ['pc'],
  schema: priorityClass,
  protobuf: 'api.scheduling.v1.PriorityClass',
  printer: priorityClassPrinter,
  default: defaultPriorityClass,
  validate: validatePriorityClass,
});
