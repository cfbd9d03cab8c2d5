/**
 * The query parameters of writes (dryRun, fieldValidation, fieldManager, force; wire §8) as
 * WriteOptions, and the Warning headers the pipeline's warnings become.
 */
import { badRequest } from '@kemu/api';
import type { FieldValidation, WriteOptions } from '../registry/context.js';

export function writeOptions(q: URLSearchParams): WriteOptions {
  const dryRun = q.getAll('dryRun');
  for (const d of dryRun) if (d !== 'All') throw badRequest(`dryRun: Unsupported value: "${d}": supported values: "All"`);
  const fv = q.get('fieldValidation') ?? 'Warn';
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') {
    throw badRequest(`fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`);
  }
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) {
    throw badRequest('fieldManager: Too long: may not be more than 128 bytes');
  }
  return {
    dryRun: dryRun.length > 0,
    fieldValidation: fv as FieldValidation,
    fieldManager,
    force: q.get('force') === 'true',
    warnings: [],
  };
}

/** kube-apiserver's bounds of a response's warnings (apiserver's warning recorder), in characters. */
export const WARNINGS_TOTAL_CHARS = 4 * 1024;
export const WARNING_ITEM_CHARS = 256;

/**
 * The distinct warnings, bounded as kube-apiserver bounds them: while their text fits in
 * WARNINGS_TOTAL_CHARS they pass whole; once one would go past it, every warning is cut to
 * WARNING_ITEM_CHARS, and those that still do not fit are left out.
 */
export function boundedWarnings(warnings: readonly string[]): string[] {
  const unique = [...new Set(warnings)];
  let total = 0;
  for (const w of unique) total += w.length;
  if (total <= WARNINGS_TOTAL_CHARS) return unique;
  const out: string[] = [];
  total = 0;
  for (const w of unique) {
    if (total >= WARNINGS_TOTAL_CHARS) break;
    const cut = w.length > WARNING_ITEM_CHARS ? `${w.slice(0, WARNING_ITEM_CHARS)}...` : w;
    out.push(cut);
    total += cut.length;
  }
  return out;
}

/** `Warning: 299 - "…"` for each distinct warning (bounded); undefined when there are none. */
export function warningHeaders(opts: WriteOptions): Record<string, string> | undefined {
  const kept = boundedWarnings(opts.warnings);
  if (kept.length === 0) return undefined;
  return { Warning: kept.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}
