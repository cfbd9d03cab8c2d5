/** Namespace (core/v1): the scope of namespaced names; cluster-scoped, named as a DNS label. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { time } from '../../schema/common.js';
import { child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { list } from '../../schema/meta-validation.js';
import { qualifiedName } from '../../schema/names.js';
import { LABEL_METADATA_NAME } from '../../well-known.js';
import { defineKind, statusSubresource, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const namespace = kindObject(
  P,
  'Namespace',
  {
    spec: z
      .strictObject({
        finalizers: z.array(z.string()).optional().describe('Finalizers that must be cleared before the namespace is removed.'),
      })
      .meta({ id: `${P}.NamespaceSpec`, description: 'Desired state of a namespace.' })
      .optional()
      .describe('Desired state.'),
    status: z
      .strictObject({
        phase: z.string().optional().describe('Active or Terminating.'),
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
              .meta({ id: `${P}.NamespaceCondition`, description: 'One condition of a namespace.' }),
          )
          .optional()
          .describe('Conditions.'),
      })
      .meta({ id: `${P}.NamespaceStatus`, description: 'Observed state of a namespace.' })
      .optional()
      .describe('Observed state.'),
  },
  'A scope for names, isolating groups of objects.',
);

export type Namespace = StoredObject<z.output<typeof namespace>>;

function defaultNamespace(ns: Obj): void {
  const meta = child(ns, 'metadata');
  if (meta.name) meta.labels = { ...(isObject(meta.labels) ? meta.labels : {}), [LABEL_METADATA_NAME]: meta.name };
  setIfEmpty(child(ns, 'status'), 'phase', 'Active');
}

export function validateNamespace(ns: Namespace, errs: ErrorList): void {
  const spec = isObject(ns.spec) ? ns.spec : {};
  list(spec.finalizers).forEach((fin, i) => {
    if (typeof fin === 'string' && fin !== 'kubernetes')
      for (const e of qualifiedName(fin)) errs.invalid(root('spec').child('finalizers').index(i), fin, e);
  });
  if (isObject(ns.status)) oneOf(ns.status.phase, ['Active', 'Terminating'], root('status').child('phase'), errs);
}

/** Namespace columns: STATUS (phase). */

export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, col('Status', 'The status of the namespace'), AGE_COLUMN],
  cells(ns: Namespace, now) {
    return [ns.metadata.name ?? '', ns.status?.phase ?? '', age(ns.metadata.creationTimestamp, now)];
  },
};

export const namespaceKind: KindDescriptor<Namespace> = defineKind({
  group: '',
  version: 'v1',
  kind: 'Namespace',
  resource: 'namespaces',
  namespaced: false,
  shortNames: ['ns'],
  subresources: [statusSubresource, { name: 'finalize', kind: '', verbs: ['update'] }],
  schema: namespace,
  protobuf: 'api.core.v1.Namespace',
  nameRule: 'label',
  printer: namespacePrinter,
  default: defaultNamespace,
  validate: (ns, _old, errs) => validateNamespace(ns, errs),
  fields: { 'status.phase': (ns) => ns.status?.phase ?? '' },
});
