/**
 * The `pattern` of a CRD's OpenAPI schema, compiled as kube-apiserver compiles it: Go's RE2
 * syntax (no backreferences, no lookaround), matched in time linear in the input (re2js, a port
 * of RE2/J), so a pattern like `^(a+)+$` cannot freeze the apiserver on a crafted value.
 * The match is a search, as JSON Schema's `pattern` is: anchors are the pattern's own.
 */
import { createRequire } from 'node:module';

type Re2Module = typeof import('re2js');
type Re2 = InstanceType<Re2Module['RE2JS']>;
let engine: Re2Module['RE2JS'] | undefined;

/** Loaded on first use: every component imports @kemu/api, only the apiserver validates CRDs. */
function re2(): Re2Module['RE2JS'] {
  if (!engine) engine = (createRequire(import.meta.url)('re2js') as Re2Module).RE2JS;
  return engine;
}

/** What ajv needs of a compiled pattern. */
export interface SchemaPattern {
  test(s: string): boolean;
}

/** Compiles a schema pattern; throws with Go's message ("error parsing regexp: …") when RE2 refuses it. */
export function compileSchemaPattern(pattern: string): SchemaPattern {
  const re: Re2 = re2().compile(pattern);
  return { test: (s) => re.test(s) };
}

/** Go's compile error for a pattern RE2 refuses ("error parsing regexp: …: `…`"), or undefined when it compiles. */
export function schemaPatternError(pattern: string): string | undefined {
  try {
    re2().compile(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
