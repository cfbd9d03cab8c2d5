/**
 * The names the chaos verbs accept and what they stand for:
 *   redis, hollow-nodes                   one process
 *   apiserver                             every apiserver (one, or apiserver-1, apiserver-2, … with --apiservers)
 *   scheduler, controller-manager         every replica (scheduler-1, scheduler-2, …)
 *   apiserver-<i>, scheduler-<i>, controller-manager-<i>  one replica
 *   node-<i>                              kubelet-<i> and proxy-<i>
 *   kubelet-<i>, proxy-<i>                one process
 */

export type ComponentSelector =
  | { kind: 'redis' | 'hollow-nodes' }
  | { kind: 'apiserver' | 'scheduler' | 'controller-manager'; index?: number }
  | { kind: 'node'; index: number }
  | { kind: 'kubelet' | 'proxy'; index: number };

const PATTERN = /^(redis|hollow-nodes|apiserver|scheduler|controller-manager|node|kubelet|proxy)(?:-([1-9]\d*))?$/;

export const COMPONENT_NAME_HELP =
  'redis, apiserver[-<i>], scheduler[-<i>], controller-manager[-<i>], node-<i>, kubelet-<i>, proxy-<i>, hollow-nodes';

/** Parses a component name; throws a message listing the valid forms when it is not one. */
export function parseComponentName(name: string): ComponentSelector {
  const m = PATTERN.exec(name);
  const invalid = () => new Error(`unknown component "${name}" (expected ${COMPONENT_NAME_HELP})`);
  if (!m) throw invalid();
  const kind = m[1] as ComponentSelector['kind'];
  const index = m[2] === undefined ? undefined : Number(m[2]);
  switch (kind) {
    case 'redis':
    case 'hollow-nodes':
      if (index !== undefined) throw invalid();
      return { kind };
    case 'apiserver':
    case 'scheduler':
    case 'controller-manager':
      return index === undefined ? { kind } : { kind, index };
    default:
      if (index === undefined) throw invalid();
      return { kind, index };
  }
}

/** The process names a selector stands for, in the order given by `known` (the cluster's components). */
export function expandComponentName(name: string, known: readonly string[]): string[] {
  const sel = parseComponentName(name);
  let wanted: (n: string) => boolean;
  switch (sel.kind) {
    case 'redis':
    case 'hollow-nodes':
      wanted = (n) => n === sel.kind;
      break;
    case 'apiserver':
    case 'scheduler':
    case 'controller-manager':
      wanted =
        sel.index === undefined
          ? (n) => n === sel.kind || new RegExp(`^${sel.kind}-\\d+$`).test(n)
          : (n) => n === `${sel.kind}-${sel.index}`;
      break;
    case 'node':
      wanted = (n) => n === `kubelet-${sel.index}` || n === `proxy-${sel.index}`;
      break;
    default:
      wanted = (n) => n === `${sel.kind}-${sel.index}`;
  }
  const names = known.filter(wanted);
  if (names.length === 0) {
    const hint = sel.kind === 'redis' ? ' (this cluster uses the embedded in-memory store)' : '';
    throw new Error(`component "${name}" is not part of this cluster${hint}; it has: ${known.join(', ')}`);
  }
  return names;
}
