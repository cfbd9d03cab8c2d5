/**
 * CustomResourceDefinitions and the resources they define: the CRD strategy (generation, the
 * cleanup finalizer, stored versions), the ResourceInfo of every served version of a CRD, and
 * the strategy of custom objects.
 */
import {
  type CustomResourceInfo,
  type KubeObject,
  type PrinterColumn,
  type ResourceInfo,
  type SubresourceInfo,
  type Verb,
  isObject,
} from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

type Obj = Record<string, any>;
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Removed by the apiserver once every object of the CRD is gone; only then is the CRD deleted. */
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

const ALL_VERBS: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The storage version of a CRD: the one version marked `storage: true`. */
export function storageVersionOf(crd: KubeObject): string | undefined {
  const versions = isObject(crd.spec) && Array.isArray(crd.spec.versions) ? (crd.spec.versions as Obj[]) : [];
  return versions.find((v) => isObject(v) && v.storage === true)?.name;
}

export function crdStrategy(r: ResourceInfo): Strategy {
  const base = baseStrategy(r);
  return {
    ...base,
    prepareForCreate(obj, ctx) {
      base.prepareForCreate.call(this, obj, ctx);
      const storage = storageVersionOf(obj);
      obj.status = { storedVersions: storage ? [storage] : [] };
      const finalizers = obj.metadata.finalizers ?? [];
      if (!finalizers.includes(CLEANUP_FINALIZER)) obj.metadata.finalizers = [...finalizers, CLEANUP_FINALIZER];
    },
    prepareForUpdate(obj, old, ctx) {
      base.prepareForUpdate.call(this, obj, old, ctx);
      const storage = storageVersionOf(obj);
      const status = (isObject(obj.status) ? obj.status : (obj.status = {})) as Obj;
      const stored = strings(status.storedVersions);
      if (storage && !stored.includes(storage)) status.storedVersions = [...stored, storage];
    },
  };
}

/** Custom objects track generation like built-in workloads; status rules follow their subresources. */
export function customResourceStrategy(r: ResourceInfo): Strategy {
  return { ...baseStrategy(r), tracksGeneration: true };
}

const VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Kubernetes' version priority: GA before beta before alpha, higher numbers first, then others by name. */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION.exec(a);
  const pb = VERSION.exec(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  const rank = (m: RegExpExecArray) => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  if (rank(pa) !== rank(pb)) return rank(pb) - rank(pa);
  if (Number(pa[1]) !== Number(pb[1])) return Number(pb[1]) - Number(pa[1]);
  return Number(pb[3] ?? 0) - Number(pa[3] ?? 0);
}

function printerColumns(v: Obj): PrinterColumn[] {
  return (Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns : []).filter(isObject).map((c: Obj) => ({
    name: String(c.name ?? ''),
    type: String(c.type ?? 'string'),
    jsonPath: String(c.jsonPath ?? ''),
    ...(c.format !== undefined ? { format: String(c.format) } : {}),
    ...(c.description !== undefined ? { description: String(c.description) } : {}),
    ...(typeof c.priority === 'number' ? { priority: c.priority } : {}),
  }));
}

/** The served versions of a CRD as ResourceInfos, preferred version first. */
export function servedResourcesOf(crd: KubeObject): ResourceInfo[] {
  const spec: Obj = isObject(crd.spec) ? crd.spec : {};
  const names: Obj = isObject(spec.names) ? spec.names : {};
  const group = String(spec.group ?? '');
  const plural = String(names.plural ?? '');
  const kind = String(names.kind ?? '');
  const storageVersion = storageVersionOf(crd) ?? '';
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(
    (v: unknown): v is Obj => isObject(v) && v.served === true && typeof v.name === 'string',
  );
  versions.sort((a: Obj, b: Obj) => compareVersions(a.name, b.name));
  return versions.map((v: Obj) => {
    const sub: Obj = isObject(v.subresources) ? v.subresources : {};
    const subresources: SubresourceInfo[] = [];
    if (isObject(sub.status)) subresources.push({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });
    const scale = isObject(sub.scale) ? sub.scale : undefined;
    if (scale) subresources.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
    const custom: CustomResourceInfo = {
      schema: isObject(v.schema) && isObject(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined,
      printerColumns: printerColumns(v),
      storageVersion,
      ...(scale
        ? {
            scale: {
              specReplicasPath: String(scale.specReplicasPath ?? ''),
              statusReplicasPath: String(scale.statusReplicasPath ?? ''),
              ...(scale.labelSelectorPath !== undefined ? { labelSelectorPath: String(scale.labelSelectorPath) } : {}),
            },
          }
        : {}),
    };
    return {
      group,
      version: v.name,
      resource: plural,
      kind,
      singular: String(names.singular || kind.toLowerCase()),
      listKind: String(names.listKind || `${kind}List`),
      namespaced: spec.scope !== 'Cluster',
      shortNames: strings(names.shortNames),
      categories: strings(names.categories),
      verbs: ALL_VERBS,
      subresources,
      custom,
    };
  });
}
