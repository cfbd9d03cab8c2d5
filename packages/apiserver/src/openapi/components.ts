/**
 * components.schemas of a group-version document, generated from the zod schemas of @kemu/api
 * and post-processed into the shapes Kubernetes publishes (and kubectl explain reads):
 * `$ref`s to `#/components/schemas/<io.k8s…>`, int32/int64 formats, IntOrString and Quantity
 * as annotated strings, `x-kubernetes-group-version-kind` on every top-level kind.
 */
import { openapiSchemaOf, type KindSchema } from '@kemu/api';

type Schema = Record<string, any>;

const REF_PREFIX = '#/components/schemas/';
const INT32_MAX = 2147483647;

/** Rewrites one generated JSON schema node (recursively) into Kubernetes' OpenAPI dialect. */
function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (typeof node !== 'object' || node === null) return node;
  const n = { ...(node as Schema) };
  if (typeof n.$ref === 'string') n.$ref = n.$ref.replace(/^#\/definitions\//, REF_PREFIX);
  if (n.additionalProperties === false) delete n.additionalProperties;
  if (n.type === 'integer') {
    n.format = n.maximum === INT32_MAX ? 'int32' : 'int64';
    delete n.minimum;
    delete n.maximum;
  }
  if (n.nullable === true) delete n.nullable;
  if (Array.isArray(n.anyOf) && n.anyOf.length === 2 && n.anyOf.some((s: Schema) => s.type === 'null')) {
    const other = n.anyOf.find((s: Schema) => s.type !== 'null');
    delete n.anyOf;
    Object.assign(n, other);
  }
  for (const [k, v] of Object.entries(n)) if (typeof v === 'object' && v !== null) n[k] = normalize(v);
  // A $ref with siblings (a description) is wrapped in allOf, as Kubernetes does.
  if (n.$ref && Object.keys(n).length > 1) {
    const ref = n.$ref;
    delete n.$ref;
    n.allOf = [{ $ref: ref }];
  }
  return n;
}

/** Replaces the generated form of well-known scalar wrappers with Kubernetes' form. */
function wellKnown(id: string, s: Schema): Schema {
  switch (id) {
    case 'io.k8s.apimachinery.pkg.util.intstr.IntOrString':
      return { type: 'string', format: 'int-or-string', description: s.description };
    case 'io.k8s.apimachinery.pkg.api.resource.Quantity':
      return { type: 'string', description: s.description };
    default:
      return s;
  }
}

const listMetaRef = { $ref: `${REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta` };

/** Every component schema needed by the given kinds, keyed by Kubernetes' names. */
export function componentsFor(kinds: readonly KindSchema[]): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const k of kinds) {
    const defs: Record<string, Schema> = openapiSchemaOf(k).definitions;
    for (const [id, s] of Object.entries(defs)) out[id] = wellKnown(id, normalize(s) as Schema);
    const gvk = [{ group: k.gvk.group, version: k.gvk.version, kind: k.gvk.kind }];
    out[k.id] = { ...out[k.id], 'x-kubernetes-group-version-kind': gvk };
    const listId = `${k.id}List`;
    out[listId] = {
      description: `A list of ${k.gvk.kind} objects.`,
      type: 'object',
      required: ['items'],
      properties: {
        apiVersion: { type: 'string', description: 'Versioned schema of this representation of the object.' },
        items: { type: 'array', description: `The ${k.gvk.kind} objects.`, items: { $ref: `${REF_PREFIX}${k.id}` } },
        kind: { type: 'string', description: 'The REST resource this object represents, in CamelCase.' },
        metadata: { description: 'Standard list metadata.', allOf: [listMetaRef] },
      },
      'x-kubernetes-group-version-kind': [{ ...gvk[0], kind: `${k.gvk.kind}List` }],
    };
  }
  out['io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta'] ??= {
    description: 'Metadata of a list response.',
    type: 'object',
    properties: {
      continue: { type: 'string', description: 'Token for fetching the next page when the list was limited.' },
      remainingItemCount: { type: 'integer', format: 'int64', description: 'Approximate number of items after this page.' },
      resourceVersion: { type: 'string', description: 'Version of the list, for a following watch.' },
    },
  };
  out['io.k8s.apimachinery.pkg.apis.meta.v1.Patch'] = {
    description: 'The body of a PATCH request: a JSON patch, a merge patch, or an apply configuration.',
    type: 'object',
  };
  out['io.k8s.apimachinery.pkg.apis.meta.v1.Status'] = {
    description: 'The result of an operation that returns no object, and of every failure.',
    type: 'object',
    properties: {
      apiVersion: { type: 'string', description: 'Versioned schema of this representation of the object.' },
      code: { type: 'integer', format: 'int32', description: 'HTTP status code.' },
      details: { type: 'object', description: 'Extended data about the reason.' },
      kind: { type: 'string', description: 'Status.' },
      message: { type: 'string', description: 'Human-readable description.' },
      reason: { type: 'string', description: 'Machine-readable reason, such as NotFound.' },
      status: { type: 'string', description: 'Success or Failure.' },
    },
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Status' }],
  };
  return out;
}
