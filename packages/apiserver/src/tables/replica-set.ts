/** ReplicaSet and ReplicationController columns: DESIRED, CURRENT, READY. */
import type { ReplicaSet, ReplicationController } from '@kemu/api';
import { age } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, col, formatLabels, type Printer } from './table.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN, containerImages, containerNames, formatLabelSelector } from './pod-template.js';

const COUNT_COLUMNS = [
  col('Desired', 'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified.', { type: 'integer' }),
  col('Current', 'Replicas is the most recently observed number of replicas.', { type: 'integer' }),
  col('Ready', 'The number of ready replicas for this replica set.', { type: 'integer' }),
];

export const replicaSetPrinter: Printer = {
  columns: [NAME_COLUMN, ...COUNT_COLUMNS, AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN],
  cells(rs: ReplicaSet, now) {
    return [
      rs.metadata.name ?? '', rs.spec?.replicas ?? 0, rs.status?.replicas ?? 0, rs.status?.readyReplicas ?? 0,
      age(rs.metadata.creationTimestamp, now), containerNames(rs.spec?.template), containerImages(rs.spec?.template),
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};

export const replicationControllerPrinter: Printer = {
  columns: [NAME_COLUMN, ...COUNT_COLUMNS, AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN],
  cells(rc: ReplicationController, now) {
    return [
      rc.metadata.name ?? '', rc.spec?.replicas ?? 0, rc.status?.replicas ?? 0, rc.status?.readyReplicas ?? 0,
      age(rc.metadata.creationTimestamp, now), containerNames(rc.spec?.template), containerImages(rc.spec?.template),
      formatLabels(rc.spec?.selector),
    ];
  },
};
