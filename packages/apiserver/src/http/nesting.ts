/**
 * Nesting-depth pre-scans of request bodies, run before any parser or recursive walk sees them, so a
 * hostile body is a 400 rather than a stack overflow. Each scan is linear in the text.
 *
 * Limits: JSON nests up to 1,000 levels. kube-apiserver's decoder allows 10,000 (Go's encoding/json
 * `maxNestingDepth`, answered "exceeded max depth"), but kemu's recursive walks of a decoded object
 * (defaulting, validation, managed fields, patches) run out of stack near 5,000, and a stack overflow
 * must never happen while serving. YAML nests up to 300 levels: the `yaml` library recurses per level and, once its
 * stack overflows inside a regular expression, a later parse aborts Node ("RegExpCompiler Allocation
 * failed"), so YAML is never handed a text that could come near the stack's end.
 */

import { type CST, Lexer, Parser } from 'yaml';

export const MAX_JSON_DEPTH = 1_000;
export const MAX_YAML_DEPTH = 300;

/** True when the JSON text nests objects/arrays deeper than `limit`. Strings are skipped. */
export function jsonDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}

/**
 * The `yaml` library's CST tokens of the text, or undefined when it nests deeper than `limit`. Its
 * lexer and CST parser are iterative (only its composer recurses). A cheap count of brackets decides
 * whether the lexer's tokens are looked at first (open flow collections plus the `- `/`? `
 * indicators of a line): a hostile flow body is refused without building its CST. Then the depth is
 * measured exactly on the CST with an explicit stack.
 */
export function yamlTokensWithin(text: string, limit = MAX_YAML_DEPTH): CST.Token[] | undefined {
  if (rawBracketDepth(text) > limit || text.includes('- -')) {
    let flow = 0;
    let inline = 0;
    for (const token of new Lexer().lex(text)) {
      if (token === '{' || token === '[') flow++;
      else if ((token === '}' || token === ']') && flow > 0) flow--;
      else if (token === '-' || token === '?') inline++;
      else if (token === '\n' || token === '\r\n') inline = 0;
      if (flow + inline > limit) return undefined;
    }
  }
  const tokens = [...new Parser().parse(text)];
  const stack: { token: unknown; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CstNode; depth: number };
    if (token === null || token === undefined || typeof token !== 'object') continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > limit) return undefined;
    for (const item of token.items ?? []) {
      stack.push({ token: item.key, depth: depth + 1 });
      stack.push({ token: item.value, depth: depth + 1 });
    }
  }
  return tokens;
}

/** True when the YAML text nests deeper than `limit`. */
export function yamlDeeperThan(text: string, limit = MAX_YAML_DEPTH): boolean {
  return yamlTokensWithin(text, limit) === undefined;
}

/** The deepest run of open brackets, quotes ignored (an over-count is only a reason to look closer). */
function rawBracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if ((c === 0x7d || c === 0x5d) && depth > 0) depth--;
  }
  return max;
}

/** The part of a `yaml` CST token the depth walk reads. */
interface CstNode {
  type?: string;
  value?: unknown;
  items?: { key?: unknown; value?: unknown }[];
}
