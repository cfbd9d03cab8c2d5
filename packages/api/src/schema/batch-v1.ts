/** Schemas of `batch/v1`: Job and CronJob. */
import { z } from 'zod';
import { int32, int64, time } from './common.js';
import { labelSelector, objectMeta } from './meta-v1.js';
import { objectReference, podTemplateSpec } from './core-v1.js';
import { kindObject } from './kind.js';

const P = 'io.k8s.api.batch.v1';
const s = () => z.string();
const b = () => z.boolean();

const podFailurePolicy = z.strictObject({
  rules: z.array(z.strictObject({
    action: s().describe('What a matching failure does: FailJob, FailIndex, Ignore (not counted against backoffLimit) or Count.'),
    onExitCodes: z.strictObject({
      containerName: s().optional().describe('Only this container\'s exit code is checked; all containers when unset.'),
      operator: s().describe('In or NotIn: whether the exit code must be in the values.'),
      values: z.array(int32).describe('Exit codes to compare with; 0 is not allowed with In.'),
    }).meta({ id: `${P}.PodFailurePolicyOnExitCodesRequirement`, description: 'Matches failed pods by container exit codes.' }).optional().describe('Matches on container exit codes.'),
    onPodConditions: z.array(z.strictObject({
      type: s().describe('The pod condition type to match, such as DisruptionTarget.'),
      status: s().optional().describe('The condition status to match; defaults to True.'),
    }).meta({ id: `${P}.PodFailurePolicyOnPodConditionsPattern`, description: 'Matches failed pods by a pod condition.' })).optional().describe('Matches on pod conditions; any one matching suffices.'),
  }).meta({ id: `${P}.PodFailurePolicyRule`, description: 'An action taken for failed pods that match a requirement.' })).describe('Rules evaluated in order; the first match decides.'),
}).meta({ id: `${P}.PodFailurePolicy`, description: 'How failed pods affect the job.' });

const successPolicy = z.strictObject({
  rules: z.array(z.strictObject({
    succeededIndexes: s().optional().describe('Indexes that must succeed, as a list of intervals such as "1,3-5".'),
    succeededCount: int32.optional().describe('How many of the indexes must succeed.'),
  }).meta({ id: `${P}.SuccessPolicyRule`, description: 'A condition under which an Indexed job succeeds.' })).describe('Rules of which any one being met makes the job succeed.'),
}).meta({ id: `${P}.SuccessPolicy`, description: 'When an Indexed job may be declared succeeded before all pods finish.' });

export const jobSpec = z.strictObject({
  parallelism: int32.optional().describe('Maximum pods running at once; defaults to 1.'),
  completions: int32.optional().describe('Successful pods needed for the job to complete; unset means any single success completes a job whose pods all finish.'),
  activeDeadlineSeconds: int64.optional().describe('Seconds the job may be active (from its start) before the system terminates it.'),
  podFailurePolicy: podFailurePolicy.optional().describe('Rules that decide what a pod failure means for the job.'),
  successPolicy: successPolicy.optional().describe('Rules that declare an Indexed job succeeded early.'),
  backoffLimit: int32.optional().describe('Retries before the job is marked failed; defaults to 6.'),
  backoffLimitPerIndex: int32.optional().describe('Retries per index of an Indexed job.'),
  maxFailedIndexes: int32.optional().describe('Failed indexes tolerated before the job fails (needs backoffLimitPerIndex).'),
  selector: labelSelector.optional().describe('Selects the job\'s pods; generated from the job UID unless manualSelector is true.'),
  manualSelector: b().optional().describe('Use the selector given instead of generating a unique one.'),
  template: podTemplateSpec.describe('Template of the pods; restartPolicy must be Never or OnFailure.'),
  ttlSecondsAfterFinished: int32.optional().describe('Seconds after finishing (Complete or Failed) after which the job is deleted.'),
  completionMode: s().optional().describe('NonIndexed (the default) or Indexed: each pod gets an index from 0 to completions-1.'),
  suspend: b().optional().describe('While true, no pods are created and running ones are terminated.'),
  podReplacementPolicy: s().optional().describe('When replacement pods are created: TerminatingOrFailed (the default) or Failed.'),
  managedBy: s().optional().describe('The controller that reconciles the job; the built-in one when unset or batch.kubernetes.io/job-controller.'),
}).meta({ id: `${P}.JobSpec`, description: 'Desired behaviour of a job.' });

