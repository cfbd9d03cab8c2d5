/**
 * paths of a group-version document: for each resource its collection and item paths with the
 * operations it supports, each carrying `x-kubernetes-group-version-kind` and `x-kubernetes-action`.
 * PATCH bodies deliberately omit `application/strategic-merge-patch+json`, so kubectl computes
 * strategic patches from its compiled-in type metadata instead of from these documents.
 */
import type { ResourceInfo } from '@kemu/api';

type Schema = Record<string, any>;
const REF = (id: string) => ({ $ref: `#/components/schemas/${id}` });

const queryParam = (name: string, type: 'string' | 'boolean' | 'integer', description: string) => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});

const P = {
  dryRun: queryParam('dryRun', 'string', 'When present (All), the request is validated and computed but nothing is persisted.'),
  fieldManager: queryParam('fieldManager', 'string', 'Name of the actor making the change, recorded in managedFields; required for apply.'),
  fieldValidation: queryParam(
    'fieldValidation',
    'string',
    'How the server treats unknown or duplicate fields in the body: Ignore, Warn or Strict.',
  ),
  force: queryParam('force', 'boolean', 'Apply only: take ownership of fields other managers own instead of reporting conflicts.'),
  pretty: queryParam('pretty', 'string', 'Pretty-print the output when true.'),
  labelSelector: queryParam('labelSelector', 'string', 'Restricts the list to objects whose labels match.'),
  fieldSelector: queryParam('fieldSelector', 'string', 'Restricts the list to objects whose fields match.'),
  limit: queryParam('limit', 'integer', 'Maximum number of items to return.'),
  continue: queryParam('continue', 'string', 'Token from a previous limited list.'),
  resourceVersion: queryParam('resourceVersion', 'string', 'Which version of the data the request is served from.'),
  watch: queryParam('watch', 'boolean', 'Stream changes instead of returning a list.'),
  timeoutSeconds: queryParam('timeoutSeconds', 'integer', 'Time limit of a list or watch call.'),
  allowWatchBookmarks: queryParam('allowWatchBookmarks', 'boolean', 'Allow BOOKMARK events in a watch.'),
  gracePeriodSeconds: queryParam('gracePeriodSeconds', 'integer', 'Seconds before the object is deleted; 0 deletes immediately.'),
  propagationPolicy: queryParam('propagationPolicy', 'string', 'Orphan, Background or Foreground garbage collection of dependents.'),
};

const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', uniqueItems: true },
});

function json(id: string) {
  return {
    'application/json': { schema: REF(id) },
    'application/yaml': { schema: REF(id) },
    'application/vnd.kubernetes.protobuf': { schema: REF(id) },
  };
}

function ok(id: string, code = '200') {
  return { [code]: { description: code === '201' ? 'Created' : 'OK', content: json(id) }, '401': { description: 'Unauthorized' } };
}

