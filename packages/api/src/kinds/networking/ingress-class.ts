/** IngressClass (networking.k8s.io/v1): names the controller that implements Ingresses; cluster-scoped. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { immutable, oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { str } from '../../schema/meta-validation.js';
import { defineKind, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const NET = 'io.k8s.api.networking.v1';

export const ingressClass = kindObject(
  NET,
  'IngressClass',
  {
    spec: z
      .strictObject({
        controller: z
          .string()
          .optional()
          .describe('Name of the controller implementing the class, such as example.com/ingress-controller. Cannot change.'),
        parameters: z
          .strictObject({
            apiGroup: z.string().optional().describe('API group of the parameters object.'),
            kind: z.string().describe('Kind of the parameters object.'),
            name: z.string().describe('Name of the parameters object.'),
            scope: z.string().optional().describe('Cluster (the default) or Namespace.'),
            namespace: z.string().optional().describe('Namespace of the parameters object, for scope Namespace.'),
          })
          .meta({ id: `${NET}.IngressClassParametersReference`, description: 'Points at the object holding the configuration of a class.' })
          .optional()
          .describe('Controller-specific configuration of the class.'),
      })
      .meta({ id: `${NET}.IngressClassSpec`, description: 'Describes an ingress class.' })
      .optional()
      .describe('The controller and parameters of the class.'),
  },
  'A class of ingresses implemented by one controller; the annotation ingressclass.kubernetes.io/is-default-class marks the default.',
);

export type IngressClass = ObjectOf<typeof ingressClass>;

function defaultIngressClass(ic: Obj): void {
  if (isObject(ic.spec) && isObject(ic.spec.parameters)) setIfEmpty(ic.spec.parameters, 'scope', 'Cluster');
}

export function validateIngressClass(ic: IngressClass, old: IngressClass | undefined, errs: ErrorList): void {
  const s = specOf(ic);
  const f = root('spec');
  if (!str(s.controller)) errs.required(f.child('controller'));
  else if (s.controller.length > 250) errs.tooLong(f.child('controller'), 250);
  if (isObject(s.parameters)) {
    const pf = f.child('parameters');
    if (!str(s.parameters.kind)) errs.required(pf.child('kind'));
    if (!str(s.parameters.name)) errs.required(pf.child('name'));
    oneOf(s.parameters.scope, ['Cluster', 'Namespace'], pf.child('scope'), errs);
    if (s.parameters.scope === 'Namespace' && !str(s.parameters.namespace))
      errs.required(pf.child('namespace'), "`parameters.scope` is set to 'Namespace'");
    if (s.parameters.scope === 'Cluster' && s.parameters.namespace !== undefined)
      errs.forbidden(pf.child('namespace'), "`parameters.scope` is set to 'Cluster'");
  }
  if (old) immutable(s.controller, specOf(old).controller, f.child('controller'), errs);
}

export const ingressClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Controller', 'Controller that is responsible for handling this class'),
    col('Parameters', 'A reference to a resource with additional parameters'),
    AGE_COLUMN,
  ],
  cells(ic: Obj, now) {
    const p = ic.spec?.parameters;
    const params = p ? (p.apiGroup ? `${p.kind}.${p.apiGroup}/${p.name}` : `${p.kind}/${p.name}`) : '<none>';
    return [ic.metadata.name ?? '', ic.spec?.controller ?? '', params, age(ic.metadata.creationTimestamp, now)];
  },
};

export const ingressClassKind: KindDescriptor<IngressClass> = defineKind({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IngressClass',
  resource: 'ingressclasses',
  namespaced: false,
  schema: ingressClass,
  protobuf: 'api.networking.v1.IngressClass',
  printer: ingressClassPrinter,
  default: defaultIngressClass,
  validate: validateIngressClass,
});
