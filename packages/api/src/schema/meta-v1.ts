/** Shared metadata schemas of `meta.k8s.io/v1`: ObjectMeta, selectors, owner references, conditions. */
import { z } from 'zod';
import { int32, int64, stringMap, time } from './common.js';

const P = 'io.k8s.apimachinery.pkg.apis.meta.v1';

export const ownerReference = z
  .strictObject({
    apiVersion: z.string().describe('API version of the owner.'),
    kind: z.string().describe('Kind of the owner.'),
    name: z.string().describe('Name of the owner.'),
    uid: z.string().describe('UID of the owner.'),
    controller: z.boolean().optional().describe('True when the owner is the managing controller of this object; at most one owner may be.'),
    blockOwnerDeletion: z.boolean().optional().describe('When true, foreground deletion of the owner waits until this object is removed.'),
  })
  .meta({
    id: `${P}.OwnerReference`,
    description: 'Identifies an object that owns this one; owned objects are garbage-collected with their owner.',
  });

export const managedFieldsEntry = z
  .strictObject({
    manager: z.string().optional().describe('The workflow that manages these fields.'),
    operation: z.string().optional().describe('Apply or Update: the kind of operation that set these fields.'),
    apiVersion: z.string().optional().describe('API version the field set is expressed in.'),
    time: time.optional().describe('When the entry was last changed.'),
    fieldsType: z.string().optional().describe('Format of fieldsV1; only FieldsV1 exists.'),
    fieldsV1: z.record(z.string(), z.unknown()).optional().describe('The set of fields owned, as a trie of f:/k:/v:/i: keys.'),
    subresource: z.string().optional().describe('The subresource the operation was made through, if any.'),
  })
  .meta({ id: `${P}.ManagedFieldsEntry`, description: 'Records which manager owns which fields of the object.' });

export const objectMeta = z
  .strictObject({
    name: z.string().optional().describe('Unique name within the namespace; required unless generateName is set. Cannot be changed.'),
    generateName: z.string().optional().describe('Prefix for a server-generated unique name, used when name is empty.'),
    namespace: z.string().optional().describe('The namespace the object lives in; empty for cluster-scoped objects.'),
    selfLink: z.string().optional().describe('Deprecated and unset by the server.'),
    uid: z.string().optional().describe('Server-assigned unique identifier for this incarnation of the object. Read-only.'),
    resourceVersion: z.string().optional().describe('Opaque version string for optimistic concurrency and watches. Read-only.'),
    generation: int64.optional().describe('Sequence number of the desired state; bumped on spec changes. Read-only.'),
    creationTimestamp: time.optional().describe('When the object was created. Read-only.'),
    deletionTimestamp: time.optional().describe('When the object will be (or was requested to be) deleted. Read-only.'),
    deletionGracePeriodSeconds: int64
      .optional()
      .describe('Seconds the object has to terminate gracefully once deletion was requested. Read-only.'),
    labels: stringMap.optional().describe('Key/value pairs used to organize and select objects.'),
    annotations: stringMap.optional().describe('Arbitrary non-identifying metadata stored with the object.'),
    ownerReferences: z
      .array(ownerReference)
      .optional()
      .describe('Objects this one depends on; a controller owner is marked controller=true.'),
    finalizers: z.array(z.string()).optional().describe('Tokens that must be removed before the object is deleted from storage.'),
    managedFields: z.array(managedFieldsEntry).optional().describe('Field ownership bookkeeping for server-side apply.'),
  })
  .meta({
    id: `${P}.ObjectMeta`,
    description: 'Metadata every persisted object carries: name, namespace, labels, annotations, ownership and versioning.',
  });

export const listMeta = z
  .strictObject({
    resourceVersion: z.string().optional().describe('Version of the list, for a following watch.'),
    continue: z.string().optional().describe('Token for fetching the next page when the list was limited.'),
    remainingItemCount: int64.optional().describe('Approximate number of items after this page.'),
    selfLink: z.string().optional().describe('Deprecated and unset by the server.'),
  })
  .meta({ id: `${P}.ListMeta`, description: 'Metadata of a list response.' });

export const labelSelectorRequirement = z
  .strictObject({
    key: z.string().describe('The label key the requirement applies to.'),
    operator: z.string().describe('One of In, NotIn, Exists, DoesNotExist.'),
    values: z.array(z.string()).optional().describe('Values for In and NotIn; must be empty for Exists and DoesNotExist.'),
  })
  .meta({ id: `${P}.LabelSelectorRequirement`, description: 'One set-based label requirement.' });

export const labelSelector = z
  .strictObject({
    matchLabels: stringMap.optional().describe('Labels that must all be present with these exact values.'),
    matchExpressions: z.array(labelSelectorRequirement).optional().describe('Set-based requirements that must all hold.'),
  })
  .meta({
    id: `${P}.LabelSelector`,
    description: 'Selects objects by label; the requirements are ANDed. An empty selector matches everything, a null one nothing.',
  });

export const condition = z
  .strictObject({
    type: z.string().describe('Type of the condition, in CamelCase.'),
    status: z.string().describe('True, False or Unknown.'),
    observedGeneration: int64.optional().describe('The metadata.generation the condition was computed from.'),
    lastTransitionTime: time.optional().describe('When the status last changed.'),
    reason: z.string().optional().describe('Machine-readable CamelCase reason for the last transition.'),
    message: z.string().optional().describe('Human-readable detail about the last transition.'),
  })
  .meta({ id: `${P}.Condition`, description: 'One aspect of the current state of an object.' });

export { int32 };
