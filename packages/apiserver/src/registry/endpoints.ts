/** Endpoints may be created by PUT (AllowCreateOnUpdate), as in kube-apiserver. */
import type { ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

export function endpointsStrategy(r: ResourceInfo): Strategy {
  return { ...baseStrategy(r), allowCreateOnUpdate: true };
}
