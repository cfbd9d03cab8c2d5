/** Columns several workload printers share, with the cells of a pod template. */
import type { PodTemplateSpec } from '../types.js';
import { col } from './printer.js';

export const CONTAINERS_COLUMN = col('Containers', 'Names of each container in the template.', { priority: 1 });
export const IMAGES_COLUMN = col('Images', 'Images referenced by each container in the template.', { priority: 1 });
export const SELECTOR_COLUMN = col(
  'Selector',
  'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.',
  { priority: 1 },
);
export const selectorColumn = (description: string) => col('Selector', description, { priority: 1 });

/** DESIRED, CURRENT and READY of the replica controllers. */
export const COUNT_COLUMNS = [
  col('Desired', 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified.', { type: 'integer' }),
  col('Current', 'Replicas is the most recently observed number of replicas.', { type: 'integer' }),
  col('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
];

export const JOB_SELECTOR = 'A label query over pods that should match the pod count. Normally, the system sets this field for you.';

export function containerNames(t: PodTemplateSpec | undefined): string {
  return (t?.spec?.containers ?? []).map((c) => c.name).join(',');
}

export function containerImages(t: PodTemplateSpec | undefined): string {
  return (t?.spec?.containers ?? []).map((c) => c.image ?? '').join(',');
}
