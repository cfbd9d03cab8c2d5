/** Deployment (apps/v1): declarative rollouts of ReplicaSets. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN, containerImages, containerNames } from '../../printers/columns.js';
import { formatLabelSelector } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32, int64, intOrString, time } from '../../schema/common.js';
import { child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { kindObject } from '../../schema/kind.js';
import { labelSelector } from '../../schema/meta-v1.js';
import { defaultTemplate } from '../../schema/pod-spec-defaults.js';
import { validateReplicas } from '../../schema/pod-spec-validation.js';
import { podTemplateSpec } from '../../schema/pod-spec.js';
import { workloadCondition } from '../../schema/workload-condition.js';
import { intOrPercent, selectorImmutable, validateSelectorAndTemplate } from '../../schema/workload-validation.js';
import { defineKind, scaleSubresource, statusSubresource, type FieldOf, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.apps.v1';

export const deployment = kindObject(
  P,
  'Deployment',
  {
    spec: z
      .strictObject({
        replicas: int32.optional().describe('Desired number of pods; defaults to 1.'),
        selector: labelSelector.describe('Selects the pods managed; must match the template labels and cannot change.'),
        template: podTemplateSpec.describe('Template of the pods; its labels must match the selector.'),
        strategy: z
          .strictObject({
            type: z.string().optional().describe('Recreate or RollingUpdate; defaults to RollingUpdate.'),
            rollingUpdate: z
              .strictObject({
                maxUnavailable: intOrString
                  .optional()
                  .describe('Pods that may be unavailable during the update, as a number or percentage; defaults to 25%.'),
                maxSurge: intOrString
                  .optional()
                  .describe('Pods that may be created above the desired count, as a number or percentage; defaults to 25%.'),
              })
              .meta({ id: `${P}.RollingUpdateDeployment`, description: 'Parameters of a rolling update.' })
              .optional()
              .describe('Rolling update parameters, for type RollingUpdate.'),
          })
          .meta({ id: `${P}.DeploymentStrategy`, description: 'How old pods are replaced by new ones.' })
          .optional()
          .describe('The replacement strategy.'),
        minReadySeconds: int32.optional().describe('Seconds a new pod must be ready to count as available.'),
        revisionHistoryLimit: int32.optional().describe('Old ReplicaSets kept for rollback; defaults to 10.'),
        paused: z.boolean().optional().describe('Pauses the rollout while true.'),
        progressDeadlineSeconds: int32
          .optional()
          .describe('Seconds without progress before the rollout is reported failed; defaults to 600.'),
      })
      .meta({ id: `${P}.DeploymentSpec`, description: 'Desired state of a deployment.' })
      .optional()
      .describe('Desired state of the deployment.'),
    status: z
      .strictObject({
        observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
        replicas: int32.optional().describe('Pods targeted by the deployment.'),
        updatedReplicas: int32.optional().describe('Pods with the current template.'),
        readyReplicas: int32.optional().describe('Ready pods.'),
        availableReplicas: int32.optional().describe('Pods ready for at least minReadySeconds.'),
        unavailableReplicas: int32.optional().describe('Pods still needed for 100% availability.'),
        conditions: z
          .array(
            workloadCondition('Deployment', {
              lastUpdateTime: time.nullable().optional().describe('Last time the condition was updated.'),
            }),
          )
          .optional()
          .describe('Available, Progressing and ReplicaFailure conditions.'),
        collisionCount: int32.optional().describe('Counter used to avoid pod-template-hash collisions.'),
      })
      .meta({ id: `${P}.DeploymentStatus`, description: 'Observed state of a deployment.' })
      .optional()
      .describe('Most recently observed status.'),
  },
  'Declarative updates for pods and ReplicaSets.',
);

export type Deployment = StoredObject<z.output<typeof deployment>, 'spec'>;
export type DeploymentSpec = Deployment['spec'];
export type DeploymentStatus = FieldOf<Deployment, 'status'>;
export type DeploymentStrategy = FieldOf<DeploymentSpec, 'strategy'>;
export type RollingUpdateDeployment = FieldOf<DeploymentStrategy, 'rollingUpdate'>;

function defaultDeployment(d: Obj): void {
  const spec = child(d, 'spec');
  if (typeof spec.replicas !== 'number') spec.replicas = 1;
  const strategy = child(spec, 'strategy');
  setIfEmpty(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = '25%';
    if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = '25%';
  }
  if (typeof spec.revisionHistoryLimit !== 'number') spec.revisionHistoryLimit = 10;
  if (typeof spec.progressDeadlineSeconds !== 'number') spec.progressDeadlineSeconds = 600;
  defaultTemplate(spec);
}

export function validateDeployment(d: Deployment, old: Deployment | undefined, errs: ErrorList): void {
  const spec: Obj = isObject(d.spec) ? d.spec : {};
  const f = root('spec');
  validateReplicas(spec, f, errs);
  validateSelectorAndTemplate(spec, f, errs, 'deployment');
  const strategy = isObject(spec.strategy) ? spec.strategy : {};
  const sf = f.child('strategy');
  if (strategy.type !== undefined && strategy.type !== 'RollingUpdate' && strategy.type !== 'Recreate') {
    errs.notSupported(sf.child('type'), strategy.type, ['Recreate', 'RollingUpdate']);
  }
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined) {
    errs.forbidden(sf.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'");
  }
  if (isObject(strategy.rollingUpdate)) {
    const rf = sf.child('rollingUpdate');
    const mu = intOrPercent(strategy.rollingUpdate.maxUnavailable, rf.child('maxUnavailable'), errs);
    const ms = intOrPercent(strategy.rollingUpdate.maxSurge, rf.child('maxSurge'), errs);
    if (typeof strategy.rollingUpdate.maxUnavailable === 'string' && mu !== undefined && mu > 100) {
      errs.invalid(rf.child('maxUnavailable'), strategy.rollingUpdate.maxUnavailable, 'must not be greater than 100%');
    }
    if (mu === 0 && ms === 0)
      errs.invalid(rf.child('maxUnavailable'), strategy.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0');
  }
  if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 0) {
    errs.invalid(f.child('revisionHistoryLimit'), spec.revisionHistoryLimit, 'must be greater than or equal to 0');
  }
  if (typeof spec.progressDeadlineSeconds === 'number') {
    if (spec.progressDeadlineSeconds < 0)
      errs.invalid(f.child('progressDeadlineSeconds'), spec.progressDeadlineSeconds, 'must be greater than or equal to 0');
    else if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.invalid(f.child('progressDeadlineSeconds'), spec.progressDeadlineSeconds, 'must be greater than minReadySeconds');
    }
  }
  selectorImmutable(spec, old, f, errs);
}

/** Deployment columns: READY (ready/desired), UP-TO-DATE, AVAILABLE. */

export const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'Number of the pod with ready state'),
    col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(d: Deployment, now) {
    const s = d.status ?? {};
    return [
      d.metadata.name ?? '',
      `${s.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
      s.updatedReplicas ?? 0,
      s.availableReplicas ?? 0,
      age(d.metadata.creationTimestamp, now),
      containerNames(d.spec?.template),
      containerImages(d.spec?.template),
      formatLabelSelector(d.spec?.selector),
    ];
  },
};

export const deploymentKind: KindDescriptor<Deployment> = defineKind({
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  resource: 'deployments',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: [statusSubresource, scaleSubresource],
  schema: deployment,
  protobuf: 'api.apps.v1.Deployment',
  printer: deploymentPrinter,
  default: defaultDeployment,
  validate: validateDeployment,
  strategy: { tracksGeneration: true },
});
