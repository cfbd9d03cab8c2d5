import { describe, expect, it } from 'vitest';
import { RESOURCES, apiVersionOf, resourceFor } from '../resources.js';
import { objectFields, supportedFields } from '../object-fields.js';
import { KINDS, kindDescriptorFor, kindDescriptorOf } from './index.js';

/** Discovery order as kube-apiserver's, written out: kubectl resolves ambiguous names by it. */
const DISCOVERY_ORDER = [
  'v1/namespaces',
  'v1/nodes',
  'v1/pods',
  'v1/bindings',
  'v1/services',
  'v1/endpoints',
  'v1/events',
  'v1/replicationcontrollers',
  'v1/configmaps',
  'v1/secrets',
  'v1/serviceaccounts',
  'v1/persistentvolumes',
  'v1/persistentvolumeclaims',
  'v1/resourcequotas',
  'v1/limitranges',
  'v1/podtemplates',
  'apps/v1/deployments',
  'apps/v1/replicasets',
  'apps/v1/statefulsets',
  'apps/v1/daemonsets',
  'apps/v1/controllerrevisions',
  'events.k8s.io/v1/events',
  'autoscaling/v2/horizontalpodautoscalers',
  'autoscaling/v1/horizontalpodautoscalers',
  'batch/v1/jobs',
  'batch/v1/cronjobs',
  'networking.k8s.io/v1/ingressclasses',
  'networking.k8s.io/v1/ingresses',
  'policy/v1/poddisruptionbudgets',
  'storage.k8s.io/v1/storageclasses',
  'apiextensions.k8s.io/v1/customresourcedefinitions',
  'scheduling.k8s.io/v1/priorityclasses',
  'coordination.k8s.io/v1/leases',
  'discovery.k8s.io/v1/endpointslices',
  'metrics.k8s.io/v1beta1/nodes',
  'metrics.k8s.io/v1beta1/pods',
];

const stored = KINDS.filter((d) => d.group !== 'metrics.k8s.io');

describe('the kind registry', () => {
  it('lists resources in discovery order', () => {
    expect(RESOURCES.map((r) => `${apiVersionOf(r)}/${r.resource}`)).toEqual(DISCOVERY_ORDER);
  });

  it('resolves a core name before the metrics group and a preferred version first', () => {
    expect(resourceFor('', 'pods')?.group).toBe('');
    expect(resourceFor('autoscaling', 'horizontalpodautoscalers')?.version).toBe('v2');
    expect(kindDescriptorOf('autoscaling', 'horizontalpodautoscalers')?.version).toBe('v2');
  });

  it('has one descriptor per group, version and kind', () => {
    const keys = KINDS.map((d) => `${d.group}/${d.version}/${d.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of KINDS) expect(kindDescriptorFor(d)).toBe(d);
  });

  it('gives every stored kind a schema with a unique OpenAPI id', () => {
    const ids = stored.map((d) => d.openapiId);
    for (const [i, d] of stored.entries()) {
      expect(d.schema, d.kind).toBeDefined();
      expect(ids[i], d.kind).toMatch(new RegExp(`\\.${d.version}\\.${d.kind}$`));
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives the stored kinds that name a protobuf message a unique one of their group and version', () => {
    const withProtobuf = stored.filter((d) => d.protobuf !== undefined);
    expect(withProtobuf.length).toBeGreaterThan(30);
    const names = withProtobuf.map((d) => d.protobuf);
    for (const d of withProtobuf) expect(d.protobuf, d.kind).toMatch(new RegExp(`^[a-z_.]+\\.${d.version}\\.${d.kind}$`));
    expect(new Set(names).size).toBe(names.length);
  });

  it('selects on every field it declares, and on name and namespace', () => {
    for (const d of KINDS) {
      const fields = objectFields(d.group, d.resource, { metadata: { name: 'n', namespace: 'ns' } });
      const preferred = kindDescriptorOf(d.group, d.resource)!;
      expect(Object.keys(fields).sort()).toEqual(supportedFields(d.group, d.resource).sort());
      expect(Object.keys(fields)).toEqual(['metadata.name', 'metadata.namespace', ...Object.keys(preferred.fields)]);
      for (const v of Object.values(fields)) expect(typeof v).toBe('string');
    }
  });

  it('prints one cell per column, with unique column names, for every kind with a printer', () => {
    const printed = stored.filter((d) => d.printer);
    expect(printed.length).toBeGreaterThan(25);
    for (const d of printed) {
      const names = d.printer!.columns.map((c) => c.name);
      expect(new Set(names).size, d.kind).toBe(names.length);
      const cells = d.printer!.cells(
        { metadata: { name: 'n', namespace: 'ns', creationTimestamp: '2026-01-01T00:00:00Z' } },
        Date.parse('2026-01-01T00:01:00Z'),
      );
      expect(cells, d.kind).toHaveLength(names.length);
    }
  });
});
