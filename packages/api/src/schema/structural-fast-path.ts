/**
 * A fast, conservative pre-check for checkStructure: the zod schema compiled once into plain
 * predicates over JSON data. `true` means zod's parse would succeed (no type errors, no unknown
 * fields), so the zod parse — which also builds an output copy — can be skipped; `false` means
 * "not sure": zod runs and reports. Schema parts the compiler does not model (string checks,
 * transforms, pipes…) are decided by zod itself on that value, so `true` never lies.
 */
import type { z } from 'zod';
import { isObject } from '../meta.js';

type Check = (v: unknown) => boolean;
type Def = Record<string, any> & { type: string };

const compiled = new WeakMap<object, Check>();

/** Whether zod would accept v against schema with no issues (false = ask zod). */
export function surelyValid(schema: z.ZodType, v: unknown): boolean {
  return compile(schema)(v);
}

function zodCheck(schema: z.ZodType): Check {
  return (v) => schema.safeParse(v).success;
}

function compile(schema: z.ZodType): Check {
  const hit = compiled.get(schema);
  if (hit) return hit;
  // Recursive schemas: a forwarding stub is in place while the body compiles.
  let real: Check | undefined;
  compiled.set(schema, (v) => real!(v));
  real = build(schema);
  compiled.set(schema, real);
  return real;
}

function build(schema: z.ZodType): Check {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const checks = def.checks as unknown[] | undefined;
  if (checks && checks.length) return zodCheck(schema);
  switch (def.type) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'unknown':
    case 'any':
      return () => true;
    case 'optional': {
      const inner = compile(def.innerType);
      return (v) => v === undefined || inner(v);
    }
    case 'lazy': {
      let inner: Check | undefined;
      return (v) => (inner ??= compile(def.getter()))(v);
    }
    case 'array': {
      const el = compile(def.element);
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!el(v[i])) return false;
        return true;
      };
    }
    case 'record': {
      const keyDef = (def.keyType as { _zod: { def: Def } })._zod.def;
      if (keyDef.type !== 'string' || (keyDef.checks && keyDef.checks.length)) return zodCheck(schema);
      const val = compile(def.valueType);
      return (v) => {
        if (!isObject(v)) return false;
        for (const k in v) if (!val(v[k])) return false;
        return true;
      };
    }
    case 'union': {
      const options = (def.options as z.ZodType[]).map(compile);
      return (v) => {
        for (const o of options) if (o(v)) return true;
        return false;
      };
    }
    case 'object': {
      const catchall = def.catchall as { _zod: { def: Def } } | undefined;
      const strict = catchall?._zod.def.type === 'never';
      if (catchall && !strict) return zodCheck(schema);
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = new Map<string, { check: Check; optional: boolean }>();
      const known = Object.keys(shape);
      for (const k of known) {
        const s = shape[k];
        const optional = (s as unknown as { _zod: { def: Def } })._zod.def.type === 'optional';
        // Compiled on first use: shapes refer to each other deeply.
        let c: Check | undefined;
        fields.set(k, { check: (v) => (c ??= compile(s))(v), optional });
      }
      return (v) => {
        if (!isObject(v)) return false;
        for (const k of known) {
          const f = fields.get(k)!;
          const x = v[k];
          if (x === undefined) {
            if (!f.optional) return false;
            continue;
          }
          if (!f.check(x)) return false;
        }
        if (strict) for (const k in v) if (!fields.has(k)) return false;
        return true;
      };
    }
    default:
      return zodCheck(schema);
  }
}
