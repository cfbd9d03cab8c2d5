/**
 * OpenAPI components of custom resources: each served version's openAPIV3Schema as the kind's
 * schema (named like Kubernetes names them: the group reversed, `com.example.stable.v1.CronTab`),
 * with apiVersion, kind and metadata added, `x-kubernetes-group-version-kind`, and a list kind.
 */
import { KIND_SCHEMAS, type ResourceInfo } from '@kemu/api';
import { componentsFor } from './components.js';

type Schema = Record<string, any>;
const REF_PREFIX = '#/components/schemas/';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** `stable.example.com`, v1, CronTab → `com.example.stable.v1.CronTab`. */
export function customSchemaId(r: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): string {
  return `${r.group.split('.').reverse().join('.')}.${r.version}.${r.kind}`;
}

let metaComponents: Record<string, Schema> | undefined;

/** ObjectMeta, ListMeta, Status and what they reference, shared by every custom document. */
function sharedComponents(): Record<string, Schema> {
  if (!metaComponents) {
    const namespace = KIND_SCHEMAS.find((k) => k.gvk.group === '' && k.gvk.kind === 'Namespace')!;
    const all = componentsFor([namespace]);
    metaComponents = Object.fromEntries(Object.entries(all).filter(([id]) => id.startsWith('io.k8s.apimachinery.')));
  }
  return metaComponents;
}

function withEnvelope(schema: Schema | undefined, r: ResourceInfo): Schema {
  const s: Schema = structuredClone(schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  s.type ??= 'object';
  s.description ??= `${r.kind} is a custom resource of ${r.group}.`;
  s.properties = {
    apiVersion: {
      type: 'string',
      description:
        'The versioned schema of this representation of the object; servers convert recognized schemas to the latest internal value.',
    },
    kind: {
      type: 'string',
      description: 'The REST resource this object represents, in CamelCase; inferred from the endpoint the client submits to.',
    },
    metadata: {
      description: 'Standard object metadata: name, namespace, labels, annotations, owners and versioning.',
      allOf: [{ $ref: `${REF_PREFIX}${OBJECT_META}` }],
    },
    ...(s.properties ?? {}),
  };
  s['x-kubernetes-group-version-kind'] = [{ group: r.group, version: r.version, kind: r.kind }];
  return s;
}

/** The component schemas of the custom resources of one group version. */
export function customComponents(resources: readonly ResourceInfo[]): Record<string, Schema> {
  const out: Record<string, Schema> = { ...sharedComponents() };
  for (const r of resources) {
    const id = customSchemaId(r);
    out[id] = withEnvelope(r.custom?.schema, r);
    out[`${id}List`] = {
      description: `${r.listKind} is a list of ${r.kind}.`,
      type: 'object',
      required: ['items'],
      properties: {
        apiVersion: { type: 'string', description: 'The versioned schema of this representation of the object.' },
        items: { type: 'array', description: `List of ${r.resource}.`, items: { $ref: `${REF_PREFIX}${id}` } },
        kind: { type: 'string', description: 'The REST resource this object represents, in CamelCase.' },
        metadata: {
          description: 'Standard list metadata.',
          allOf: [{ $ref: `${REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta` }],
        },
      },
      'x-kubernetes-group-version-kind': [{ group: r.group, version: r.version, kind: r.listKind }],
    };
  }
  return out;
}
