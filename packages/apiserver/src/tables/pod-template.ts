/** The CONTAINERS, IMAGES and SELECTOR columns that every workload printer shares. */
import type { LabelSelector, PodTemplateSpec } from '@kemu/api';
import { col } from './table.js';

export const CONTAINERS_COLUMN = col('Containers', 'Names of each container in the template.', { priority: 1 });
export const IMAGES_COLUMN = col('Images', 'Images referenced by each container in the template.', { priority: 1 });
export const SELECTOR_COLUMN = col('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', { priority: 1 });

export function containerNames(t: PodTemplateSpec | undefined): string {
  return (t?.spec?.containers ?? []).map((c) => c.name).join(',');
}

export function containerImages(t: PodTemplateSpec | undefined): string {
  return (t?.spec?.containers ?? []).map((c) => c.image ?? '').join(',');
}

/** metav1.FormatLabelSelector: `app=x,tier in (a,b)`; `<none>` for an empty selector. */
export function formatLabelSelector(s: LabelSelector | undefined | null): string {
  if (!s) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(s.matchLabels ?? {}).sort()) parts.push(`${k}=${s.matchLabels![k]}`);
  for (const e of s.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In': parts.push(`${e.key} in (${(e.values ?? []).join(',')})`); break;
      case 'NotIn': parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`); break;
      case 'Exists': parts.push(e.key); break;
      case 'DoesNotExist': parts.push(`!${e.key}`); break;
    }
  }
  return parts.length ? parts.join(',') : '<none>';
}
