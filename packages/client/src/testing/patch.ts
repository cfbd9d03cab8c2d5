/**
 * Patch application for the fake client: JSON merge patch (RFC 7386), a simplified strategic
 * merge patch (merge patch plus merging of the well-known keyed lists and `$patch: delete`),
 * and JSON patch (RFC 6902). Inputs are never mutated.
 */
import { badRequest, deepEqual } from '@kemu/api';

type Json = unknown;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** List fields merged by a key in strategic merge patch (the common ones of core/apps v1). */
const MERGE_KEYS: Record<string, string> = {
  conditions: 'type', containers: 'name', initContainers: 'name', ephemeralContainers: 'name', env: 'name',
  volumes: 'name', volumeMounts: 'mountPath', ownerReferences: 'uid', imagePullSecrets: 'name',
  addresses: 'type', containerStatuses: '', hostAliases: 'ip', taints: '', tolerations: '',
};
/** Primitive lists merged (union) rather than replaced. */
const MERGE_PRIMITIVES = new Set(['finalizers']);

export function strategicMergePatch(target: Json, patch: Json, field = ''): Json {
  if (!isObj(patch)) {
    if (Array.isArray(patch)) return mergeList(target, patch, field);
    return structuredClone(patch);
  }
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return stripDirectives(rest);
  }
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v, k);
  }
  return out;
}

function mergeList(target: Json, patch: unknown[], field: string): Json {
  const cur = Array.isArray(target) ? target : [];
  if (MERGE_PRIMITIVES.has(field)) {
    const out = [...cur];
    for (const v of patch) if (!out.some((x) => deepEqual(x, v))) out.push(v);
    return out;
  }
  let key = MERGE_KEYS[field];
  if (field === 'ports') key = patch.some((p) => isObj(p) && 'containerPort' in p) ? 'containerPort' : 'port';
  if (!key) return stripDirectives(patch);
  const out = cur.map((x) => x);
  for (const item of patch) {
    if (!isObj(item)) continue;
    const idx = out.findIndex((x) => isObj(x) && x[key] === item[key]);
    if (item.$patch === 'delete') { if (idx >= 0) out.splice(idx, 1); continue; }
    if (idx >= 0) out[idx] = strategicMergePatch(out[idx], item);
    else out.push(stripDirectives(item));
  }
  return out;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

export interface JsonPatchOp { op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test'; path: string; from?: string; value?: unknown }

/** RFC 6902. Throws a 422-style BadRequest ApiError on a failed op. */
export function jsonPatch(target: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const raw of ops as JsonPatchOp[]) {
    const path = parsePointer(raw.path);
    switch (raw.op) {
      case 'add': doc = setAt(doc, path, structuredClone(raw.value), 'add'); break;
      case 'replace': getAt(doc, path); doc = setAt(doc, path, structuredClone(raw.value), 'replace'); break;
      case 'remove': doc = removeAt(doc, path); break;
      case 'move': { const from = parsePointer(raw.from ?? ''); const v = getAt(doc, from); doc = removeAt(doc, from); doc = setAt(doc, path, v, 'add'); break; }
      case 'copy': { const v = structuredClone(getAt(doc, parsePointer(raw.from ?? ''))); doc = setAt(doc, path, v, 'add'); break; }
      case 'test': if (!deepEqual(getAt(doc, path), raw.value)) throw badRequest(`json patch test operation failed at ${raw.path}`); break;
      default: throw badRequest(`unknown json patch operation "${(raw as { op?: string }).op}"`);
    }
  }
  return doc;
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw badRequest(`invalid json pointer "${p}"`);
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, path: string[]): Json {
  let cur: Json = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObj(cur) && seg in cur) cur = cur[seg];
    else throw badRequest(`json patch: path /${path.join('/')} does not exist`);
    if (cur === undefined) throw badRequest(`json patch: path /${path.join('/')} does not exist`);
  }
  return cur;
}

function setAt(doc: Json, path: string[], value: Json, mode: 'add' | 'replace'): Json {
  if (path.length === 0) return value;
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw badRequest(`json patch: index ${last} out of range`);
    if (mode === 'add') parent.splice(i, 0, value); else parent[i] = value;
  } else if (isObj(parent)) {
    parent[last] = value;
  } else {
    throw badRequest(`json patch: cannot set a field of a non-object at /${path.join('/')}`);
  }
  return doc;
}

function removeAt(doc: Json, path: string[]): Json {
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!(i >= 0 && i < parent.length)) throw badRequest(`json patch: index ${last} out of range`);
    parent.splice(i, 1);
  } else if (isObj(parent) && last in parent) {
    delete parent[last];
  } else {
    throw badRequest(`json patch: path /${path.join('/')} does not exist`);
  }
  return doc;
}
