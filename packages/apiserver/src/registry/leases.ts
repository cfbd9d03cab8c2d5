/**
 * Lease rules, as kube-apiserver's: a PUT may create a missing Lease, but an update must carry
 * metadata.resourceVersion (leader election depends on the compare-and-swap).
 */
import type { ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

export function leaseStrategy(r: ResourceInfo): Strategy {
  return { ...baseStrategy(r), allowCreateOnUpdate: true, allowUnconditionalUpdate: false };
}
