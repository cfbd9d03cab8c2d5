/**
 * PodTemplate (core/v1): a named, stored pod template that other objects may copy. A kind with
 * no server-side behaviour, written as docs/ADDING-A-KIND.md describes.
 */
import type { z } from 'zod';
import { isObject } from '../../meta.js';
import { formatLabels } from '../../printers/format.js';
import { NAME_COLUMN, col, type Printer } from '../../printers/printer.js';
import { root, type ErrorList } from '../../schema/field-errors.js';
import { kindObject } from '../../schema/kind.js';
import { defaultPodSpec } from '../../schema/pod-spec-defaults.js';
import { validatePodTemplate } from '../../schema/pod-spec-validation.js';
import { podTemplateSpec } from '../../schema/pod-spec.js';
import { defineKind, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

export const podTemplate = kindObject(
  'io.k8s.api.core.v1',
  'PodTemplate',
  {
    template: podTemplateSpec.optional().describe('The pod template stored under this name.'),
  },
  'A stored template that pods can be created from.',
);

export type PodTemplate = StoredObject<z.output<typeof podTemplate>>;

/** SetDefaults of the template's PodSpec. */
function defaultPodTemplate(pt: Obj): void {
  if (isObject(pt.template)) {
    if (!isObject(pt.template.spec)) pt.template.spec = {};
    defaultPodSpec(pt.template.spec);
  }
}

/** ValidatePodTemplate: the template is required and must be a valid pod template (checked defensively: input is unvalidated). */
function validate(pt: PodTemplate, _old: PodTemplate | undefined, errs: ErrorList): void {
  validatePodTemplate(pt.template, root('template'), errs);
}

/** kube's printPodTemplate: the template's container names, images and pod labels. */
const printer: Printer = {
  columns: [
    NAME_COLUMN,
    col('Containers', 'Names of each container in the template.'),
    col('Images', 'Images referenced by each container in the template.'),
    col('Pod Labels', 'The labels for the pod template.'),
  ],
  cells(pt: PodTemplate) {
    const containers = pt.template?.spec?.containers ?? [];
    return [
      pt.metadata.name ?? '',
      containers.map((c) => c.name).join(','),
      containers.map((c) => c.image ?? '').join(','),
      formatLabels(pt.template?.metadata?.labels),
    ];
  },
};

export const podTemplateKind: KindDescriptor<PodTemplate> = defineKind({
  group: '',
  version: 'v1',
  kind: 'PodTemplate',
  resource: 'podtemplates',
  namespaced: true,
  schema: podTemplate,
  protobuf: 'api.core.v1.PodTemplate',
  printer,
  default: defaultPodTemplate,
  validate,
});
