/**
 * Converts a decoded protobuf message into the JSON object the same Go value marshals to:
 * well-known wrapper messages become their JSON forms, zero values of omitempty fields are
 * dropped (gogo-protobuf encodes them), pointer fields keep their zero values.
 */
import { badRequest, formatDuration } from '@kemu/api';
import type protobuf from 'protobufjs';
import { MAX_JSON_DEPTH, jsonDeeperThan } from '../http/nesting.js';
import { FIELD_FLAGS } from './messages.js';
import { shortName } from './registry.js';

type Obj = Record<string, unknown>;

const META = 'apimachinery.pkg.apis.meta.v1.';

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'toNumber' in v) return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatTime(seconds: number, nanos: number, micro: boolean): string {
  const d = new Date(seconds * 1000);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  return micro ? `${base}.${pad(Math.floor(nanos / 1000), 6)}Z` : `${base}Z`;
}

/** Special JSON forms; undefined = the zero value, which Go omits. */
function wellKnown(name: string, msg: Obj): { value: unknown } | undefined {
  switch (name) {
    case `${META}Time`:
    case `${META}MicroTime`: {
      const seconds = toNumber(msg.seconds ?? 0);
      const nanos = toNumber(msg.nanos ?? 0);
      if (seconds === 0 && nanos === 0) return { value: undefined };
      return { value: formatTime(seconds, nanos, name.endsWith('MicroTime')) };
    }
    case 'apimachinery.pkg.util.intstr.IntOrString':
      return { value: toNumber(msg.type ?? 0) === 1 ? String(msg.strVal ?? '') : toNumber(msg.intVal ?? 0) };
    case 'apimachinery.pkg.api.resource.Quantity':
      return { value: String(msg.string ?? '0') };
    case `${META}Duration`:
      return { value: formatDuration(toNumber(msg.duration ?? 0) / 1e6) };
    case 'apimachinery.pkg.runtime.RawExtension':
    case `${META}FieldsV1`: {
      const raw = (msg.raw ?? msg.Raw) as Uint8Array | undefined;
      if (!raw || raw.length === 0) return { value: undefined };
      const text = Buffer.from(raw).toString('utf8');
      if (jsonDeeperThan(text)) throw badRequest(`error decoding json: exceeded max depth of ${MAX_JSON_DEPTH}`);
      try {
        return { value: JSON.parse(text) };
      } catch (err) {
        throw badRequest(`error decoding json: ${(err as Error).message}`);
      }
    }
    default:
      return undefined;
  }
}

function isZero(v: unknown): boolean {
  if (v === '' || v === false || v === 0) return true;
  if (v && typeof v === 'object' && 'toNumber' in v) return toNumber(v) === 0;
  return false;
}

function scalar(v: unknown, type: string): unknown {
  if (type === 'bytes') return Buffer.from(v as Uint8Array).toString('base64');
  if (type === 'int64' || type === 'uint64' || type === 'sint64' || type === 'fixed64' || type === 'sfixed64') return toNumber(v);
  return v;
}

function convertValue(v: unknown, field: protobuf.Field): unknown {
  if (field.resolvedType && 'fields' in field.resolvedType) return convertMessage(v as Obj, field.resolvedType as protobuf.Type);
  return scalar(v, field.type);
}

export function convertMessage(msg: Obj, type: protobuf.Type): unknown {
  const name = shortName(type);
  const special = wellKnown(name, msg);
  if (special) return special.value;
  const flags = FIELD_FLAGS[name] ?? {};
  const out: Obj = {};
  for (const field of type.fieldsArray) {
    if (!Object.prototype.hasOwnProperty.call(msg, field.name)) continue;
    const v = msg[field.name];
    const flag = flags[field.name] ?? '';
    const jsonName = flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : field.name;
    if (field.map) {
      const entries = Object.entries(v as Obj);
      if (entries.length === 0) continue;
      out[jsonName] = Object.fromEntries(entries.map(([k, x]) => [k, convertValue(x, field)]));
    } else if (field.repeated) {
      const list = v as unknown[];
      if (list.length === 0) continue;
      out[jsonName] = list.map((x) => convertValue(x, field));
    } else if (field.resolvedType && 'fields' in field.resolvedType) {
      const converted = convertValue(v, field);
      // An embedded Go struct (`json:",inline"`): its fields belong to this object.
      if (flag === 'i' && converted && typeof converted === 'object') Object.assign(out, converted);
      else if (converted !== undefined) out[jsonName] = converted;
    } else {
      const keepZero = flag.startsWith('p') || flag.startsWith('k') || flag.includes('k');
      if (isZero(v) && !keepZero) continue;
      out[jsonName] = scalar(v, field.type);
    }
  }
  return out;
}
