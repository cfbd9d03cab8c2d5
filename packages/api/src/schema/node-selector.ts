/** Node selectors and topology terms, shared by pod affinity, PersistentVolume node affinity and StorageClass. */
import { z } from 'zod';

const P = 'io.k8s.api.core.v1';

const nodeSelectorRequirement = z
  .strictObject({
    key: z.string().describe('The label or field key the requirement applies to.'),
    operator: z.string().describe('In, NotIn, Exists, DoesNotExist, Gt or Lt.'),
    values: z
      .array(z.string())
      .optional()
      .describe('Values to compare with; one integer for Gt and Lt, empty for Exists and DoesNotExist.'),
  })
  .meta({ id: `${P}.NodeSelectorRequirement`, description: 'One requirement on a node label or field.' });

export const nodeSelector = z
  .strictObject({
    nodeSelectorTerms: z
      .array(
        z
          .strictObject({
            matchExpressions: z.array(nodeSelectorRequirement).optional().describe('Requirements on node labels, all of which must hold.'),
            matchFields: z.array(nodeSelectorRequirement).optional().describe('Requirements on node fields, all of which must hold.'),
          })
          .meta({ id: `${P}.NodeSelectorTerm`, description: 'A set of requirements that must all hold (ANDed).' }),
      )
      .describe('Terms of which at least one must match (ORed).'),
  })
  .meta({ id: `${P}.NodeSelector`, description: 'Selects nodes: the union of the results of its terms.' });

export const topologySelectorTerm = z
  .strictObject({
    matchLabelExpressions: z
      .array(
        z
          .strictObject({
            key: z.string().describe('The label key the requirement applies to.'),
            values: z.array(z.string()).describe('Label values of which one must match.'),
          })
          .meta({ id: `${P}.TopologySelectorLabelRequirement`, description: 'Requires a topology label to have one of the given values.' }),
      )
      .optional()
      .describe('Label requirements, all of which must hold.'),
  })
  .meta({ id: `${P}.TopologySelectorTerm`, description: 'A topology domain expressed as label requirements.' });
