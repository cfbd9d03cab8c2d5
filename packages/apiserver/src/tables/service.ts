/** Service columns: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S) as kubectl prints them. */
import type { Service } from '@kemu/api';
import { age } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, col, formatLabels, type Printer } from './table.js';

function externalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ExternalName': return spec.externalName || '<none>';
    case 'LoadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...ingress, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    default: return external.length ? external.join(',') : '<none>';
  }
}

function ports(svc: Service): string {
  const list = svc.spec?.ports ?? [];
  if (list.length === 0) return '<none>';
  return list.map((p) => {
    const proto = p.protocol ?? 'TCP';
    return p.nodePort ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
  }).join(',');
}

export const servicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Type', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    col('Selector', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  cells(svc: Service, now) {
    return [
      svc.metadata.name ?? '', svc.spec?.type ?? 'ClusterIP', svc.spec?.clusterIP || '<none>', externalIP(svc), ports(svc),
      age(svc.metadata.creationTimestamp, now), formatLabels(svc.spec?.selector),
    ];
  },
};
