/** CronJob (batch/v1): creates Jobs on a schedule. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, JOB_SELECTOR, containerImages, containerNames, selectorColumn } from '../../printers/columns.js';
import { formatLabelSelector } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32, int64, time } from '../../schema/common.js';
import { child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { atLeast, oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { objectMeta } from '../../schema/meta-v1.js';
import { str } from '../../schema/meta-validation.js';
import { defaultTemplate } from '../../schema/pod-spec-defaults.js';
import { objectReference } from '../../schema/pod-spec.js';
import { defineKind, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';
import { jobSpec, validateJobSpec } from './job.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.batch.v1';

export const cronJob = kindObject(
  P,
  'CronJob',
  {
    spec: z
      .strictObject({
        schedule: z
          .string()
          .describe('The schedule in cron format (minute hour day-of-month month day-of-week), or a macro such as @hourly.'),
        timeZone: z.string().optional().describe("The IANA time zone the schedule is read in; the controller's local zone when unset."),
        startingDeadlineSeconds: int64.optional().describe('Seconds after a missed scheduled time during which the job may still start.'),
        concurrencyPolicy: z
          .string()
          .optional()
          .describe('Allow (the default), Forbid (skip a run while one is active) or Replace (replace the active run).'),
        suspend: z.boolean().optional().describe('While true, no new runs are started; defaults to false.'),
        jobTemplate: z
          .strictObject({
            metadata: objectMeta.optional().describe('Metadata given to the jobs created.'),
            spec: jobSpec.optional().describe('Spec of the jobs created.'),
          })
          .meta({ id: `${P}.JobTemplateSpec`, description: 'Describes the jobs a CronJob creates.' })
          .describe('The job created at each scheduled time.'),
        successfulJobsHistoryLimit: int32.optional().describe('Finished successful jobs kept; defaults to 3.'),
        failedJobsHistoryLimit: int32.optional().describe('Finished failed jobs kept; defaults to 1.'),
      })
      .meta({ id: `${P}.CronJobSpec`, description: 'The schedule and the job of a CronJob.' })
      .optional()
      .describe('Desired behaviour: the schedule and the job to run.'),
    status: z
      .strictObject({
        active: z.array(objectReference).optional().describe('The jobs currently running.'),
        lastScheduleTime: time.nullable().optional().describe('When a job was last scheduled.'),
        lastSuccessfulTime: time.nullable().optional().describe('When a job last completed successfully.'),
      })
      .meta({ id: `${P}.CronJobStatus`, description: 'Observed state of a CronJob.' })
      .optional()
      .describe('Current status of the CronJob. Read-only.'),
  },
  'Runs a Job on a repeating schedule.',
);

export type CronJob = ObjectOf<typeof cronJob>;

function defaultCronJob(cj: Obj): void {
  const spec = child(cj, 'spec');
  setIfEmpty(spec, 'concurrencyPolicy', 'Allow');
  if (typeof spec.suspend !== 'boolean') spec.suspend = false;
  if (typeof spec.successfulJobsHistoryLimit !== 'number') spec.successfulJobsHistoryLimit = 3;
  if (typeof spec.failedJobsHistoryLimit !== 'number') spec.failedJobsHistoryLimit = 1;
  if (isObject(spec.jobTemplate) && isObject(spec.jobTemplate.spec)) defaultTemplate(spec.jobTemplate.spec);
}

const CRON_MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;

/** Whether a schedule parses as the five-field cron syntax (or a macro / @every) the CronJob controller accepts. */
export function cronScheduleError(schedule: string): string | undefined {
  const t = schedule.trim();
  if (/^(CRON_)?TZ=/.test(t)) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (CRON_MACROS.includes(t)) return undefined;
  if (t.startsWith('@every ')) return /^@every (\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(t) ? undefined : 'unparseable duration';
  const fields = t.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${t}`;
  for (const x of fields) if (!CRON_FIELD.test(x)) return `failed to parse int from ${x}`;
  return undefined;
}

export function validateCronJob(cj: CronJob, old: CronJob | undefined, errs: ErrorList): void {
  const s = specOf(cj);
  const f = root('spec');
  const name = isObject(cj.metadata) ? str(cj.metadata.name) : '';
  if (name.length > 52) errs.invalid(root('metadata').child('name'), name, 'must be no more than 52 characters');
  if (!str(s.schedule)) errs.required(f.child('schedule'));
  else {
    const e = cronScheduleError(s.schedule);
    if (e) errs.invalid(f.child('schedule'), s.schedule, e);
  }
  if (s.timeZone !== undefined && (typeof s.timeZone !== 'string' || !validTimeZone(s.timeZone)))
    errs.invalid(f.child('timeZone'), s.timeZone, 'unknown time zone ' + String(s.timeZone));
  oneOf(s.concurrencyPolicy, ['Allow', 'Forbid', 'Replace'], f.child('concurrencyPolicy'), errs, true);
  atLeast(s.startingDeadlineSeconds, 0, f.child('startingDeadlineSeconds'), errs);
  atLeast(s.successfulJobsHistoryLimit, 0, f.child('successfulJobsHistoryLimit'), errs);
  atLeast(s.failedJobsHistoryLimit, 0, f.child('failedJobsHistoryLimit'), errs);
  const jt = isObject(s.jobTemplate) ? s.jobTemplate : undefined;
  if (!jt) {
    errs.required(f.child('jobTemplate'));
    return;
  }
  validateJobSpec(isObject(jt.spec) ? jt.spec : {}, f.child('jobTemplate').child('spec'), errs, true);
  void old;
}

function validTimeZone(tz: string): boolean {
  if (tz === '') return true;
  if (tz.includes(' ') || tz.startsWith('.') || tz.includes('..')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const cronJobPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Schedule', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col(
      'Suspend',
      'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.',
      { type: 'boolean' },
    ),
    col('Active', 'A list of pointers to currently running jobs.', { type: 'integer' }),
    col('Last Schedule', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    selectorColumn(JOB_SELECTOR),
  ],
  cells(cj: Obj, now) {
    const suspend = cj.spec?.suspend;
    const template = cj.spec?.jobTemplate?.spec?.template;
    return [
      cj.metadata.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      typeof suspend === 'boolean' ? (suspend ? 'True' : 'False') : '<unset>',
      Array.isArray(cj.status?.active) ? cj.status.active.length : 0,
      cj.status?.lastScheduleTime ? age(cj.status.lastScheduleTime, now) : '<none>',
      age(cj.metadata.creationTimestamp, now),
      containerNames(template),
      containerImages(template),
      formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
    ];
  },
};

export const cronJobKind: KindDescriptor<CronJob> = defineKind({
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  resource: 'cronjobs',
  namespaced: true,
  shortNames: ['cj'],
  categories: ['all'],
  subresources: [statusSubresource],
  schema: cronJob,
  protobuf: 'api.batch.v1.CronJob',
  printer: cronJobPrinter,
  default: defaultCronJob,
  validate: validateCronJob,
  strategy: { tracksGeneration: true },
});
