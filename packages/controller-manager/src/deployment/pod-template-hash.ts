/**
 * The `pod-template-hash` of a Deployment's pod template: FNV-32a over a canonical (sorted-key)
 * JSON rendering of the template, then the collision count, rendered as Kubernetes renders it —
 * the decimal digits of the sum mapped onto the "safe" alphabet (no vowels, no confusable digits),
 * so names look like `web-7d9c5b8f6`.
 */
import type { PodTemplateSpec } from '@kemu/api';

/** Label on ReplicaSets (labels, selector, template) and their pods. */

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Maps every character to the safe alphabet (rand.SafeEncodeString). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** JSON with object keys sorted at every level and undefined members dropped. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(b, h);
  }
  return safeEncodeString(String(h));
}
