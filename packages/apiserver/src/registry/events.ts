/** Event rules the server owns: they expire --event-ttl (default an hour) after their last write, create or update. */
import type { ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

export const EVENT_TTL_SECONDS = 3600;

export function eventStrategy(r: ResourceInfo): Strategy {
  return { ...baseStrategy(r), ttlSeconds: (ctx) => ctx.eventTTLSeconds ?? EVENT_TTL_SECONDS };
}
