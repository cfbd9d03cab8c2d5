/** DaemonSet (apps/v1): one pod per eligible node. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, containerImages, containerNames, selectorColumn } from '../../printers/columns.js';
import { formatLabelSelector, formatLabels } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32, int64, intOrString } from '../../schema/common.js';
import { child, isUnset, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { atLeast, oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { labelSelector } from '../../schema/meta-v1.js';
import { defaultTemplate } from '../../schema/pod-spec-defaults.js';
import { podTemplateSpec } from '../../schema/pod-spec.js';
import { workloadCondition } from '../../schema/workload-condition.js';
import { intOrPercent, selectorImmutable, validateSelectorAndTemplate } from '../../schema/workload-validation.js';
import { defineKind, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.apps.v1';

export const daemonSet = kindObject(
  P,
  'DaemonSet',
  {
    spec: z
      .strictObject({
        selector: labelSelector.describe('Selects the pods of the set; must match the template labels and cannot change.'),
        template: podTemplateSpec.describe('Template of the pod run on every eligible node.'),
        updateStrategy: z
          .strictObject({
            type: z.string().optional().describe('RollingUpdate (the default) or OnDelete.'),
            rollingUpdate: z
              .strictObject({
                maxUnavailable: intOrString
                  .optional()
                  .describe('Nodes whose pod may be unavailable during the update, as a number or percentage; defaults to 1.'),
                maxSurge: intOrString.optional().describe('Nodes that may run an extra updated pod during the update; defaults to 0.'),
              })
              .meta({ id: `${P}.RollingUpdateDaemonSet`, description: 'Parameters of a DaemonSet rolling update.' })
              .optional()
              .describe('Rolling update parameters, for type RollingUpdate.'),
          })
          .meta({ id: `${P}.DaemonSetUpdateStrategy`, description: 'How a DaemonSet replaces its pods after a template change.' })
          .optional()
          .describe('How pods are updated when the template changes.'),
        minReadySeconds: int32.optional().describe('Seconds a new pod must be ready to count as available; defaults to 0.'),
        revisionHistoryLimit: int32.optional().describe('ControllerRevisions kept for rollback; defaults to 10.'),
      })
      .meta({ id: `${P}.DaemonSetSpec`, description: 'Desired state of a DaemonSet.' })
      .optional()
      .describe('Desired state of the DaemonSet.'),
    status: z
      .strictObject({
        currentNumberScheduled: int32.optional().describe('Nodes running at least one daemon pod that should.'),
        numberMisscheduled: int32.optional().describe('Nodes running a daemon pod that should not.'),
        desiredNumberScheduled: int32.optional().describe('Nodes that should run the daemon pod.'),
        numberReady: int32.optional().describe('Nodes whose daemon pod is ready.'),
        observedGeneration: int64.optional().describe('Generation last observed by the controller.'),
        updatedNumberScheduled: int32.optional().describe('Nodes running the updated daemon pod.'),
        numberAvailable: int32.optional().describe('Nodes whose daemon pod has been ready for minReadySeconds.'),
        numberUnavailable: int32.optional().describe('Nodes that should run an available daemon pod and do not.'),
        collisionCount: int32.optional().describe('Counter used to avoid revision name collisions.'),
        conditions: z.array(workloadCondition('DaemonSet')).optional().describe('Current conditions of the set.'),
      })
      .meta({ id: `${P}.DaemonSetStatus`, description: 'Observed state of a DaemonSet.' })
      .optional()
      .describe('Most recently observed status. Read-only.'),
  },
  'Runs a copy of a pod on every eligible node.',
);

export type DaemonSet = ObjectOf<typeof daemonSet>;

function defaultDaemonSet(ds: Obj): void {
  const spec = child(ds, 'spec');
  const strategy = child(spec, 'updateStrategy');
  setIfEmpty(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    if (isUnset(ru.maxUnavailable)) ru.maxUnavailable = 1;
    if (isUnset(ru.maxSurge)) ru.maxSurge = 0;
  }
  if (typeof spec.revisionHistoryLimit !== 'number') spec.revisionHistoryLimit = 10;
  defaultTemplate(spec);
}

export function validateDaemonSet(ds: DaemonSet, old: DaemonSet | undefined, errs: ErrorList): void {
  const s = specOf(ds);
  const f = root('spec');
  validateSelectorAndTemplate(s, f, errs, 'daemonset');
  const us = isObject(s.updateStrategy) ? s.updateStrategy : {};
  const uf = f.child('updateStrategy');
  oneOf(us.type, ['OnDelete', 'RollingUpdate'], uf.child('type'), errs);
  if (us.type === 'RollingUpdate' && isObject(us.rollingUpdate)) {
    const rf = uf.child('rollingUpdate');
    const mu = intOrPercent(us.rollingUpdate.maxUnavailable, rf.child('maxUnavailable'), errs);
    const ms = intOrPercent(us.rollingUpdate.maxSurge, rf.child('maxSurge'), errs);
    if (mu === 0 && ms === 0)
      errs.invalid(rf.child('maxUnavailable'), us.rollingUpdate.maxUnavailable, 'may not be 0 when `maxSurge` is 0');
    if (mu !== undefined && mu !== 0 && ms !== undefined && ms !== 0)
      errs.invalid(rf.child('maxSurge'), us.rollingUpdate.maxSurge, 'may not be set when maxUnavailable is non-zero');
  }
  atLeast(s.minReadySeconds, 0, f.child('minReadySeconds'), errs);
  atLeast(s.revisionHistoryLimit, 0, f.child('revisionHistoryLimit'), errs);
  selectorImmutable(s, old, f, errs);
}

export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Desired', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).', {
      type: 'integer',
    }),
    col('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', {
      type: 'integer',
    }),
    col(
      'Ready',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.',
      { type: 'integer' },
    ),
    col('Up-to-date', 'The total number of nodes that are running updated daemon pod', { type: 'integer' }),
    col(
      'Available',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
      { type: 'integer' },
    ),
    col(
      'Node Selector',
      "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node.",
    ),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    selectorColumn('A label query over pods that are managed by the daemon set. Must match in order to be controlled.'),
  ],
  cells(d: Obj, now) {
    const s = d.status ?? {};
    return [
      d.metadata.name ?? '',
      s.desiredNumberScheduled ?? 0,
      s.currentNumberScheduled ?? 0,
      s.numberReady ?? 0,
      s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0,
      formatLabels(d.spec?.template?.spec?.nodeSelector),
      age(d.metadata.creationTimestamp, now),
      containerNames(d.spec?.template),
      containerImages(d.spec?.template),
      formatLabelSelector(d.spec?.selector),
    ];
  },
};

export const daemonSetKind: KindDescriptor<DaemonSet> = defineKind({
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  resource: 'daemonsets',
  namespaced: true,
  shortNames: ['ds'],
  categories: ['all'],
  subresources: [statusSubresource],
  schema: daemonSet,
  protobuf: 'api.apps.v1.DaemonSet',
  printer: daemonSetPrinter,
  default: defaultDaemonSet,
  validate: validateDaemonSet,
  strategy: { tracksGeneration: true },
});
