/**
 * The Strategy of each resource: the base rules (the kind descriptor's facts and pure hooks)
 * unless the kind has server-side behaviour of its own (allocation, grace periods, TTLs,
 * finalizers), which lives in its file here.
 */
import type { ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';
import { podStrategy } from './pods.js';
import { serviceStrategy } from './services.js';
import { namespaceStrategy } from './namespaces.js';
import { eventStrategy } from './events.js';
import { crdStrategy, customResourceStrategy } from './custom-resources.js';

const FACTORIES: Record<string, (r: ResourceInfo) => Strategy> = {
  '/pods': podStrategy,
  '/services': serviceStrategy,
  '/namespaces': namespaceStrategy,
  '/events': eventStrategy,
  'events.k8s.io/events': eventStrategy,
  'apiextensions.k8s.io/customresourcedefinitions': crdStrategy,
};

export function strategyFor(r: ResourceInfo): Strategy {
  if (r.custom) return customResourceStrategy(r);
  return (FACTORIES[`${r.group}/${r.resource}`] ?? baseStrategy)(r);
}
