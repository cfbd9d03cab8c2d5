/** Ingress (networking.k8s.io/v1): HTTP routing rules to services. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32, typedLocalObjectReference } from '../../schema/common.js';
import { type ErrorList, type FieldPath, root } from '../../schema/field-errors.js';
import { oneOf, specOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { list, str } from '../../schema/meta-validation.js';
import { dns1035Label, dns1123Subdomain } from '../../schema/names.js';
import { defineKind, statusSubresource, type KindDescriptor, type ObjectOf } from '../descriptor.js';

type Obj = Record<string, any>;

const NET = 'io.k8s.api.networking.v1';

const ingressBackend = z
  .strictObject({
    service: z
      .strictObject({
        name: z.string().describe("Name of the service, in the ingress's namespace."),
        port: z
          .strictObject({
            name: z.string().optional().describe('Name of the service port; excludes number.'),
            number: int32.optional().describe('Number of the service port; excludes name.'),
          })
          .meta({ id: `${NET}.ServiceBackendPort`, description: 'A port of a service, by name or number.' })
          .optional()
          .describe('The service port traffic is sent to.'),
      })
      .meta({ id: `${NET}.IngressServiceBackend`, description: 'A service as the destination of ingress traffic.' })
      .optional()
      .describe('A service to send traffic to; excludes resource.'),
    resource: typedLocalObjectReference
      .optional()
      .describe('Another object (such as a storage bucket) to send traffic to; excludes service.'),
  })
  .meta({ id: `${NET}.IngressBackend`, description: 'Where matching requests go: a service port or another resource.' });

export const ingress = kindObject(
  NET,
  'Ingress',
  {
    spec: z
      .strictObject({
        ingressClassName: z
          .string()
          .optional()
          .describe('The IngressClass of the controller that should implement this ingress; the default class when unset.'),
        defaultBackend: ingressBackend.optional().describe('Where requests matching no rule go.'),
        tls: z
          .array(
            z
              .strictObject({
                hosts: z.array(z.string()).optional().describe("Hosts the certificate covers; the controller's default hosts when empty."),
                secretName: z.string().optional().describe('The Secret holding the TLS certificate and key.'),
              })
              .meta({ id: `${NET}.IngressTLS`, description: 'TLS settings for some hosts.' }),
          )
          .optional()
          .describe('TLS configuration, per group of hosts.'),
        rules: z
          .array(
            z
              .strictObject({
                host: z
                  .string()
                  .optional()
                  .describe('The fully qualified host name the rule applies to (a leading *. wildcard is allowed); all hosts when empty.'),
                http: z
                  .strictObject({
                    paths: z
                      .array(
                        z
                          .strictObject({
                            path: z
                              .string()
                              .optional()
                              .describe('The request path to match; must start with / unless pathType is ImplementationSpecific.'),
                            pathType: z
                              .string()
                              .optional()
                              .describe('How path is matched: Exact, Prefix (by path element) or ImplementationSpecific.'),
                            backend: ingressBackend.describe('Where matching requests go.'),
                          })
                          .meta({ id: `${NET}.HTTPIngressPath`, description: 'A path and the backend its requests go to.' }),
                      )
                      .describe('Paths and their backends.'),
                  })
                  .meta({ id: `${NET}.HTTPIngressRuleValue`, description: 'HTTP paths of a rule.' })
                  .optional()
                  .describe('HTTP routing of the host.'),
              })
              .meta({ id: `${NET}.IngressRule`, description: 'Routes the requests for one host.' }),
          )
          .optional()
          .describe('Host and path rules; requests matching none go to defaultBackend.'),
      })
      .meta({ id: `${NET}.IngressSpec`, description: 'Desired state of an ingress.' })
      .optional()
      .describe('The rules and backends of the ingress.'),
    status: z
      .strictObject({
        loadBalancer: z
          .strictObject({
            ingress: z
              .array(
                z
                  .strictObject({
                    ip: z.string().optional().describe('IP address of the load balancer.'),
                    hostname: z.string().optional().describe('Host name of the load balancer.'),
                    ports: z
                      .array(
                        z
                          .strictObject({
                            port: int32.describe('Port number.'),
                            protocol: z.string().describe('TCP, UDP or SCTP.'),
                            error: z.string().optional().describe('A problem with the port, if any.'),
                          })
                          .meta({ id: `${NET}.IngressPortStatus`, description: 'Status of one port.' }),
                      )
                      .optional()
                      .describe('Ports of the load balancer.'),
                  })
                  .meta({ id: `${NET}.IngressLoadBalancerIngress`, description: 'One ingress point of the load balancer.' }),
              )
              .optional()
              .describe('Ingress points.'),
          })
          .meta({ id: `${NET}.IngressLoadBalancerStatus`, description: 'Status of the load balancer of an ingress.' })
          .optional()
          .describe('The load balancer serving the ingress.'),
      })
      .meta({ id: `${NET}.IngressStatus`, description: 'Observed state of an ingress.' })
      .optional()
      .describe('Current state of the ingress. Read-only.'),
  },
  'HTTP(S) routes from outside the cluster to services, implemented by an ingress controller.',
);

export type Ingress = ObjectOf<typeof ingress>;

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function validateBackend(b: unknown, f: FieldPath, errs: ErrorList): void {
  if (!isObject(b)) {
    errs.required(f);
    return;
  }
  const hasService = isObject(b.service);
  const hasResource = isObject(b.resource);
  if (hasService && hasResource) {
    errs.invalid(f, b, 'cannot set both resource and service backends');
    return;
  }
  if (!hasService && !hasResource) {
    errs.invalid(f, b, 'resource or service backend is required');
    return;
  }
  if (hasService) {
    const sf = f.child('service');
    if (!str(b.service.name)) errs.required(sf.child('name'));
    else for (const e of dns1035Label(b.service.name)) errs.invalid(sf.child('name'), b.service.name, e);
    const port = isObject(b.service.port) ? b.service.port : {};
    const hasName = str(port.name) !== '';
    const hasNumber = typeof port.number === 'number' && port.number !== 0;
    if (hasName && hasNumber) errs.invalid(sf.child('port'), port, 'cannot set both port name & port number');
    else if (!hasName && !hasNumber) errs.invalid(sf.child('port'), port, 'port name or number is required');
    else if (hasNumber && (port.number < 1 || port.number > 65535))
      errs.invalid(sf.child('port').child('number'), port.number, 'must be between 1 and 65535, inclusive');
  } else {
    const rf = f.child('resource');
    if (!str(b.resource.kind)) errs.required(rf.child('kind'));
    if (!str(b.resource.name)) errs.required(rf.child('name'));
  }
}

export function validateIngress(ing: Ingress, errs: ErrorList): void {
  const s = specOf(ing);
  const f = root('spec');
  const rules = list(s.rules);
  if (s.defaultBackend === undefined && rules.length === 0) errs.invalid(f, s, 'either `defaultBackend` or `rules` must be specified');
  if (s.defaultBackend !== undefined) validateBackend(s.defaultBackend, f.child('defaultBackend'), errs);
  if (s.ingressClassName)
    for (const e of dns1123Subdomain(s.ingressClassName)) errs.invalid(f.child('ingressClassName'), s.ingressClassName, e);
  rules.forEach((r, i) => {
    if (!isObject(r)) return;
    const rf = f.child('rules').index(i);
    if (str(r.host)) {
      const host = r.host.startsWith('*.') ? r.host.slice(2) : r.host;
      if (/^\d+\.\d+\.\d+\.\d+$/.test(r.host)) errs.invalid(rf.child('host'), r.host, 'must be a DNS name, not an IP address');
      else for (const e of dns1123Subdomain(host)) errs.invalid(rf.child('host'), r.host, e);
    }
    if (!isObject(r.http)) return;
    const paths = list(r.http.paths);
    if (paths.length === 0) errs.required(rf.child('http').child('paths'));
    paths.forEach((p, j) => {
      if (!isObject(p)) return;
      const pf = rf.child('http').child('paths').index(j);
      if (!str(p.pathType)) errs.required(pf.child('pathType'), 'pathType must be specified');
      else oneOf(p.pathType, PATH_TYPES, pf.child('pathType'), errs);
      if ((p.pathType === 'Exact' || p.pathType === 'Prefix') && !str(p.path).startsWith('/'))
        errs.invalid(pf.child('path'), p.path ?? '', 'must be an absolute path');
      validateBackend(p.backend, pf.child('backend'), errs);
    });
  });
  list(s.tls).forEach((t, i) => {
    if (!isObject(t)) return;
    list(t.hosts).forEach((h, j) => {
      if (typeof h === 'string')
        for (const e of dns1123Subdomain(h.startsWith('*.') ? h.slice(2) : h))
          errs.invalid(f.child('tls').index(i).child('hosts').index(j), h, e);
    });
  });
}

/** Hosts of the first rules, at most three then `+ N more...` (N counts the remaining rules); `*` when none names a host. */
function ingressHosts(rules: Obj[] | undefined): string {
  const list: string[] = [];
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === 3) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${(rules ?? []).length - 3} more...` : list.join(',');
}

/** Load balancer addresses; the server prints wide tables, so nothing is truncated. */
function ingressAddress(ing: Obj): string {
  return (ing.status?.loadBalancer?.ingress ?? [])
    .map((i: Obj) => i.ip || i.hostname || '')
    .filter(Boolean)
    .join(',');
}

export const ingressPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Class', 'The name of the IngressClass resource that should be used for this Ingress.'),
    col('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'Ports of TLS configurations that open'),
    AGE_COLUMN,
  ],
  cells(ing: Obj, now) {
    return [
      ing.metadata.name ?? '',
      ing.spec?.ingressClassName ?? '<none>',
      ingressHosts(ing.spec?.rules),
      ingressAddress(ing),
      Array.isArray(ing.spec?.tls) && ing.spec.tls.length > 0 ? '80, 443' : '80',
      age(ing.metadata.creationTimestamp, now),
    ];
  },
};

export const ingressKind: KindDescriptor<Ingress> = defineKind({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  resource: 'ingresses',
  namespaced: true,
  shortNames: ['ing'],
  subresources: [statusSubresource],
  schema: ingress,
  protobuf: 'api.networking.v1.Ingress',
  printer: ingressPrinter,
  validate: (ing, _old, errs) => validateIngress(ing, errs),
});
