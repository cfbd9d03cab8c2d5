/** Deployment columns: READY (ready/desired), UP-TO-DATE, AVAILABLE. */
import type { Deployment } from '@kemu/api';
import { age } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from './table.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN, containerImages, containerNames, formatLabelSelector } from './pod-template.js';

export const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'Number of the pod with ready state'),
    col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN,
  ],
  cells(d: Deployment, now) {
    const s = d.status ?? {};
    return [
      d.metadata.name ?? '', `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, s.updatedReplicas ?? 0, s.availableReplicas ?? 0,
      age(d.metadata.creationTimestamp, now), containerNames(d.spec?.template), containerImages(d.spec?.template),
      formatLabelSelector(d.spec?.selector),
    ];
  },
};
