/** Service (core/v1): a stable virtual IP and name in front of a set of pods; named as a DNS-1035 label. */
import { isIP as netIsIP } from 'node:net';
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { formatLabels } from '../../printers/format.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32, intOrString, opaque, stringMap } from '../../schema/common.js';
import { arr, child, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { condition } from '../../schema/meta-v1.js';
import { list, str, validateLabels } from '../../schema/meta-validation.js';
import { dns1123Label, dns1123Subdomain, portNumber } from '../../schema/names.js';
import { PROTOCOLS, validatePortNumOrName } from '../../schema/pod-spec-validation.js';
import { defineKind, statusSubresource, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const servicePort = z
  .strictObject({
    name: z.string().optional().describe('DNS label naming the port; required when there are several ports.'),
    protocol: z.string().optional().describe('TCP, UDP or SCTP; defaults to TCP.'),
    appProtocol: z.string().optional().describe('Application protocol hint.'),
    port: int32.describe('Port the service exposes.'),
    targetPort: intOrString.optional().describe('Port number or name on the pods; defaults to port.'),
    nodePort: int32.optional().describe('Port on every node for NodePort and LoadBalancer services; allocated when omitted.'),
  })
  .meta({ id: `${P}.ServicePort`, description: 'A port a service exposes.' });

export const service = kindObject(
  P,
  'Service',
  {
    spec: z
      .strictObject({
        ports: z.array(servicePort).optional().describe('Ports exposed by the service.'),
        selector: stringMap.optional().describe('Routes traffic to pods whose labels match; none means endpoints are managed externally.'),
        clusterIP: z.string().optional().describe('Virtual IP of the service; allocated when empty, None for a headless service.'),
        clusterIPs: z.array(z.string()).optional().describe('Virtual IPs of the service, one per family.'),
        type: z.string().optional().describe('ClusterIP, NodePort, LoadBalancer or ExternalName; defaults to ClusterIP.'),
        externalIPs: z.array(z.string()).optional().describe('Extra IPs the service accepts traffic on.'),
        sessionAffinity: z.string().optional().describe('ClientIP or None; defaults to None.'),
        loadBalancerIP: z.string().optional().describe('Deprecated requested load balancer IP.'),
        loadBalancerSourceRanges: z.array(z.string()).optional().describe('Client CIDRs allowed through the load balancer.'),
        externalName: z.string().optional().describe('DNS name returned as a CNAME for ExternalName services.'),
        externalTrafficPolicy: z.string().optional().describe('Cluster or Local routing of external traffic.'),
        healthCheckNodePort: int32.optional().describe('Health check node port for Local external traffic.'),
        publishNotReadyAddresses: z.boolean().optional().describe('Publish endpoints of pods that are not ready.'),
        sessionAffinityConfig: z
          .strictObject({
            clientIP: z
              .strictObject({ timeoutSeconds: int32.optional().describe('Affinity timeout in seconds.') })
              .meta({ id: `${P}.ClientIPConfig`, description: 'Client IP affinity settings.' })
              .optional()
              .describe('Client IP affinity settings.'),
          })
          .meta({ id: `${P}.SessionAffinityConfig`, description: 'Session affinity settings.' })
          .optional()
          .describe('Session affinity settings.'),
        ipFamilies: z.array(z.string()).optional().describe('IP families of the service: IPv4 and/or IPv6.'),
        ipFamilyPolicy: z.string().optional().describe('SingleStack, PreferDualStack or RequireDualStack.'),
        allocateLoadBalancerNodePorts: z.boolean().optional().describe('Whether LoadBalancer services get node ports.'),
        loadBalancerClass: z.string().optional().describe('Load balancer implementation class.'),
        internalTrafficPolicy: z.string().optional().describe('Cluster or Local routing of in-cluster traffic.'),
        trafficDistribution: z.string().optional().describe('Preference for traffic distribution, such as PreferClose.'),
      })
      .meta({ id: `${P}.ServiceSpec`, description: 'Desired behaviour of a service.' })
      .optional()
      .describe('Desired behaviour of the service.'),
    status: z
      .strictObject({
        loadBalancer: z
          .strictObject({
            ingress: z
              .array(
                z
                  .strictObject({
                    ip: z.string().optional().describe('IP of the ingress point.'),
                    hostname: z.string().optional().describe('Hostname of the ingress point.'),
                    ipMode: z.string().optional().describe('VIP or Proxy.'),
                    ports: z.array(opaque('Status of one port.')).optional().describe('Status of the ports.'),
                  })
                  .meta({ id: `${P}.LoadBalancerIngress`, description: 'An ingress point of a load balancer.' }),
              )
              .optional()
              .describe('Ingress points.'),
          })
          .meta({ id: `${P}.LoadBalancerStatus`, description: 'Status of a load balancer.' })
          .optional()
          .describe('Status of the load balancer.'),
        conditions: z.array(condition).optional().describe('Current conditions of the service.'),
      })
      .meta({ id: `${P}.ServiceStatus`, description: 'Observed state of a service.' })
      .optional()
      .describe('Most recently observed status of the service.'),
  },
  'A named abstraction of a set of pods, with a stable virtual IP and ports.',
);

export type ServicePort = z.output<typeof servicePort>;
export type Service = StoredObject<z.output<typeof service>, 'spec'>;
export type ServiceSpec = Service['spec'];

function defaultService(svc: Obj): void {
  const spec = child(svc, 'spec');
  setIfEmpty(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = child(spec, 'sessionAffinityConfig');
    const clientIP = child(cfg, 'clientIP');
    if (typeof clientIP.timeoutSeconds !== 'number') clientIP.timeoutSeconds = 10800;
  }
  setIfEmpty(spec, 'type', 'ClusterIP');
  for (const p of arr(spec.ports)) {
    setIfEmpty(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (external) setIfEmpty(spec, 'externalTrafficPolicy', 'Cluster');
  if (!spec.internalTrafficPolicy && (external || spec.type === 'ClusterIP')) spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && typeof spec.allocateLoadBalancerNodePorts !== 'boolean') spec.allocateLoadBalancerNodePorts = true;
  // IP family defaulting of the service registry: single-stack IPv4 for every non-ExternalName service.
  if (spec.type !== 'ExternalName') {
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
    setIfEmpty(spec, 'ipFamilyPolicy', spec.ipFamilies.length > 1 ? 'PreferDualStack' : 'SingleStack');
  }
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'] as const;

const SESSION_AFFINITIES = ['ClientIP', 'None'] as const;

const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'] as const;

const IP_FAMILIES = ['IPv4', 'IPv6'] as const;

const TRAFFIC_POLICIES = ['Cluster', 'Local'] as const;

const isIP = (v: string) => netIsIP(v) !== 0;

export function validateService(svc: Service, old: Service | undefined, errs: ErrorList): void {
  const spec: Obj = isObject(svc.spec) ? svc.spec : {};
  const f = root('spec');
  const type = spec.type ?? 'ClusterIP';
  oneOf(spec.type, SERVICE_TYPES, f.child('type'), errs);
  oneOf(spec.sessionAffinity, SESSION_AFFINITIES, f.child('sessionAffinity'), errs);
  oneOf(spec.ipFamilyPolicy, IP_FAMILY_POLICIES, f.child('ipFamilyPolicy'), errs);
  list(spec.ipFamilies).forEach((fam, i) => oneOf(fam, IP_FAMILIES, f.child('ipFamilies').index(i), errs));
  oneOf(spec.internalTrafficPolicy, TRAFFIC_POLICIES, f.child('internalTrafficPolicy'), errs);
  if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== '') {
    if (type !== 'NodePort' && type !== 'LoadBalancer') {
      errs.invalid(f.child('externalTrafficPolicy'), spec.externalTrafficPolicy, 'may only be set for externally-accessible services');
    } else oneOf(spec.externalTrafficPolicy, TRAFFIC_POLICIES, f.child('externalTrafficPolicy'), errs);
  }
  const ports = list(spec.ports);
  if (type === 'ExternalName') {
    if (!str(spec.externalName)) errs.required(f.child('externalName'));
    else
      for (const e of dns1123Subdomain(spec.externalName.replace(/\.$/, ''))) errs.invalid(f.child('externalName'), spec.externalName, e);
  } else if (ports.length === 0 && spec.clusterIP !== 'None') {
    errs.required(f.child('ports'));
  }
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObject(p)) return;
    const pf = f.child('ports').index(i);
    if (ports.length > 1 && !str(p.name)) errs.required(pf.child('name'));
    if (str(p.name)) {
      for (const e of dns1123Label(p.name)) errs.invalid(pf.child('name'), p.name, e);
      if (names.has(p.name)) errs.duplicate(pf.child('name'), p.name);
      names.add(p.name);
    }
    if (p.port === undefined) errs.required(pf.child('port'));
    else if (typeof p.port === 'number') for (const e of portNumber(p.port)) errs.invalid(pf.child('port'), p.port, e);
    oneOf(p.protocol, PROTOCOLS, pf.child('protocol'), errs, false);
    if (p.targetPort !== undefined) validatePortNumOrName(p.targetPort, pf.child('targetPort'), errs);
    if (typeof p.nodePort === 'number' && p.nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer')
        errs.forbidden(pf.child('nodePort'), "may not be used when `type` is 'ClusterIP'");
      else for (const e of portNumber(p.nodePort)) errs.invalid(pf.child('nodePort'), p.nodePort, e);
    }
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (keys.has(key)) errs.duplicate(pf, { port: p.port, protocol: p.protocol ?? 'TCP' });
    keys.add(key);
  });
  validateLabels(spec.selector, f.child('selector'), errs);
  if (str(spec.clusterIP) && spec.clusterIP !== 'None' && !isIP(spec.clusterIP)) {
    errs.invalid(f.child('clusterIPs').index(0), spec.clusterIP, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  }
  list(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip === 'string' && !isIP(ip))
      errs.invalid(f.child('externalIPs').index(i), ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)');
  });
  if (old && isObject(old.spec)) {
    const was = old.spec;
    const changedIP =
      str(was.clusterIP) &&
      spec.clusterIP !== undefined &&
      spec.clusterIP !== was.clusterIP &&
      type !== 'ExternalName' &&
      (was.type ?? 'ClusterIP') !== 'ExternalName';
    if (changedIP) errs.invalid(f.child('clusterIPs').index(0), spec.clusterIP, 'may not change once set');
  }
}

/** Service columns: TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S) as kubectl prints them. */

function externalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ExternalName':
      return spec.externalName || '<none>';
    case 'LoadBalancer': {
      const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter(Boolean);
      const all = [...ingress, ...external];
      return all.length ? all.join(',') : '<pending>';
    }
    default:
      return external.length ? external.join(',') : '<none>';
  }
}

function ports(svc: Service): string {
  const list = svc.spec?.ports ?? [];
  if (list.length === 0) return '<none>';
  return list
    .map((p) => {
      const proto = p.protocol ?? 'TCP';
      return p.nodePort ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
    })
    .join(',');
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
      svc.metadata.name ?? '',
      svc.spec?.type ?? 'ClusterIP',
      svc.spec?.clusterIP || '<none>',
      externalIP(svc),
      ports(svc),
      age(svc.metadata.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};

export const serviceKind: KindDescriptor<Service> = defineKind({
  group: '',
  version: 'v1',
  kind: 'Service',
  resource: 'services',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  subresources: [statusSubresource, { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }],
  schema: service,
  protobuf: 'api.core.v1.Service',
  nameRule: 'dns1035',
  printer: servicePrinter,
  default: defaultService,
  validate: validateService,
});
