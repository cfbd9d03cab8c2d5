/**
 * Schemas of `events.k8s.io/v1` (Event, the same stored objects as core v1 Events under newer
 * field names) and `apiextensions.k8s.io/v1` (CustomResourceDefinition).
 */
import { z } from 'zod';
import { int32, microTime, opaque, time } from './common.js';
import { eventSource, objectReference } from './core-v1.js';
import { kindObject } from './kind.js';

const s = () => z.string();
const b = () => z.boolean();
const strs = () => z.array(z.string());

// ---- events.k8s.io/v1 --------------------------------------------------------------------------

const EV = 'io.k8s.api.events.v1';

export const eventV1 = kindObject(EV, 'Event', {
  eventTime: microTime.nullable().describe('When the event was first observed.'),
  series: z.strictObject({
    count: int32.describe('Occurrences of the event in the series so far.'),
    lastObservedTime: microTime.describe('When the last occurrence was observed.'),
  }).meta({ id: `${EV}.EventSeries`, description: 'Data about a series of events that keep recurring.' }).optional().describe('Data about the series, for an event that recurs.'),
  reportingController: s().optional().describe('The controller that emitted the event, such as kubernetes.io/kubelet.'),
  reportingInstance: s().optional().describe('The instance of that controller, such as kubelet-node-1.'),
  action: s().optional().describe('What was taken or failed about the regarding object.'),
  reason: s().optional().describe('Why the action was taken, in CamelCase.'),
  regarding: objectReference.optional().describe('The object this event is about.'),
  related: objectReference.optional().describe('A second object involved, if any.'),
  note: s().optional().describe('A human-readable description, at most 1 kB.'),
  type: s().optional().describe('Normal or Warning.'),
  deprecatedSource: eventSource.optional().describe('Origin of the event, as core v1 Events record it.'),
  deprecatedFirstTimestamp: time.nullable().optional().describe('The core v1 firstTimestamp.'),
  deprecatedLastTimestamp: time.nullable().optional().describe('The core v1 lastTimestamp.'),
  deprecatedCount: int32.optional().describe('The core v1 count.'),
}, 'A report of something that happened in the cluster, such as a pod being scheduled or an image failing to pull.');

// ---- apiextensions.k8s.io/v1 -------------------------------------------------------------------

const AX = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

const names = z.strictObject({
  plural: s().describe('The resource name in URLs, all lower case: /apis/<group>/<version>/<plural>.'),
  singular: s().optional().describe('The singular name, used by kubectl; defaults to the lower-cased kind.'),
  shortNames: strs().optional().describe('Short aliases kubectl accepts, such as ct for crontabs.'),
  kind: s().describe('The CamelCase kind of the objects.'),
  listKind: s().optional().describe('The kind of lists; defaults to <kind>List.'),
  categories: strs().optional().describe('Groups this resource belongs to, such as all (kubectl get all).'),
}).meta({ id: `${AX}.CustomResourceDefinitionNames`, description: 'The names a custom resource is served under.' });

const printerColumn = z.strictObject({
  name: s().describe('Column header.'),
  type: s().describe('OpenAPI type of the cell: integer, number, string, boolean or date.'),
  format: s().optional().describe('OpenAPI format of the cell, such as name.'),
  description: s().optional().describe('Human-readable description of the column.'),
  priority: int32.optional().describe('0 shows the column by default; higher values only in wide output.'),
  jsonPath: s().describe('A simple JSONPath, evaluated against each object, that produces the cell.'),
}).meta({ id: `${AX}.CustomResourceColumnDefinition`, description: 'A column kubectl get prints for the custom resource.' });

