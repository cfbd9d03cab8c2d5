/** EndpointSlice (discovery.k8s.io/v1): a slice of a service's endpoints. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32 } from '../../schema/common.js';
import { arr, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { objectMeta } from '../../schema/meta-v1.js';
import { list, str } from '../../schema/meta-validation.js';
import { dns1123Label, portNumber } from '../../schema/names.js';
import { objectReference } from '../../schema/pod-spec.js';
import { defineKind, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.discovery.v1';

export const endpointSlice = z
  .strictObject({
    apiVersion: z.string().optional().describe('Versioned schema of this representation of the object.'),
    kind: z.string().optional().describe('The REST resource this object represents, in CamelCase.'),
    metadata: objectMeta.optional().describe('Standard object metadata.'),
    addressType: z.string().describe('IPv4, IPv6 or FQDN: the type of every address in the slice. Immutable.'),
    endpoints: z
      .array(
        z
          .strictObject({
            addresses: z.array(z.string()).describe('Addresses of the endpoint, of the slice address type.'),
            conditions: z
              .strictObject({
                ready: z.boolean().optional().describe('Whether the endpoint is ready for traffic.'),
                serving: z.boolean().optional().describe('Like ready, but also true while terminating.'),
                terminating: z.boolean().optional().describe('Whether the endpoint is terminating.'),
              })
              .meta({ id: `${P}.EndpointConditions`, description: 'Current state of an endpoint.' })
              .optional()
              .describe('State of the endpoint.'),
            hostname: z.string().optional().describe('Hostname of the endpoint.'),
            targetRef: objectReference.optional().describe('The object backing the endpoint, usually a pod.'),
            deprecatedTopology: z.record(z.string(), z.string()).optional().describe('Deprecated topology labels.'),
            nodeName: z.string().optional().describe('Node hosting the endpoint.'),
            zone: z.string().optional().describe('Zone of the endpoint.'),
            hints: z
              .strictObject({
                forZones: z
                  .array(
                    z.strictObject({ name: z.string().describe('Zone name.') }).meta({ id: `${P}.ForZone`, description: 'A zone hint.' }),
                  )
                  .optional()
                  .describe('Zones that should consume the endpoint.'),
              })
              .meta({ id: `${P}.EndpointHints`, description: 'Topology hints for consumers.' })
              .optional()
              .describe('Topology hints.'),
          })
          .meta({ id: `${P}.Endpoint`, description: 'One backend of a service.' }),
      )
      .describe('Endpoints of the slice; at most 1000.'),
    ports: z
      .array(
        z
          .strictObject({
            name: z.string().optional().describe('Name of the port, matching the service port name; empty for an unnamed port.'),
            protocol: z.string().optional().describe('TCP, UDP or SCTP; defaults to TCP.'),
            port: int32.optional().describe('Port number; unset means all ports.'),
            appProtocol: z.string().optional().describe('Application protocol hint.'),
          })
          .meta({ id: `${P}.EndpointPort`, description: 'A port of the endpoints.' }),
      )
      .optional()
      .describe('Ports exposed by every endpoint of the slice.'),
  })
  .meta({ id: `${P}.EndpointSlice`, description: 'A subset of the endpoints implementing a service.' });

export type EndpointSlice = StoredObject<z.output<typeof endpointSlice>>;
export type EndpointSliceEndpoint = EndpointSlice['endpoints'][number];

function defaultEndpointSlice(es: Obj): void {
  for (const p of arr(es.ports)) {
    if (typeof p.name !== 'string') p.name = '';
    setIfEmpty(p, 'protocol', 'TCP');
  }
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function validateEndpointSlice(es: EndpointSlice, errs: ErrorList): void {
  if (es.addressType === undefined || es.addressType === '') errs.required(root('addressType'));
  else if (!ADDRESS_TYPES.includes(es.addressType)) errs.notSupported(root('addressType'), es.addressType, ADDRESS_TYPES);
  const endpoints = list(es.endpoints);
  if (endpoints.length > 1000) errs.invalid(root('endpoints'), endpoints.length, 'must have at most 1000 items');
  endpoints.forEach((ep, i) => {
    if (!isObject(ep)) return;
    const ef = root('endpoints').index(i);
    const addrs = list(ep.addresses);
    if (addrs.length === 0) errs.required(ef.child('addresses'), 'must contain at least 1 address');
    if (addrs.length > 100) errs.invalid(ef.child('addresses'), addrs.length, 'must have at most 100 items');
    addrs.forEach((a, j) => {
      if (es.addressType === 'IPv4' && typeof a === 'string' && !IPV4.test(a))
        errs.invalid(ef.child('addresses').index(j), a, 'must be a valid IPv4 address');
    });
  });
  const names = new Set<string>();
  list(es.ports).forEach((p, i) => {
    if (!isObject(p)) return;
    const pf = root('ports').index(i);
    const name = str(p.name);
    if (name) for (const e of dns1123Label(name)) errs.invalid(pf.child('name'), name, e);
    if (names.has(name)) errs.duplicate(pf.child('name'), name);
    names.add(name);
    if (typeof p.port === 'number') for (const e of portNumber(p.port)) errs.invalid(pf.child('port'), p.port, e);
    if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol))
      errs.notSupported(pf.child('protocol'), p.protocol, ['SCTP', 'TCP', 'UDP']);
  });
}

/** EndpointSlice columns: ADDRESSTYPE, PORTS, ENDPOINTS (three, then `+ N more...`). */

function truncated(list: string[], max = 3): string {
  if (list.length === 0) return '<none>';
  const head = list.slice(0, max).join(',');
  return list.length > max ? `${head} + ${list.length - max} more...` : head;
}

export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    AGE_COLUMN,
  ],
  cells(es: EndpointSlice, now) {
    const ports =
      es.ports == null
        ? '<unset>'
        : es.ports.length === 0
          ? '<none>'
          : truncated(es.ports.map((p) => (p.port === undefined || p.port === null ? '<unset>' : String(p.port))));
    const addrs = (es.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [es.metadata.name ?? '', es.addressType ?? '', ports, truncated(addrs), age(es.metadata.creationTimestamp, now)];
  },
};

export const endpointSliceKind: KindDescriptor<EndpointSlice> = defineKind({
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  resource: 'endpointslices',
  namespaced: true,
  schema: endpointSlice,
  protobuf: 'api.discovery.v1.EndpointSlice',
  printer: endpointSlicePrinter,
  default: defaultEndpointSlice,
  validate: (es, _old, errs) => validateEndpointSlice(es, errs),
});
