/**
 * Columns of StatefulSet, DaemonSet, ControllerRevision, Job, CronJob, HorizontalPodAutoscaler
 * and PodDisruptionBudget, cell for cell as kubectl 1.32's printers produce them.
 */
import { age, humanDuration } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, col, formatLabels, type Printer } from './table.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, containerImages, containerNames, formatLabelSelector } from './pod-template.js';

type Obj = Record<string, any>;
const selectorColumn = (description: string) => col('Selector', description, { priority: 1 });

export const statefulSetPrinter: Printer = {
  columns: [NAME_COLUMN, col('Ready', 'Number of the pod with ready state'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells(s: Obj, now) {
    return [s.metadata.name ?? '', `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, age(s.metadata.creationTimestamp, now),
      containerNames(s.spec?.template), containerImages(s.spec?.template)];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).', { type: 'integer' }),
    col('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', { type: 'integer' }),
    col('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.', { type: 'integer' }),
    col('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    col('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', { type: 'integer' }),
    col('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node\'s labels for the pod to be scheduled on that node.'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN,
    selectorColumn('A label query over pods that are managed by the daemon set. Must match in order to be controlled.'),
  ],
  cells(d: Obj, now) {
    const s = d.status ?? {};
    return [
      d.metadata.name ?? '', s.desiredNumberScheduled ?? 0, s.currentNumberScheduled ?? 0, s.numberReady ?? 0, s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0, formatLabels(d.spec?.template?.spec?.nodeSelector), age(d.metadata.creationTimestamp, now),
      containerNames(d.spec?.template), containerImages(d.spec?.template), formatLabelSelector(d.spec?.selector),
    ];
  },
};

/** `statefulset.apps/web` for the controller owner reference; `<none>` without one. */
function controllerOf(o: Obj): string {
  const ref = (o.metadata?.ownerReferences ?? []).find((r: Obj) => r.controller === true);
  if (!ref) return '<none>';
  const slash = String(ref.apiVersion ?? '').indexOf('/');
  const group = slash >= 0 ? String(ref.apiVersion).slice(0, slash) : '';
  return `${String(ref.kind).toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Controller', 'Controller of the object'),
    col('Revision', 'Revision indicates the revision of the state represented by Data.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells(cr: Obj, now) {
    return [cr.metadata.name ?? '', controllerOf(cr), cr.revision ?? 0, age(cr.metadata.creationTimestamp, now)];
  },
};

const hasCondition = (conditions: unknown, type: string) => Array.isArray(conditions) && conditions.some((c: Obj) => c?.type === type && c?.status === 'True');

/** The STATUS of a job, in kubectl's order of precedence. */
export function jobStatus(job: Obj): string {
  const conds = job.status?.conditions;
  if (hasCondition(conds, 'Complete')) return 'Complete';
  if (hasCondition(conds, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(conds, 'Suspended')) return 'Suspended';
  if (hasCondition(conds, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(conds, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function jobCompletions(job: Obj): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (typeof job.spec?.completions === 'number') return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Obj, now: number): string {
  const start = job.status?.startTime ? Date.parse(job.status.startTime) : NaN;
  if (Number.isNaN(start)) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : NaN;
  return humanDuration((Number.isNaN(end) ? now : end) - start);
}

const JOB_SELECTOR = 'A label query over pods that should match the pod count. Normally, the system sets this field for you.';

export const jobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', 'Status of the job.'),
    col('Completions', 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec.'),
    col('Duration', 'Time required to complete the job.'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, selectorColumn(JOB_SELECTOR),
  ],
  cells(job: Obj, now) {
    return [
      job.metadata.name ?? '', jobStatus(job), jobCompletions(job), jobDuration(job, now), age(job.metadata.creationTimestamp, now),
      containerNames(job.spec?.template), containerImages(job.spec?.template), formatLabelSelector(job.spec?.selector),
    ];
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.', { type: 'boolean' }),
    col('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    col('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, selectorColumn(JOB_SELECTOR),
  ],
  cells(cj: Obj, now) {
    const suspend = cj.spec?.suspend;
    const template = cj.spec?.jobTemplate?.spec?.template;
    return [
      cj.metadata.name ?? '', cj.spec?.schedule ?? '', cj.spec?.timeZone ?? '<none>',
      typeof suspend === 'boolean' ? (suspend ? 'True' : 'False') : '<unset>',
      Array.isArray(cj.status?.active) ? cj.status.active.length : 0,
      cj.status?.lastScheduleTime ? age(cj.status.lastScheduleTime, now) : '<none>',
      age(cj.metadata.creationTimestamp, now), containerNames(template), containerImages(template),
      formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
    ];
  },
};

/** The TARGETS cell: `cpu: 40%/80%`, `<unknown>` for values not observed yet (server tables are wide: every metric). */
export function formatHpaMetrics(specs: Obj[] | undefined, statuses: Obj[] | undefined): string {
  const list: string[] = [];
  (specs ?? []).forEach((spec, i) => {
    const st = (statuses ?? [])[i];
    switch (spec.type) {
      case 'External': {
        const t = spec.external?.target ?? {};
        if (t.averageValue !== undefined) list.push(`${st?.external?.current?.averageValue ?? '<unknown>'}/${t.averageValue} (avg)`);
        else list.push(`${st?.external?.current?.value ?? '<unknown>'}/${t.value ?? '<unknown>'}`);
        break;
      }
      case 'Pods':
        list.push(`${st?.pods?.current?.averageValue ?? '<unknown>'}/${spec.pods?.target?.averageValue ?? '<unknown>'}`);
        break;
      case 'Object': {
        const t = spec.object?.target ?? {};
        if (t.averageValue !== undefined) list.push(`${st?.object?.current?.averageValue ?? '<unknown>'}/${t.averageValue} (avg)`);
        else list.push(`${st?.object?.current?.value ?? '<unknown>'}/${t.value ?? '<unknown>'}`);
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const src = spec[key] ?? {};
        const cur = st?.[key]?.current;
        if (src.target?.averageValue !== undefined) {
          list.push(`${src.name}: ${cur?.averageValue ?? '<unknown>'}/${src.target.averageValue}`);
        } else {
          const current = typeof cur?.averageUtilization === 'number' ? `${cur.averageUtilization}%` : '<unknown>';
          const target = typeof src.target?.averageUtilization === 'number' ? `${src.target.averageUtilization}%` : '<auto>';
          list.push(`${src.name}: ${current}/${target}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
  });
  return list.length ? list.join(', ') : '<none>';
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Reference', 'reference to the scaled resource'),
    col('Targets', 'the current and target metrics (or the number of replicas) of the HPA'),
    col('MinPods', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.', { type: 'integer' }),
    col('Replicas', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells(h: Obj, now) {
    const ref = h.spec?.scaleTargetRef ?? {};
    return [
      h.metadata.name ?? '', `${ref.kind ?? ''}/${ref.name ?? ''}`, formatHpaMetrics(h.spec?.metrics, h.status?.currentMetrics),
      typeof h.spec?.minReplicas === 'number' ? String(h.spec.minReplicas) : '<unset>', h.spec?.maxReplicas ?? 0,
      h.status?.currentReplicas ?? 0, age(h.metadata.creationTimestamp, now),
    ];
  },
};

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Min Available', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', { type: 'integer' }),
    AGE_COLUMN,
  ],
  cells(p: Obj, now) {
    const show = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));
    return [p.metadata.name ?? '', show(p.spec?.minAvailable), show(p.spec?.maxUnavailable), p.status?.disruptionsAllowed ?? 0, age(p.metadata.creationTimestamp, now)];
  },
};
