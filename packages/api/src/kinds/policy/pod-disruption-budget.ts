/** PodDisruptionBudget (policy/v1): how many selected pods voluntary disruptions must leave available. */
import { z } from 'zod';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32, int64, intOrString, time } from '../../schema/common.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { condition, labelSelector } from '../../schema/meta-v1.js';
import { validateLabelSelector } from '../../schema/meta-validation.js';
import { intOrPercent } from '../../schema/workload-validation.js';
import { defineKind, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const POLICY = 'io.k8s.api.policy.v1';

export const podDisruptionBudget = kindObject(
  POLICY,
  'PodDisruptionBudget',
  {
    spec: z
      .strictObject({
        minAvailable: intOrString
          .optional()
          .describe('Pods (a number or a percentage) that must stay available after an eviction; excludes maxUnavailable.'),
        selector: labelSelector
          .optional()
          .describe('Selects the pods the budget protects; an empty selector selects every pod of the namespace.'),
        maxUnavailable: intOrString
          .optional()
          .describe('Pods (a number or a percentage) that may be unavailable after an eviction; excludes minAvailable.'),
        unhealthyPodEvictionPolicy: z
          .string()
          .optional()
          .describe('When running but not ready pods may be evicted: IfHealthyBudget (the default) or AlwaysAllow.'),
      })
      .meta({ id: `${POLICY}.PodDisruptionBudgetSpec`, description: 'Desired behaviour of a disruption budget.' })
      .optional()
      .describe('The budget: which pods, and how many may be disrupted.'),
    status: z
      .strictObject({
        observedGeneration: int64.optional().describe('Generation last observed by the disruption controller.'),
        disruptedPods: z
          .record(z.string(), time)
          .optional()
          .describe('Pods whose eviction was admitted but which are not yet gone, with the admission time.'),
        disruptionsAllowed: int32.optional().describe('Pod disruptions currently allowed.'),
        currentHealthy: int32.optional().describe('Healthy pods currently selected.'),
        desiredHealthy: int32.optional().describe('Healthy pods needed.'),
        expectedPods: int32.optional().describe('Pods counted by the budget.'),
        conditions: z.array(condition).optional().describe('Conditions of the budget, such as DisruptionAllowed.'),
      })
      .meta({ id: `${POLICY}.PodDisruptionBudgetStatus`, description: 'Observed state of a disruption budget.' })
      .optional()
      .describe('Most recently observed status. Read-only.'),
  },
  'Limits how many pods of a collection may be down at once through voluntary disruptions (evictions).',
);

export type PodDisruptionBudget = ObjectOf<typeof podDisruptionBudget>;

export function validatePodDisruptionBudget(pdb: PodDisruptionBudget, errs: ErrorList): void {
  const s = specOf(pdb);
  const f = root('spec');
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined)
    errs.invalid(f, s, 'minAvailable and maxUnavailable cannot be both set');
  for (const k of ['minAvailable', 'maxUnavailable']) {
    const n = intOrPercent(s[k], f.child(k), errs);
    if (typeof s[k] === 'string' && n !== undefined && n > 100) errs.invalid(f.child(k), s[k], 'must not be greater than 100%');
  }
  validateLabelSelector(s.selector, f.child('selector'), errs);
  oneOf(s.unhealthyPodEvictionPolicy, ['AlwaysAllow', 'IfHealthyBudget'], f.child('unhealthyPodEvictionPolicy'), errs);
}

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
    return [
      p.metadata.name ?? '',
      show(p.spec?.minAvailable),
      show(p.spec?.maxUnavailable),
      p.status?.disruptionsAllowed ?? 0,
      age(p.metadata.creationTimestamp, now),
    ];
  },
};

export const podDisruptionBudgetKind: KindDescriptor<PodDisruptionBudget> = defineKind({
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  resource: 'poddisruptionbudgets',
  namespaced: true,
  shortNames: ['pdb'],
  subresources: [statusSubresource],
  schema: podDisruptionBudget,
  protobuf: 'api.policy.v1.PodDisruptionBudget',
  printer: podDisruptionBudgetPrinter,
  validate: (pdb, _old, errs) => validatePodDisruptionBudget(pdb, errs),
  strategy: { tracksGeneration: true },
});
