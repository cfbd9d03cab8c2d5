/** CustomResourceDefinition (apiextensions.k8s.io/v1): defines a custom resource; the apiserver serves it. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { createdAtPrinter } from '../../printers/printer.js';
import { int32, opaque, time } from '../../schema/common.js';
import { child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, type FieldPath, root } from '../../schema/field-errors.js';
import { atLeast, immutable, nameOf, oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { list, str } from '../../schema/meta-validation.js';
import { dns1035Label, dns1123Label, dns1123Subdomain } from '../../schema/names.js';
import { schemaPatternError } from '../../schema/schema-pattern.js';
import { defineKind, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const AX = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

const names = z
  .strictObject({
    plural: z.string().describe('The resource name in URLs, all lower case: /apis/<group>/<version>/<plural>.'),
    singular: z.string().optional().describe('The singular name, used by kubectl; defaults to the lower-cased kind.'),
    shortNames: z.array(z.string()).optional().describe('Short aliases kubectl accepts, such as ct for crontabs.'),
    kind: z.string().describe('The CamelCase kind of the objects.'),
    listKind: z.string().optional().describe('The kind of lists; defaults to <kind>List.'),
    categories: z.array(z.string()).optional().describe('Groups this resource belongs to, such as all (kubectl get all).'),
  })
  .meta({ id: `${AX}.CustomResourceDefinitionNames`, description: 'The names a custom resource is served under.' });

const printerColumn = z
  .strictObject({
    name: z.string().describe('Column header.'),
    type: z.string().describe('OpenAPI type of the cell: integer, number, string, boolean or date.'),
    format: z.string().optional().describe('OpenAPI format of the cell, such as name.'),
    description: z.string().optional().describe('Human-readable description of the column.'),
    priority: int32.optional().describe('0 shows the column by default; higher values only in wide output.'),
    jsonPath: z.string().describe('A simple JSONPath, evaluated against each object, that produces the cell.'),
  })
  .meta({ id: `${AX}.CustomResourceColumnDefinition`, description: 'A column kubectl get prints for the custom resource.' });

const version = z
  .strictObject({
    name: z.string().describe('The version name, such as v1 or v1beta1; served at /apis/<group>/<name>.'),
    served: z.boolean().describe('Whether the version is served by the REST API.'),
    storage: z.boolean().describe('Whether objects are stored in this version; exactly one version must be.'),
    deprecated: z.boolean().optional().describe('Whether requests to this version get a deprecation warning.'),
    deprecationWarning: z.string().optional().describe('Overrides the default deprecation warning.'),
    schema: z
      .strictObject({
        openAPIV3Schema: opaque(
          'A structural OpenAPI v3 schema (type, properties, items, required, enum, default, x-kubernetes-preserve-unknown-fields, …) that objects of this version are validated, pruned and defaulted against.',
        ).optional(),
      })
      .meta({ id: `${AX}.CustomResourceValidation`, description: 'Validation rules of a version.' })
      .optional()
      .describe('The schema objects of this version must follow.'),
    subresources: z
      .strictObject({
        status: z
          .record(z.string(), z.unknown())
          .optional()
          .describe('Enables the /status subresource: the main resource ignores status changes and /status only changes status.'),
        scale: z
          .strictObject({
            specReplicasPath: z.string().describe('JSON path of the desired replica count, such as .spec.replicas.'),
            statusReplicasPath: z.string().describe('JSON path of the observed replica count, such as .status.replicas.'),
            labelSelectorPath: z
              .string()
              .optional()
              .describe('JSON path of the string label selector of the pods, such as .status.selector.'),
          })
          .meta({ id: `${AX}.CustomResourceSubresourceScale`, description: 'How the scale subresource maps onto the object.' })
          .optional()
          .describe('Enables the /scale subresource.'),
      })
      .meta({ id: `${AX}.CustomResourceSubresources`, description: 'Subresources a version serves.' })
      .optional()
      .describe('Status and scale subresources of this version.'),
    additionalPrinterColumns: z.array(printerColumn).optional().describe('Columns kubectl get prints; NAME and AGE when none are given.'),
    selectableFields: z
      .array(
        z
          .strictObject({
            jsonPath: z.string().describe('JSON path of a string, integer or boolean field.'),
          })
          .meta({ id: `${AX}.SelectableField`, description: 'A field usable in field selectors.' }),
      )
      .optional()
      .describe('Extra fields usable in field selectors.'),
  })
  .meta({ id: `${AX}.CustomResourceDefinitionVersion`, description: 'One version of a custom resource.' });

export const customResourceDefinition = kindObject(
  AX,
  'CustomResourceDefinition',
  {
    spec: z
      .strictObject({
        group: z.string().describe('The API group of the resource, a DNS subdomain such as stable.example.com.'),
        names: names.describe('The names the resource is served under.'),
        scope: z.string().describe('Namespaced or Cluster.'),
        versions: z.array(version).describe('The versions served; exactly one is the storage version.'),
        conversion: z
          .strictObject({
            strategy: z.string().describe('None (only apiVersion changes) or Webhook.'),
            webhook: opaque('The webhook called for Webhook conversion.').optional(),
          })
          .meta({ id: `${AX}.CustomResourceConversion`, description: 'How objects are converted between versions.' })
          .optional()
          .describe('How objects are converted between versions; defaults to None.'),
        preserveUnknownFields: z
          .boolean()
          .optional()
          .describe('Deprecated; must be false: unknown fields are pruned unless the schema preserves them.'),
      })
      .meta({ id: `${AX}.CustomResourceDefinitionSpec`, description: 'Describes how a custom resource is served.' })
      .describe('The resource the definition adds to the API.'),
    status: z
      .strictObject({
        conditions: z
          .array(
            z
              .strictObject({
                type: z
                  .string()
                  .describe('Established, NamesAccepted, NonStructuralSchema, Terminating or KubernetesAPIApprovalPolicyConformant.'),
                status: z.string().describe('True, False or Unknown.'),
                lastTransitionTime: time.nullable().optional().describe('When the condition last changed status.'),
                reason: z.string().optional().describe('A CamelCase reason for the last transition.'),
                message: z.string().optional().describe('Human-readable details.'),
              })
              .meta({ id: `${AX}.CustomResourceDefinitionCondition`, description: 'One condition of a definition.' }),
          )
          .optional()
          .describe('Conditions of the definition.'),
        acceptedNames: names.optional().describe('The names actually served; they may differ from spec.names on a conflict.'),
        storedVersions: z.array(z.string()).optional().describe('Every version objects were ever stored in.'),
      })
      .meta({ id: `${AX}.CustomResourceDefinitionStatus`, description: 'Observed state of a definition.' })
      .optional()
      .describe('Observed state of the definition. Read-only.'),
  },
  'Adds a custom resource to the API: served, stored, watched, validated and printed like the built-in ones.',
);

export type CustomResourceDefinition = ObjectOf<typeof customResourceDefinition>;

function defaultCustomResourceDefinition(crd: Obj): void {
  const spec = child(crd, 'spec');
  const names = child(spec, 'names');
  if (typeof names.kind === 'string' && names.kind) {
    setIfEmpty(names, 'singular', names.kind.toLowerCase());
    setIfEmpty(names, 'listKind', `${names.kind}List`);
  }
  setIfEmpty(child(spec, 'conversion'), 'strategy', 'None');
}

const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/**
 * How deeply a CRD's openAPIV3Schema may nest schemas (properties, items, additionalProperties,
 * allOf/anyOf/oneOf/not, patternProperties). kemu's own limit, far beyond real CRDs (an embedded
 * PodSpec nests about 15): a schema nested 1,000 levels made every walk over it (validation,
 * defaulting, OpenAPI) a stack-overflow risk for the whole apiserver.
 */
