/** ResourceQuota (core/v1): aggregate limits on what a namespace may consume. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { formatQuantity } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { isQuantity } from '../../quantity.js';
import { canonicalizeResourceList } from '../../schema/canonical-quantity.js';
import { resourceList } from '../../schema/common.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { list } from '../../schema/meta-validation.js';
import { defineKind, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const resourceQuota = kindObject(
  P,
  'ResourceQuota',
  {
    spec: z
      .strictObject({
        hard: resourceList
          .optional()
          .describe('The enforced maximum per named resource (cpu, requests.memory, pods, count/deployments.apps, …).'),
        scopes: z
          .array(z.string())
          .optional()
          .describe(
            'Only objects matching every scope are tracked: Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity.',
          ),
        scopeSelector: z
          .strictObject({
            matchExpressions: z
              .array(
                z
                  .strictObject({
                    scopeName: z.string().describe('The scope the requirement applies to.'),
                    operator: z.string().describe('In, NotIn, Exists or DoesNotExist.'),
                    values: z.array(z.string()).optional().describe('Values for In and NotIn.'),
                  })
                  .meta({ id: `${P}.ScopedResourceSelectorRequirement`, description: 'A requirement on a quota scope.' }),
              )
              .optional()
              .describe('Scope requirements, all of which must hold.'),
          })
          .meta({ id: `${P}.ScopeSelector`, description: 'Selects the objects a quota tracks by scope.' })
          .optional()
          .describe('A scope filter that must match the objects tracked.'),
      })
      .meta({ id: `${P}.ResourceQuotaSpec`, description: 'The desired hard limits of a quota.' })
      .optional()
      .describe('The limits enforced.'),
    status: z
      .strictObject({
        hard: resourceList.optional().describe('The enforced hard limits, as last observed.'),
        used: resourceList.optional().describe('Current observed usage in the namespace.'),
      })
      .meta({ id: `${P}.ResourceQuotaStatus`, description: 'Enforced limits and current usage.' })
      .optional()
      .describe('The limits enforced and the usage observed. Read-only.'),
  },
  'Constraints on the aggregate resource consumption of one namespace.',
);

export type ResourceQuota = ObjectOf<typeof resourceQuota>;

function defaultResourceQuota(q: Obj): void {
  if (isObject(q.spec)) canonicalizeResourceList(q.spec.hard);
  if (isObject(q.status)) {
    canonicalizeResourceList(q.status.hard);
    canonicalizeResourceList(q.status.used);
  }
}

const QUOTA_SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];

export function validateResourceQuota(q: ResourceQuota, errs: ErrorList): void {
  const s = specOf(q);
  const f = root('spec');
  for (const [k, v] of Object.entries(isObject(s.hard) ? s.hard : {})) {
    if (!isQuantity(String(v))) errs.invalid(f.child('hard').key(k), v, 'must be a valid quantity');
    else if (String(v).startsWith('-')) errs.invalid(f.child('hard').key(k), v, 'must be greater than or equal to 0');
  }
  list(s.scopes).forEach((sc, i) => {
    if (typeof sc !== 'string' || !QUOTA_SCOPES.includes(sc)) errs.notSupported(f.child('scopes').index(i), sc, QUOTA_SCOPES);
  });
  const exprs = isObject(s.scopeSelector) ? list(s.scopeSelector.matchExpressions) : [];
  exprs.forEach((e, i) => {
    if (!isObject(e)) return;
    const ef = f.child('scopeSelector').child('matchExpressions').index(i);
    oneOf(e.scopeName, QUOTA_SCOPES, ef.child('scopeName'), errs, true);
    oneOf(e.operator, ['DoesNotExist', 'Exists', 'In', 'NotIn'], ef.child('operator'), errs, true);
  });
}

export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    AGE_COLUMN,
    col('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  cells(q: Obj, now) {
    const request: string[] = [];
    const limit: string[] = [];
    for (const res of Object.keys(q.spec?.hard ?? {}).sort()) {
      const text = `${res}: ${formatQuantity(q.status?.used?.[res])}/${formatQuantity(q.status?.hard?.[res])}`;
      (res.split('.')[0] === 'limits' && res.includes('.') ? limit : request).push(text);
    }
    return [q.metadata.name ?? '', age(q.metadata.creationTimestamp, now), request.join(', '), limit.join(', ')];
  },
};

export const resourceQuotaKind: KindDescriptor<ResourceQuota> = defineKind({
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  resource: 'resourcequotas',
  namespaced: true,
  shortNames: ['quota'],
  subresources: [statusSubresource],
  schema: resourceQuota,
  protobuf: 'api.core.v1.ResourceQuota',
  printer: resourceQuotaPrinter,
  default: defaultResourceQuota,
  validate: (q, _old, errs) => validateResourceQuota(q, errs),
});
