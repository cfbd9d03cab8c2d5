/** Node rules: kubelets register with their status, so create keeps it. */
import type { ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

export function nodeStrategy(r: ResourceInfo): Strategy {
  return { ...baseStrategy(r), keepStatusOnCreate: true };
}
