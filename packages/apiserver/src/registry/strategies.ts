/** The Strategy of each resource: the base rules unless a kind has its own file. */
import type { ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';
import { podStrategy } from './pods.js';
import { serviceStrategy } from './services.js';
import { namespaceStrategy } from './namespaces.js';
import { nodeStrategy } from './nodes.js';
import { replicationControllerStrategy } from './replication-controllers.js';
import { eventStrategy } from './events.js';
import { endpointsStrategy } from './endpoints.js';
import { leaseStrategy } from './leases.js';
import { jobStrategy } from './jobs.js';
import { crdStrategy, customResourceStrategy } from './custom-resources.js';

const FACTORIES: Record<string, (r: ResourceInfo) => Strategy> = {
  '/pods': podStrategy,
  '/services': serviceStrategy,
  '/namespaces': namespaceStrategy,
  '/nodes': nodeStrategy,
  '/replicationcontrollers': replicationControllerStrategy,
  '/events': eventStrategy,
  '/endpoints': endpointsStrategy,
  'coordination.k8s.io/leases': leaseStrategy,
  'events.k8s.io/events': eventStrategy,
  'batch/jobs': jobStrategy,
  'apiextensions.k8s.io/customresourcedefinitions': crdStrategy,
};

export function strategyFor(r: ResourceInfo): Strategy {
  if (r.custom) return customResourceStrategy(r);
  return (FACTORIES[`${r.group}/${r.resource}`] ?? baseStrategy)(r);
}
