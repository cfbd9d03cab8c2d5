/** ControllerRevision (apps/v1): an immutable snapshot of a workload's template. */
import { z } from 'zod';
import { deepEqual } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int64 } from '../../schema/common.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { atLeast } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { defineKind, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.apps.v1';

export const controllerRevision = kindObject(
  P,
  'ControllerRevision',
  {
    data: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('The state saved in this revision (for workloads, a patch holding the pod template).'),
    revision: int64.optional().describe('The revision number, increasing with every new revision of the owner.'),
  },
  'An immutable snapshot of state, used by StatefulSets and DaemonSets for updates and rollbacks.',
);

export type ControllerRevision = ObjectOf<typeof controllerRevision>;

export function validateControllerRevision(cr: ControllerRevision, old: ControllerRevision | undefined, errs: ErrorList): void {
  atLeast(cr.revision, 0, root('revision'), errs);
  if (old && !deepEqual(cr.data, old.data)) errs.invalid(root('data'), '', 'field is immutable');
}

/** `statefulset.apps/web` for the controller owner reference; `<none>` without one. */
function controllerOf(o: Obj): string {
  const ref = (o.metadata?.ownerReferences ?? []).find((r: Obj) => r.controller === true);
  if (!ref) return '<none>';
  const slash = String(ref.apiVersion ?? '').indexOf('/');
  const group = slash >= 0 ? String(ref.apiVersion).slice(0, slash) : '';
  return `${String(ref.kind).toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Controller', 'Controller of the object'),
    col('Revision', 'Revision indicates the revision of the state represented by Data.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells(cr: Obj, now) {
    return [cr.metadata.name ?? '', controllerOf(cr), cr.revision ?? 0, age(cr.metadata.creationTimestamp, now)];
  },
};

export const controllerRevisionKind: KindDescriptor<ControllerRevision> = defineKind({
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  resource: 'controllerrevisions',
  namespaced: true,
  schema: controllerRevision,
  protobuf: 'api.apps.v1.ControllerRevision',
  printer: controllerRevisionPrinter,
  validate: validateControllerRevision,
});