export const MAX_SCHEMA_DEPTH = 128;

/** Whether a schema nests deeper than MAX_SCHEMA_DEPTH; an explicit stack, so any depth is safe to measure. */
export function schemaTooDeep(schema: unknown, limit = MAX_SCHEMA_DEPTH): boolean {
  const stack: [unknown, number][] = [[schema, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isObject(node)) continue;
    if (depth > limit) return true;
    const next = (v: unknown) => {
      if (isObject(v)) stack.push([v, depth + 1]);
    };
    for (const k of ['properties', 'patternProperties', 'definitions']) {
      const m = node[k];
      if (isObject(m)) for (const v of Object.values(m)) next(v);
    }
    for (const k of ['allOf', 'anyOf', 'oneOf']) for (const v of list(node[k])) next(v);
    if (Array.isArray(node.items)) for (const v of node.items) next(v);
    else next(node.items);
    next(node.additionalProperties);
    next(node.additionalItems);
    next(node.not);
  }
  return false;
}

function versionSchema(crd: CustomResourceDefinition | undefined, name: unknown): unknown {
  if (!crd) return undefined;
  const v = list(specOf(crd).versions).find((x) => isObject(x) && x.name === name);
  return isObject(v) && isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
}

/** Structural-schema rules: every node has a type unless it preserves unknown fields or is int-or-string. */
function validateStructural(node: unknown, f: FieldPath, errs: ErrorList, isRoot: boolean): void {
  if (!isObject(node)) return;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.type === undefined || node.type === '') {
    if (!intOrString && !preserve && !isRoot) errs.required(f.child('type'), 'must not be empty for specified object fields');
  } else if (!SCHEMA_TYPES.includes(node.type)) errs.notSupported(f.child('type'), node.type, SCHEMA_TYPES);
  if (isRoot && node.type !== 'object') errs.invalid(f.child('type'), node.type ?? '', 'must be object at the root');
  if (node.$ref !== undefined) errs.forbidden(f.child('$ref'), '$ref is not supported');
  if (node.properties !== undefined && node.additionalProperties !== undefined && node.additionalProperties !== false) {
    errs.forbidden(f.child('additionalProperties'), 'additionalProperties and properties are mutual exclusive');
  }
  if (node.type === 'array' && node.items === undefined) errs.required(f.child('items'), 'must be specified');
  // Go's regexp (RE2) must compile it: no backreferences or lookaround, and matching stays linear.
  if (typeof node.pattern === 'string' && node.pattern) {
    const bad = schemaPatternError(node.pattern);
    if (bad) errs.invalid(f.child('pattern'), node.pattern, `must be a valid regular expression, but isn't: ${bad}`);
  }
  if (isObject(node.properties))
    for (const [k, v] of Object.entries(node.properties)) validateStructural(v, f.child('properties').key(k), errs, false);
  if (isObject(node.items)) validateStructural(node.items, f.child('items'), errs, false);
  if (isObject(node.additionalProperties)) validateStructural(node.additionalProperties, f.child('additionalProperties'), errs, false);
  if (Array.isArray(node.required) && isObject(node.properties)) {
    for (const r of node.required) if (typeof r !== 'string') errs.invalid(f.child('required'), r, 'must be a string');
  }
}

