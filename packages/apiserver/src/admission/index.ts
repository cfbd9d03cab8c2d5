/**
 * Mutating and validating admission run on every create (and, where Kubernetes does, update):
 * namespace lifecycle, pod defaults from the ServiceAccount and DefaultTolerationSeconds plugins.
 */
import type { KubeObject, Pod, ResourceInfo } from '@kemu/api';
import type { RegistryContext } from '../registry/context.js';
import { admitNamespaceLifecycle } from './namespace-lifecycle.js';
import { admitDefaultTolerationSeconds } from './default-toleration-seconds.js';
import { admitServiceAccount } from './service-account.js';

export { isImmortalNamespace } from './namespace-lifecycle.js';

export async function admitCreate(r: ResourceInfo, obj: KubeObject, ctx: RegistryContext): Promise<void> {
  await admitNamespaceLifecycle(r, obj, ctx);
  if (r.group === '' && r.resource === 'pods') {
    admitServiceAccount(obj as Pod);
    admitDefaultTolerationSeconds(obj as Pod, ctx.timings.defaultTolerationSeconds);
  }
}
