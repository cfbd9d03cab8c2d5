/**
 * RFC 6902 JSON patch (add, remove, replace, move, copy, test) over RFC 6901 pointers.
 * Malformed documents are a PatchFormatError (400); operations that do not apply are a
 * PatchApplyError (422), as the Kubernetes apiserver answers.
 */
import { setField } from '@kemu/api';
import { deepClone, isObject, jsonEqual, type Json } from './json-value.js';

export class PatchFormatError extends Error {}
export class PatchApplyError extends Error {}

interface Operation { op: string; path: string; from?: string; value?: Json }

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchApplyError(`invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function decodeOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw new PatchFormatError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return patch.map((op, i) => {
    if (!isObject(op)) throw new PatchFormatError(`json patch operation ${i} is not an object`);
    if (typeof op.op !== 'string') throw new PatchFormatError(`json patch operation ${i} has no "op"`);
    if (typeof op.path !== 'string') throw new PatchFormatError(`json patch operation ${i} (${op.op}) has no "path"`);
    return op as unknown as Operation;
  });
}

function arrayIndex(token: string, length: number, allowEnd: boolean, op: string, path: string): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "${path}": invalid index`);
  const i = Number(token);
  if (i > length || (!allowEnd && i === length)) throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "${path}": index out of range`);
  return i;
}

/** The container of the value the pointer names, and the last token. */
function locate(doc: Json, tokens: string[], op: string, path: string): { parent: Json; key: string } {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(t, cur.length, false, op, path)];
    else if (isObject(cur) && Object.prototype.hasOwnProperty.call(cur, t)) cur = cur[t];
    else throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, key: tokens[tokens.length - 1] };
}

function get(doc: Json, path: string, op: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const { parent, key } = locate(doc, tokens, op, path);
  if (Array.isArray(parent)) return parent[arrayIndex(key, parent.length, false, op, path)];
  if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, key)) return parent[key];
  throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
}

function add(doc: Json, path: string, value: Json, op = 'add'): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true, op, path), 0, value);
  else if (isObject(parent)) setField(parent, key, value);
  else throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

function remove(doc: Json, path: string, op = 'remove'): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw new PatchApplyError(`${op} operation does not apply: cannot remove the whole document`);
  const { parent, key } = locate(doc, tokens, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, false, op, path), 1);
  else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, key)) delete parent[key];
  else throw new PatchApplyError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
  return doc;
}

function replace(doc: Json, path: string, value: Json): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, 'replace', path);
  if (Array.isArray(parent)) parent[arrayIndex(key, parent.length, false, 'replace', path)] = value;
  else if (isObject(parent) && Object.prototype.hasOwnProperty.call(parent, key)) setField(parent, key, value);
  else throw new PatchApplyError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
  return doc;
}

export function jsonPatch(target: unknown, patch: unknown): Json {
  const ops = decodeOperations(patch);
  let doc = deepClone(target as Json);
  for (const o of ops) {
    const needsValue = o.op === 'add' || o.op === 'replace' || o.op === 'test';
    if (needsValue && !Object.prototype.hasOwnProperty.call(o, 'value')) throw new PatchFormatError(`${o.op} operation has no "value"`);
    switch (o.op) {
      case 'add': doc = add(doc, o.path, deepClone(o.value!)); break;
      case 'remove': doc = remove(doc, o.path); break;
      case 'replace': doc = replace(doc, o.path, deepClone(o.value!)); break;
      case 'move': {
        if (typeof o.from !== 'string') throw new PatchFormatError('move operation has no "from"');
        if (o.path.startsWith(o.from + '/')) throw new PatchApplyError(`move operation does not apply: "from" ${o.from} is a prefix of "path" ${o.path}`);
        const v = get(doc, o.from, 'move');
        doc = remove(doc, o.from, 'move');
        doc = add(doc, o.path, v, 'move');
        break;
      }
      case 'copy': {
        if (typeof o.from !== 'string') throw new PatchFormatError('copy operation has no "from"');
        doc = add(doc, o.path, deepClone(get(doc, o.from, 'copy')), 'copy');
        break;
      }
      case 'test': {
        let actual: Json | undefined;
        try { actual = get(doc, o.path, 'test'); } catch { actual = undefined; }
        if (actual === undefined ? o.value !== null : !jsonEqual(actual, o.value)) {
          throw new PatchApplyError(`testing value ${o.path} failed: test failed`);
        }
        break;
      }
      default:
        throw new PatchFormatError(`Unexpected kind: ${o.op}`);
    }
  }
  return doc;
}