/** `resources` of one group version; `schemaIdOf` names the component schema of a resource's kind. */
export function pathsFor(resources: readonly ResourceInfo[], schemaIdOf: (r: ResourceInfo) => string): Record<string, Schema> {
  const paths: Record<string, Schema> = {};
  for (const r of resources) {
    const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const nsPart = r.namespaced ? '/namespaces/{namespace}' : '';
    const id = schemaIdOf(r);
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const scope = r.namespaced ? 'Namespaced' : '';
    const common = (action: string, verb: string) => ({
      operationId: `${verb}${scope}${r.kind}`,
      tags: [r.group ? `${r.group.replace(/\.k8s\.io$/, '').replace(/\./g, '')}_${r.version}` : `core_${r.version}`],
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    const nsParam = r.namespaced ? [pathParam('namespace', 'Object name and auth scope, such as for teams and projects.')] : [];
    const nameParam = pathParam('name', `Name of the ${r.kind}.`);

    const collection: Schema = { parameters: [...nsParam, P.pretty] };
    if (r.verbs.includes('list')) {
      collection.get = {
        ...common('list', 'list'),
        description: `List or watch objects of kind ${r.kind}.`,
        parameters: [
          P.allowWatchBookmarks,
          P.continue,
          P.fieldSelector,
          P.labelSelector,
          P.limit,
          P.resourceVersion,
          P.timeoutSeconds,
          P.watch,
        ],
        responses: ok(`${id}List`),
      };
    }
    if (r.verbs.includes('create')) {
      collection.post = {
        ...common('post', 'create'),
        description: `Create a ${r.kind}.`,
        requestBody: { content: { '*/*': { schema: REF(id) } }, required: true },
        parameters: [P.dryRun, P.fieldManager, P.fieldValidation],
        responses: { ...ok(id), ...ok(id, '201'), '202': { description: 'Accepted', content: json(id) } },
      };
    }
    if (collection.get || collection.post) paths[`${base}${nsPart}/${r.resource}`] = collection;

    const item: Schema = { parameters: [nameParam, ...nsParam, P.pretty] };
    if (r.verbs.includes('get')) item.get = { ...common('get', 'read'), description: `Read the specified ${r.kind}.`, responses: ok(id) };
    if (r.verbs.includes('update')) {
      item.put = {
        ...common('put', 'replace'),
        description: `Replace the specified ${r.kind}.`,
        requestBody: { content: { '*/*': { schema: REF(id) } }, required: true },
        parameters: [P.dryRun, P.fieldManager, P.fieldValidation],
        responses: { ...ok(id), ...ok(id, '201') },
      };
    }
    if (r.verbs.includes('patch')) {
      const patchBody = { schema: REF('io.k8s.apimachinery.pkg.apis.meta.v1.Patch') };
      item.patch = {
        ...common('patch', 'patch'),
        description: `Partially update the specified ${r.kind}.`,
        requestBody: {
          content: {
            'application/json-patch+json': patchBody,
            'application/merge-patch+json': patchBody,
            'application/apply-patch+yaml': patchBody,
          },
          required: true,
        },
        parameters: [P.dryRun, P.fieldManager, P.fieldValidation, P.force],
        responses: { ...ok(id), ...ok(id, '201') },
      };
    }
    if (r.verbs.includes('delete')) {
      item.delete = {
        ...common('delete', 'delete'),
        description: `Delete a ${r.kind}.`,
        parameters: [P.dryRun, P.gracePeriodSeconds, P.propagationPolicy],
        responses: {
          ...ok('io.k8s.apimachinery.pkg.apis.meta.v1.Status'),
          '202': { description: 'Accepted', content: json('io.k8s.apimachinery.pkg.apis.meta.v1.Status') },
        },
      };
    }
    if (item.get || item.put || item.patch || item.delete) paths[`${base}${nsPart}/${r.resource}/{name}`] = item;

    if (r.subresources.some((s) => s.name === 'status')) {
      const status: Schema = { parameters: [nameParam, ...nsParam, P.pretty] };
      status.get = {
        ...common('get', 'read'),
        operationId: `read${scope}${r.kind}Status`,
        description: `Read the status of the specified ${r.kind}.`,
        responses: ok(id),
      };
      status.put = {
        ...common('put', 'replace'),
        operationId: `replace${scope}${r.kind}Status`,
        description: `Replace the status of the specified ${r.kind}.`,
        requestBody: { content: { '*/*': { schema: REF(id) } }, required: true },
        parameters: [P.dryRun, P.fieldManager, P.fieldValidation],
        responses: ok(id),
      };
      const patchBody = { schema: REF('io.k8s.apimachinery.pkg.apis.meta.v1.Patch') };
      status.patch = {
        ...common('patch', 'patch'),
        operationId: `patch${scope}${r.kind}Status`,
        description: `Partially update the status of the specified ${r.kind}.`,
        requestBody: {
          content: {
            'application/json-patch+json': patchBody,
            'application/merge-patch+json': patchBody,
            'application/apply-patch+yaml': patchBody,
          },
          required: true,
        },
        parameters: [P.dryRun, P.fieldManager, P.fieldValidation, P.force],
        responses: ok(id),
      };
      paths[`${base}${nsPart}/${r.resource}/{name}/status`] = status;
    }
  }
  return paths;
}