const version = z.strictObject({
  name: s().describe('The version name, such as v1 or v1beta1; served at /apis/<group>/<name>.'),
  served: b().describe('Whether the version is served by the REST API.'),
  storage: b().describe('Whether objects are stored in this version; exactly one version must be.'),
  deprecated: b().optional().describe('Whether requests to this version get a deprecation warning.'),
  deprecationWarning: s().optional().describe('Overrides the default deprecation warning.'),
  schema: z.strictObject({
    openAPIV3Schema: opaque('A structural OpenAPI v3 schema (type, properties, items, required, enum, default, x-kubernetes-preserve-unknown-fields, …) that objects of this version are validated, pruned and defaulted against.').optional(),
  }).meta({ id: `${AX}.CustomResourceValidation`, description: 'Validation rules of a version.' }).optional().describe('The schema objects of this version must follow.'),
  subresources: z.strictObject({
    status: z.record(z.string(), z.unknown()).optional().describe('Enables the /status subresource: the main resource ignores status changes and /status only changes status.'),
    scale: z.strictObject({
      specReplicasPath: s().describe('JSON path of the desired replica count, such as .spec.replicas.'),
      statusReplicasPath: s().describe('JSON path of the observed replica count, such as .status.replicas.'),
      labelSelectorPath: s().optional().describe('JSON path of the string label selector of the pods, such as .status.selector.'),
    }).meta({ id: `${AX}.CustomResourceSubresourceScale`, description: 'How the scale subresource maps onto the object.' }).optional().describe('Enables the /scale subresource.'),
  }).meta({ id: `${AX}.CustomResourceSubresources`, description: 'Subresources a version serves.' }).optional().describe('Status and scale subresources of this version.'),
  additionalPrinterColumns: z.array(printerColumn).optional().describe('Columns kubectl get prints; NAME and AGE when none are given.'),
  selectableFields: z.array(z.strictObject({
    jsonPath: s().describe('JSON path of a string, integer or boolean field.'),
  }).meta({ id: `${AX}.SelectableField`, description: 'A field usable in field selectors.' })).optional().describe('Extra fields usable in field selectors.'),
}).meta({ id: `${AX}.CustomResourceDefinitionVersion`, description: 'One version of a custom resource.' });

export const customResourceDefinition = kindObject(AX, 'CustomResourceDefinition', {
  spec: z.strictObject({
    group: s().describe('The API group of the resource, a DNS subdomain such as stable.example.com.'),
    names: names.describe('The names the resource is served under.'),
    scope: s().describe('Namespaced or Cluster.'),
    versions: z.array(version).describe('The versions served; exactly one is the storage version.'),
    conversion: z.strictObject({
      strategy: s().describe('None (only apiVersion changes) or Webhook.'),
      webhook: opaque('The webhook called for Webhook conversion.').optional(),
    }).meta({ id: `${AX}.CustomResourceConversion`, description: 'How objects are converted between versions.' }).optional().describe('How objects are converted between versions; defaults to None.'),
    preserveUnknownFields: b().optional().describe('Deprecated; must be false: unknown fields are pruned unless the schema preserves them.'),
  }).meta({ id: `${AX}.CustomResourceDefinitionSpec`, description: 'Describes how a custom resource is served.' }).describe('The resource the definition adds to the API.'),
  status: z.strictObject({
    conditions: z.array(z.strictObject({
      type: s().describe('Established, NamesAccepted, NonStructuralSchema, Terminating or KubernetesAPIApprovalPolicyConformant.'),
      status: s().describe('True, False or Unknown.'),
      lastTransitionTime: time.nullable().optional().describe('When the condition last changed status.'),
      reason: s().optional().describe('A CamelCase reason for the last transition.'),
      message: s().optional().describe('Human-readable details.'),
    }).meta({ id: `${AX}.CustomResourceDefinitionCondition`, description: 'One condition of a definition.' })).optional().describe('Conditions of the definition.'),
    acceptedNames: names.optional().describe('The names actually served; they may differ from spec.names on a conflict.'),
    storedVersions: strs().optional().describe('Every version objects were ever stored in.'),
  }).meta({ id: `${AX}.CustomResourceDefinitionStatus`, description: 'Observed state of a definition.' }).optional().describe('Observed state of the definition. Read-only.'),
}, 'Adds a custom resource to the API: served, stored, watched, validated and printed like the built-in ones.');