export function validateCustomResourceDefinition(
  crd: CustomResourceDefinition,
  old: CustomResourceDefinition | undefined,
  errs: ErrorList,
): void {
  const s = specOf(crd);
  const f = root('spec');
  const names = isObject(s.names) ? s.names : {};
  const nf = f.child('names');
  if (!str(s.group)) errs.required(f.child('group'));
  else {
    for (const e of dns1123Subdomain(s.group)) errs.invalid(f.child('group'), s.group, e);
    if (!s.group.includes('.')) errs.invalid(f.child('group'), s.group, 'should be a domain with at least one dot');
  }
  if (!str(names.plural)) errs.required(nf.child('plural'));
  else for (const e of dns1123Label(names.plural)) errs.invalid(nf.child('plural'), names.plural, e);
  if (str(names.singular)) for (const e of dns1123Label(names.singular)) errs.invalid(nf.child('singular'), names.singular, e);
  if (!str(names.kind)) errs.required(nf.child('kind'));
  if (str(names.kind) && str(names.listKind) && names.kind === names.listKind)
    errs.invalid(nf.child('listKind'), names.listKind, 'kind and listKind may not be the same');
  list(names.shortNames).forEach((sn, i) => {
    if (typeof sn === 'string') for (const e of dns1123Label(sn)) errs.invalid(nf.child('shortNames').index(i), sn, e);
  });
  if (str(names.plural) && str(s.group) && nameOf(crd) !== `${names.plural}.${s.group}`) {
    errs.invalid(root('metadata').child('name'), nameOf(crd), 'must be spec.names.plural+"."+spec.group');
  }
  oneOf(s.scope, ['Cluster', 'Namespaced'], f.child('scope'), errs, true);
  const versions = list(s.versions);
  if (versions.length === 0) errs.invalid(f.child('versions'), versions, 'must have exactly one version marked as storage version');
  else if (versions.filter((v) => isObject(v) && v.storage === true).length !== 1)
    errs.invalid(
      f.child('versions'),
      versions.map((v) => (isObject(v) ? v.name : v)),
      'must have exactly one version marked as storage version',
    );
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    if (!isObject(v)) return;
    const vf = f.child('versions').index(i);
    if (!str(v.name)) errs.required(vf.child('name'));
    else {
      for (const e of dns1035Label(v.name)) errs.invalid(vf.child('name'), v.name, e);
      if (seen.has(v.name)) errs.duplicate(vf.child('name'), v.name);
      seen.add(v.name);
    }
    const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
    const schemaField = vf.child('schema').child('openAPIV3Schema');
    if (!isObject(schema)) errs.required(schemaField, 'schemas are required');
    else if (schemaTooDeep(schema)) {
      // Ratcheting: a stored schema that is already this deep stays updatable (finalizers, deletion).
      const stored = versionSchema(old, v.name);
      if (!stored || !schemaTooDeep(stored)) errs.forbidden(schemaField, `must not nest schemas more than ${MAX_SCHEMA_DEPTH} levels deep`);
    } else validateStructural(schema, schemaField, errs, true);
    list(v.additionalPrinterColumns).forEach((c, j) => {
      if (!isObject(c)) return;
      const cf = vf.child('additionalPrinterColumns').index(j);
      if (!str(c.name)) errs.required(cf.child('name'));
      oneOf(c.type, ['boolean', 'date', 'integer', 'number', 'string'], cf.child('type'), errs, true);
      if (!str(c.jsonPath)) errs.required(cf.child('JSONPath'));
      else if (!c.jsonPath.startsWith('.')) errs.invalid(cf.child('JSONPath'), c.jsonPath, 'must be a simple json path starting with .');
      atLeast(c.priority, 0, cf.child('priority'), errs);
    });
    const scale = isObject(v.subresources) && isObject(v.subresources.scale) ? v.subresources.scale : undefined;
    if (scale) {
      const sf = vf.child('subresources').child('scale');
      if (!str(scale.specReplicasPath).startsWith('.spec.'))
        errs.invalid(sf.child('specReplicasPath'), scale.specReplicasPath ?? '', 'should be a json path under .spec');
      if (!str(scale.statusReplicasPath).startsWith('.status.'))
        errs.invalid(sf.child('statusReplicasPath'), scale.statusReplicasPath ?? '', 'should be a json path under .status');
    }
  });
  if (s.preserveUnknownFields === true)
    errs.invalid(f.child('preserveUnknownFields'), true, 'must be false in order to use defaults in the schema');
  const conv = isObject(s.conversion) ? s.conversion : {};
  oneOf(conv.strategy, ['None', 'Webhook'], f.child('conversion').child('strategy'), errs);
  if (conv.strategy === 'Webhook' && conv.webhook === undefined)
    errs.required(f.child('conversion').child('webhook'), 'required when strategy is set to Webhook');
  if (old) {
    const os = specOf(old);
    if (os.group !== undefined) immutable(s.group, os.group, f.child('group'), errs);
    if (os.scope !== undefined) immutable(s.scope, os.scope, f.child('scope'), errs);
  }
}

export const customResourceDefinitionKind: KindDescriptor<CustomResourceDefinition> = defineKind({
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  resource: 'customresourcedefinitions',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  subresources: [statusSubresource],
  schema: customResourceDefinition,
  printer: createdAtPrinter,
  default: defaultCustomResourceDefinition,
  validate: validateCustomResourceDefinition,
  strategy: { tracksGeneration: true },
});
