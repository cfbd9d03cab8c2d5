/** LimitRange (core/v1): per-object resource bounds and defaults in a namespace. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { createdAtPrinter } from '../../printers/printer.js';
import { isQuantity } from '../../quantity.js';
import { canonicalizeResourceList } from '../../schema/canonical-quantity.js';
import { resourceList } from '../../schema/common.js';
import { arr } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { list } from '../../schema/meta-validation.js';
import { defineKind, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const limitRange = kindObject(
  P,
  'LimitRange',
  {
    spec: z
      .strictObject({
        limits: z
          .array(
            z
              .strictObject({
                type: z.string().describe('The kind of object the limits apply to: Pod, Container or PersistentVolumeClaim.'),
                max: resourceList.optional().describe('Maximum usage per resource.'),
                min: resourceList.optional().describe('Minimum usage per resource.'),
                default: resourceList.optional().describe('Limits applied to containers that set none.'),
                defaultRequest: resourceList.optional().describe('Requests applied to containers that set none.'),
                maxLimitRequestRatio: resourceList.optional().describe('Maximum ratio of limit to request per resource.'),
              })
              .meta({ id: `${P}.LimitRangeItem`, description: 'Limits for one kind of object.' }),
          )
          .describe('The limits enforced, one item per object type.'),
      })
      .meta({ id: `${P}.LimitRangeSpec`, description: 'The limits of a LimitRange.' })
      .optional()
      .describe('The limits enforced.'),
  },
  'Default and bounding resource limits for the pods, containers and claims of a namespace.',
);

export type LimitRange = ObjectOf<typeof limitRange>;

/** SetDefaults_LimitRangeItem: a container's default limit falls back to max, its default request to the default limit, then min. */
function defaultLimitRange(lr: Obj): void {
  for (const item of arr(isObject(lr.spec) ? lr.spec.limits : undefined)) {
    for (const k of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) canonicalizeResourceList(item[k]);
    if (item.type !== 'Container') continue;
    const max: Obj = isObject(item.max) ? item.max : {};
    const min: Obj = isObject(item.min) ? item.min : {};
    const def: Obj = isObject(item.default) ? item.default : {};
    for (const [k, v] of Object.entries(max)) if (!(k in def)) def[k] = v;
    const req: Obj = isObject(item.defaultRequest) ? item.defaultRequest : {};
    for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
    for (const [k, v] of Object.entries(min)) if (!(k in req)) req[k] = v;
    if (Object.keys(def).length) item.default = def;
    if (Object.keys(req).length) item.defaultRequest = req;
  }
}

export function validateLimitRange(lr: LimitRange, errs: ErrorList): void {
  list(specOf(lr).limits).forEach((item, i) => {
    if (!isObject(item)) return;
    const f = root('spec').child('limits').index(i);
    oneOf(item.type, ['Container', 'PersistentVolumeClaim', 'Pod'], f.child('type'), errs, true);
    for (const k of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
      for (const [res, v] of Object.entries(isObject(item[k]) ? item[k] : {}))
        if (!isQuantity(String(v))) errs.invalid(f.child(k).key(res), v, 'must be a valid quantity');
    }
    if (item.type === 'Pod') {
      if (item.default !== undefined) errs.forbidden(f.child('default'), "may not be specified when `type` is 'Pod'");
      if (item.defaultRequest !== undefined) errs.forbidden(f.child('defaultRequest'), "may not be specified when `type` is 'Pod'");
    }
  });
}

export const limitRangeKind: KindDescriptor<LimitRange> = defineKind({
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  resource: 'limitranges',
  namespaced: true,
  shortNames: ['limits'],
  schema: limitRange,
  protobuf: 'api.core.v1.LimitRange',
  printer: createdAtPrinter,
  default: defaultLimitRange,
  validate: (lr, _old, errs) => validateLimitRange(lr, errs),
});