const jobStatus = z.strictObject({
  conditions: z.array(z.strictObject({
    type: s().describe('Complete, Failed, Suspended, FailureTarget or SuccessCriteriaMet.'),
    status: s().describe('True, False or Unknown.'),
    lastProbeTime: time.nullable().optional().describe('When the condition was last checked.'),
    lastTransitionTime: time.nullable().optional().describe('When the condition last changed status.'),
    reason: s().optional().describe('A one-word CamelCase reason for the last transition.'),
    message: s().optional().describe('Human-readable details about the last transition.'),
  }).meta({ id: `${P}.JobCondition`, description: 'One condition of a job.' })).optional().describe('Current conditions of the job.'),
  startTime: time.nullable().optional().describe('When the job controller started processing the job.'),
  completionTime: time.nullable().optional().describe('When the job completed successfully.'),
  active: int32.optional().describe('Pending or running pods.'),
  succeeded: int32.optional().describe('Pods that reached phase Succeeded.'),
  failed: int32.optional().describe('Pods that reached phase Failed.'),
  terminating: int32.optional().describe('Pods that are terminating.'),
  completedIndexes: s().optional().describe('Completed indexes of an Indexed job, as intervals such as "1,3-5".'),
  failedIndexes: s().optional().describe('Failed indexes of an Indexed job with backoffLimitPerIndex.'),
  uncountedTerminatedPods: z.strictObject({
    succeeded: z.array(s()).optional().describe('UIDs of succeeded pods not yet counted.'),
    failed: z.array(s()).optional().describe('UIDs of failed pods not yet counted.'),
  }).meta({ id: `${P}.UncountedTerminatedPods`, description: 'Finished pods whose finalizer the controller has not removed yet.' }).optional().describe('Finished pods the controller has not yet accounted for.'),
  ready: int32.optional().describe('Active pods with a Ready condition.'),
}).meta({ id: `${P}.JobStatus`, description: 'Observed state of a job.' });

export const job = kindObject(P, 'Job', {
  spec: jobSpec.optional().describe('Desired behaviour of the job.'),
  status: jobStatus.optional().describe('Most recently observed status of the job. Read-only.'),
}, 'A single task run to completion by one or more pods.');

export const cronJob = kindObject(P, 'CronJob', {
  spec: z.strictObject({
    schedule: s().describe('The schedule in cron format (minute hour day-of-month month day-of-week), or a macro such as @hourly.'),
    timeZone: s().optional().describe('The IANA time zone the schedule is read in; the controller\'s local zone when unset.'),
    startingDeadlineSeconds: int64.optional().describe('Seconds after a missed scheduled time during which the job may still start.'),
    concurrencyPolicy: s().optional().describe('Allow (the default), Forbid (skip a run while one is active) or Replace (replace the active run).'),
    suspend: b().optional().describe('While true, no new runs are started; defaults to false.'),
    jobTemplate: z.strictObject({
      metadata: objectMeta.optional().describe('Metadata given to the jobs created.'),
      spec: jobSpec.optional().describe('Spec of the jobs created.'),
    }).meta({ id: `${P}.JobTemplateSpec`, description: 'Describes the jobs a CronJob creates.' }).describe('The job created at each scheduled time.'),
    successfulJobsHistoryLimit: int32.optional().describe('Finished successful jobs kept; defaults to 3.'),
    failedJobsHistoryLimit: int32.optional().describe('Finished failed jobs kept; defaults to 1.'),
  }).meta({ id: `${P}.CronJobSpec`, description: 'The schedule and the job of a CronJob.' }).optional().describe('Desired behaviour: the schedule and the job to run.'),
  status: z.strictObject({
    active: z.array(objectReference).optional().describe('The jobs currently running.'),
    lastScheduleTime: time.nullable().optional().describe('When a job was last scheduled.'),
    lastSuccessfulTime: time.nullable().optional().describe('When a job last completed successfully.'),
  }).meta({ id: `${P}.CronJobStatus`, description: 'Observed state of a CronJob.' }).optional().describe('Current status of the CronJob. Read-only.'),
}, 'Runs a Job on a repeating schedule.');
