/** The condition shape of the apps/v1 workloads. */
import { z } from 'zod';
import { time } from './common.js';

const P = 'io.k8s.api.apps.v1';

export const workloadCondition = <E extends Record<string, z.ZodType> = Record<never, z.ZodType>>(kind: string, extra: E = {} as E) =>
  z
    .strictObject({
      type: z.string().describe('Condition type.'),
      status: z.string().describe('True, False or Unknown.'),
      ...extra,
      lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
      reason: z.string().optional().describe('CamelCase reason of the last transition.'),
      message: z.string().optional().describe('Human-readable details.'),
    })
    .meta({ id: `${P}.${kind}Condition`, description: `One condition of a ${kind}.` });
