import { fileURLToPath } from 'node:url';

/** The repository root (entry scripts are relative to it), found from this file's location. */
export function repoRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
}
