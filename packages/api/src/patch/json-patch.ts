/**
 * RFC 6902 JSON patch (add, remove, replace, move, copy, test), applied by fast-json-patch.
 * Malformed documents are a PatchFormatError (400); operations that do not apply are a
 * PatchApplyError (422) with the message of evanphx/json-patch, as the Kubernetes apiserver
 * answers.
 *
 * The library is wrapped for what it does differently from Kubernetes:
 * - Keys are own fields only. The library reads `obj[key]` and assigns `obj[key] = value`: on a
 *   plain object "__proto__" would read Object.prototype and set the object's prototype, and
 *   "constructor" would read an inherited function. Its own guard (banPrototypeModifications)
 *   refuses such paths outright, although "__proto__" is a valid ConfigMap key. So the document
 *   is copied into null-prototype objects, where every key is an ordinary field, patched with the
 *   guard off, and copied back into plain objects with setField.
 * - Errors: operations are checked for form before the library sees them (its validator has other
 *   rules and messages), and its error names are mapped to Kubernetes' messages.
 * - `test` compares with jsonEqual: the library's comparison calls `b.hasOwnProperty`, which a
 *   null-prototype object lacks; and a test for `null` at a missing path succeeds, as in Go.
 * - `move` and `copy` are a remove and an add, as RFC 6902 defines them: the library's own
 *   move and copy make their inner calls with the guard back on.
 */
import { createRequire } from 'node:module';
import type { Operation as LibraryOperation } from 'fast-json-patch';
import { setField } from '../meta.js';
import { isObject, jsonEqual, type Json } from './json-value.js';

type Library = typeof import('fast-json-patch');
let library: Library | undefined;
/** fast-json-patch, loaded on first use (every component imports @kemu/api; few patch). */
const jsonpatch = (): Library => (library ??= createRequire(import.meta.url)('fast-json-patch') as Library);

export class PatchFormatError extends Error {}
export class PatchApplyError extends Error {}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchApplyError(`invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The i-th operation, checked for form as Kubernetes decodes it (400 when malformed). */
function decodeOperation(op: unknown, i: number): Operation {
  if (!isObject(op)) throw new PatchFormatError(`json patch operation ${i} is not an object`);
  if (typeof op.op !== 'string') throw new PatchFormatError(`json patch operation ${i} has no "op"`);
  if (typeof op.path !== 'string') throw new PatchFormatError(`json patch operation ${i} (${op.op}) has no "path"`);
  if (!OPS.has(op.op)) throw new PatchFormatError(`Unexpected kind: ${op.op}`);
  const needsValue = op.op === 'add' || op.op === 'replace' || op.op === 'test';
  if (needsValue && !Object.prototype.hasOwnProperty.call(op, 'value')) throw new PatchFormatError(`${op.op} operation has no "value"`);
  if ((op.op === 'move' || op.op === 'copy') && typeof op.from !== 'string') throw new PatchFormatError(`${op.op} operation has no "from"`);
  parsePointer(op.path);
  if (typeof op.from === 'string') parsePointer(op.from);
  return op as unknown as Operation;
}

/** A copy whose objects have no prototype, so that every key is an own, ordinary field. */
function bare(v: Json): Json {
  if (Array.isArray(v)) return v.map(bare);
  if (!isObject(v)) return v;
  const out = Object.create(null) as Record<string, Json>;
  for (const k of Object.keys(v)) out[k] = bare(v[k]);
  return out;
}

/** The plain-object copy of a bare value. */
function plain(v: Json): Json {
  if (Array.isArray(v)) return v.map(plain);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(v)) setField(out, k, plain(v[k]));
  return out;
}

/** The value a pointer names, or undefined. (getValueByPointer would keep the "__proto__" guard on.) */
function valueAt(doc: Json, path: string): Json | undefined {
  const get = { op: '_get', path, value: undefined as Json | undefined };
  try {
    jsonpatch().applyOperation(doc, get as unknown as LibraryOperation, false, true, false);
    return get.value;
  } catch {
    return undefined; // a missing parent
  }
}

function apply(doc: Json, op: LibraryOperation, o: Operation, i: number): Json {
  try {
    return jsonpatch().applyOperation(doc, op, true, true, false, i).newDocument;
  } catch (err) {
    throw applyError(err, o);
  }
}

/** Kubernetes' message for a library error (a JsonPatchError carries its code in `name`). */
function applyError(err: unknown, o: Operation): PatchApplyError {
  const code = err instanceof jsonpatch().JsonPatchError ? err.name : '';
  const missing = (path: string, why: string) =>
    new PatchApplyError(`${o.op} operation does not apply: doc is missing path: "${path}": ${why}`);
  switch (code) {
    case 'OPERATION_PATH_UNRESOLVABLE':
    case 'OPERATION_PATH_CANNOT_ADD':
      if (o.op === 'replace') return new PatchApplyError(`replace operation does not apply: doc is missing key: ${o.path}: missing value`);
      return missing(o.path, 'missing value');
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      return missing(o.path, 'invalid index');
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
      return missing(o.path, 'index out of range');
    default:
      return new PatchApplyError(`${o.op} operation does not apply: ${(err as Error).message}`);
  }
}

export function jsonPatch(target: unknown, patch: unknown): Json {
  if (!Array.isArray(patch)) throw new PatchFormatError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = bare(target as Json);
  patch.forEach((raw, i) => {
    const o = decodeOperation(raw, i);
    if (o.op === 'test') {
      const actual = valueAt(doc, o.path);
      const equal = actual === undefined ? o.value === null : jsonEqual(actual, o.value);
      if (!equal) throw new PatchApplyError(`testing value ${o.path} failed: test failed`);
      return;
    }
    if (o.op === 'remove' && o.path === '') throw new PatchApplyError('remove operation does not apply: cannot remove the whole document');
    if (o.op === 'move' && o.path.startsWith(o.from + '/')) {
      throw new PatchApplyError(`move operation does not apply: "from" ${o.from} is a prefix of "path" ${o.path}`);
    }
    if (o.op === 'move' || o.op === 'copy') {
      // As RFC 6902 defines them: the library's own move and copy would write with the guard on.
      const value = valueAt(doc, o.from!);
      if (value === undefined) {
        throw new PatchApplyError(`${o.op} operation does not apply: doc is missing from path: "${o.from}": missing value`);
      }
      if (o.op === 'move') doc = apply(doc, { op: 'remove', path: o.from! }, o, i);
      doc = apply(doc, { op: 'add', path: o.path, value: o.op === 'copy' ? bare(value) : value }, o, i);
      return;
    }
    doc = apply(doc, { op: o.op, path: o.path, value: bare(o.value!) } as LibraryOperation, o, i);
  });
  return plain(doc);
}
