/** Plugin name → factory. The in-tree registry is in plugins/index.ts; tests may add their own. */
import type { PluginFactory } from './interfaces.js';

export type Registry = ReadonlyMap<string, PluginFactory>;

export function mergeRegistries(...regs: Registry[]): Registry {
  const out = new Map<string, PluginFactory>();
  for (const r of regs) for (const [n, f] of r) out.set(n, f);
  return out;
}
