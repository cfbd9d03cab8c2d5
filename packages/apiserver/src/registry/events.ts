/** Event rules: they expire an hour after their last write (kube-apiserver's --event-ttl); PUT may create. */
import type { ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

export const EVENT_TTL_SECONDS = 3600;

export function eventStrategy(r: ResourceInfo): Strategy {
  return { ...baseStrategy(r), ttlSeconds: EVENT_TTL_SECONDS, allowCreateOnUpdate: true };
}
