/**
 * A KindDescriptor is everything kemu knows about one served kind in one version, in the spirit of
 * kube-apiserver's `pkg/registry/<group>/<kind>/strategy.go` plus its discovery record: identity
 * and discovery facts, the schema, defaulting, validation, the create/update rules of its
 * registry strategy, field selectors, the protobuf message and the `kubectl get` columns.
 * Behaviour that needs the server (allocation, grace periods, TTLs) stays in the apiserver.
 */
import type { z } from 'zod';
import type { SubresourceInfo, Verb } from '../resources.js';
import type { ErrorList } from '../schema/field-errors.js';
import type { NameRule } from '../schema/meta-validation.js';
import type { Printer } from '../printers/printer.js';
import type { ObjectMeta } from '../types.js';

type Obj = Record<string, any>;

/** The create/update rules of a kind's registry strategy that need nothing but the object. */
export interface KindStrategy<T = Obj> {
  /** metadata.generation is 1 on create and +1 on every spec change or deletion. */
  tracksGeneration: boolean;
  /** Keep a client-provided status on create (nodes register with status). */
  keepStatusOnCreate: boolean;
  /** PUT of a missing object creates it. */
  allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion is accepted. */
  allowUnconditionalUpdate: boolean;
  /** DELETE answers with the object rather than a Status. */
  returnDeletedObject: boolean;
  /** Server-owned fields on create, after a status subresource's status was reset. Mutates obj. */
  prepareForCreate?(obj: T): void;
  /** What a main-resource update may not change, after status was carried over. Mutates obj. */
  prepareForUpdate?(obj: T, old: T): void;
  /** Defaulting beyond the schema, on every write. Mutates obj. */
  canonicalize?(obj: T): void;
}

export interface KindDescriptor<T = Obj> {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The plural, lower-case resource name of URLs (`pods`). */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: Verb[];
  subresources: SubresourceInfo[];
  /** The structural schema of the top-level object; absent for discovery-only records (metrics). */
  schema?: z.ZodType;
  /** The OpenAPI component name of the schema (`io.k8s.api.core.v1.Pod`), from the schema's meta id. */
  openapiId?: string;
  /** The protobuf message of the kind without the `k8s.io.` prefix (`api.core.v1.Pod`). */
  protobuf?: string;
  /** The rule metadata.name must follow. */
  nameRule: NameRule;
  /** Fills in the defaults of the kind. Mutates obj (a copy with nulls dropped). */
  default?(obj: T): void;
  /**
   * Semantic rules beyond the schema, on create (old undefined) and update. They run after the
   * structural check, also when it failed, so they must tolerate any JSON shape.
   */
  validate?(obj: T, old: T | undefined, errs: ErrorList): void;
  /** Field selector getters beyond metadata.name and metadata.namespace (kube's GetAttrs). */
  fields: Record<string, (obj: T) => string>;
  strategy: KindStrategy<T>;
  /** The columns of `kubectl get` (the server-side printer); NAME and AGE when absent. */
  printer?: Printer;
}

/** What a kind file states; everything else has the usual default. */
export type KindSpec<T = Obj> = Pick<KindDescriptor<T>, 'group' | 'version' | 'kind' | 'resource' | 'namespaced'> &
  Partial<Omit<KindDescriptor<T>, 'group' | 'version' | 'kind' | 'resource' | 'namespaced' | 'strategy' | 'openapiId'>> & {
    strategy?: Partial<KindStrategy<T>>;
  };

const ALL_VERBS: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The status subresource; its response kind is the kind's own. */
export const statusSubresource: SubresourceInfo = { name: 'status', kind: '', verbs: ['get', 'patch', 'update'] };
/** The scale subresource, answered with autoscaling/v1 Scale. */
export const scaleSubresource: SubresourceInfo = {
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: ['get', 'patch', 'update'],
};

function schemaId(schema: z.ZodType | undefined): string | undefined {
  const id = (schema?.meta() as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** The type of a stored object of a kind with schema S (untyped for discovery-only records). */
export type ObjectOf<S> = S extends z.ZodType<infer O extends { metadata?: unknown }> ? StoredObject<O> : Obj;

/**
 * A descriptor with the defaults filled in: singular = lower-case kind, all verbs, no extras. Its
 * hooks (defaulting, validation, field getters, strategy) are typed on the schema's object type.
 */
export function defineKind<S extends z.ZodType | undefined = undefined>(
  spec: KindSpec<ObjectOf<S>> & { schema?: S },
): KindDescriptor<ObjectOf<S>> {
  return {
    ...spec,
    singular: spec.singular ?? spec.kind.toLowerCase(),
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    verbs: spec.verbs ?? ALL_VERBS,
    subresources: (spec.subresources ?? []).map((s) => (s.kind ? s : { ...s, kind: spec.kind })),
    openapiId: schemaId(spec.schema),
    nameRule: spec.nameRule ?? 'subdomain',
    fields: spec.fields ?? {},
    strategy: {
      tracksGeneration: false,
      keepStatusOnCreate: false,
      allowCreateOnUpdate: false,
      allowUnconditionalUpdate: true,
      returnDeletedObject: false,
      ...spec.strategy,
    },
  };
}

/**
 * The TypeScript type of a stored top-level object of schema output T: metadata always present,
 * and the fields R required (those its defaulting always creates, such as a Pod's spec).
 */
export type StoredObject<T extends { metadata?: unknown }, R extends keyof T = never> = Omit<T, 'metadata' | R> & {
  metadata: ObjectMeta;
} & { [K in R]-?: NonNullable<T[K]> };

/** A field of an object type, without its `undefined`. */
export type FieldOf<T, K extends keyof T> = NonNullable<T[K]>;
