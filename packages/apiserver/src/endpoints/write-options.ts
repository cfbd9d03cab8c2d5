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

/** `Warning: 299 - "…"` for each distinct warning; undefined when there are none. */
export function warningHeaders(opts: WriteOptions): Record<string, string> | undefined {
  const unique = [...new Set(opts.warnings)];
  if (unique.length === 0) return undefined;
  return { Warning: unique.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}
