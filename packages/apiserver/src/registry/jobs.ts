/**
 * Job rules: unless `manualSelector` is true, the selector is generated from the job's UID and
 * the template gets the job-name and controller-uid labels (legacy and batch.kubernetes.io
 * forms) that the selector and the job controller rely on.
 */
import type { KubeObject, ResourceInfo } from '@kemu/api';
import { baseStrategy, type Strategy } from './strategy.js';

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';

function generateSelector(job: KubeObject): void {
  const spec = (isObj(job.spec) ? job.spec : (job.spec = {})) as Obj;
  if (spec.manualSelector === true) return;
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  const template: Obj = isObj(spec.template) ? spec.template : (spec.template = {});
  const meta: Obj = isObj(template.metadata) ? template.metadata : (template.metadata = {});
  const labels: Obj = isObj(meta.labels) ? meta.labels : (meta.labels = {});
  for (const key of [CONTROLLER_UID_LABEL, 'controller-uid']) labels[key] ??= uid;
  for (const key of [JOB_NAME_LABEL, 'job-name']) labels[key] ??= name;
  const selector: Obj = isObj(spec.selector) ? spec.selector : (spec.selector = {});
  selector.matchLabels = { ...(isObj(selector.matchLabels) ? selector.matchLabels : {}), [CONTROLLER_UID_LABEL]: uid };
}

export function jobStrategy(r: ResourceInfo): Strategy {
  const base = baseStrategy(r);
  return {
    ...base,
    prepareForCreate(obj, ctx) {
      base.prepareForCreate.call(this, obj, ctx);
      generateSelector(obj);
    },
  };
}
