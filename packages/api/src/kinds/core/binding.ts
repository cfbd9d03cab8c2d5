/** Binding (core/v1): a create-only request that assigns a pod to a node. */
import type { z } from 'zod';
import { isObject } from '../../meta.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { kindObject } from '../../schema/kind.js';
import { str } from '../../schema/meta-validation.js';
import { objectReference } from '../../schema/pod-spec.js';
import { defineKind, type StoredObject, type KindDescriptor } from '../descriptor.js';

const P = 'io.k8s.api.core.v1';

export const binding = kindObject(
  P,
  'Binding',
  {
    target: objectReference.describe('The node the pod is bound to.'),
  },
  'Binds a pod to a node; used by the scheduler.',
);

export type Binding = StoredObject<z.output<typeof binding>>;

export function validateBinding(b: Binding, errs: ErrorList): void {
  const t = isObject(b.target) ? b.target : {};
  if (!str(t.name)) errs.required(root('target').child('name'));
  if (t.kind !== undefined && t.kind !== '' && t.kind !== 'Node')
    errs.notSupported(root('target').child('kind'), t.kind, ['Node', '<empty>']);
}

export const bindingKind: KindDescriptor<Binding> = defineKind({
  group: '',
  version: 'v1',
  kind: 'Binding',
  resource: 'bindings',
  namespaced: true,
  verbs: ['create'],
  schema: binding,
  protobuf: 'api.core.v1.Binding',
  validate: (b, _old, errs) => validateBinding(b, errs),
});
