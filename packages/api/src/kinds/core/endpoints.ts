/** Endpoints (core/v1): the addresses behind a service; a PUT may create them. */
import { z } from 'zod';
import { isObject } from '../../meta.js';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { int32 } from '../../schema/common.js';
import { arr, setIfEmpty } from '../../schema/defaulting.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { list, str } from '../../schema/meta-validation.js';
import { portNumber } from '../../schema/names.js';
import { PROTOCOLS } from '../../schema/pod-spec-validation.js';
import { objectReference } from '../../schema/pod-spec.js';
import { defineKind, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const endpointAddress = z
  .strictObject({
    ip: z.string().describe('IP of the endpoint.'),
    hostname: z.string().optional().describe('Hostname of the endpoint.'),
    nodeName: z.string().optional().describe('Node hosting the endpoint.'),
    targetRef: objectReference.optional().describe('The object providing the endpoint, usually a pod.'),
  })
  .meta({ id: `${P}.EndpointAddress`, description: 'One IP of an endpoint.' });

export const endpoints = kindObject(
  P,
  'Endpoints',
  {
    subsets: z
      .array(
        z
          .strictObject({
            addresses: z.array(endpointAddress).optional().describe('Ready addresses.'),
            notReadyAddresses: z.array(endpointAddress).optional().describe('Addresses not ready yet.'),
            ports: z
              .array(
                z
                  .strictObject({
                    name: z.string().optional().describe('Name of the port, matching the service port name.'),
                    port: int32.describe('Port number.'),
                    protocol: z.string().optional().describe('TCP, UDP or SCTP; defaults to TCP.'),
                    appProtocol: z.string().optional().describe('Application protocol hint.'),
                  })
                  .meta({ id: `${P}.EndpointPort`, description: 'A port of the endpoints.' }),
              )
              .optional()
              .describe('Ports of the addresses.'),
          })
          .meta({ id: `${P}.EndpointSubset`, description: 'A group of addresses sharing ports.' }),
      )
      .optional()
      .describe('The endpoints of the service.'),
  },
  'The addresses implementing a service.',
);

export type EndpointAddress = z.output<typeof endpointAddress>;
export type Endpoints = StoredObject<z.output<typeof endpoints>>;
export type EndpointSubset = NonNullable<Endpoints['subsets']>[number];
export type EndpointPort = NonNullable<EndpointSubset['ports']>[number];

function defaultEndpoints(ep: Obj): void {
  for (const ss of arr(ep.subsets)) for (const p of arr(ss.ports)) setIfEmpty(p, 'protocol', 'TCP');
}

export function validateEndpoints(ep: Endpoints, errs: ErrorList): void {
  list(ep.subsets).forEach((ss, i) => {
    if (!isObject(ss)) return;
    const sf = root('subsets').index(i);
    for (const key of ['addresses', 'notReadyAddresses']) {
      list(ss[key]).forEach((a, j) => {
        if (isObject(a) && !str(a.ip)) errs.required(sf.child(key).index(j).child('ip'));
      });
    }
    list(ss.ports).forEach((p, j) => {
      if (!isObject(p)) return;
      const pf = sf.child('ports').index(j);
      if (typeof p.port === 'number') for (const e of portNumber(p.port)) errs.invalid(pf.child('port'), p.port, e);
      oneOf(p.protocol, PROTOCOLS, pf.child('protocol'), errs);
    });
  });
}

/** Endpoints columns: up to three `ip:port` pairs, then `+ N more...`. */

const MAX = 3;

export function formatEndpoints(ep: Endpoints): string {
  const list: string[] = [];
  let count = 0;
  for (const ss of ep.subsets ?? []) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      for (const a of addrs) {
        count++;
        if (list.length < MAX) list.push(a.ip);
      }
      continue;
    }
    for (const p of ports) {
      for (const a of addrs) {
        count++;
        if (list.length < MAX) list.push(`${a.ip}:${p.port}`);
      }
    }
  }
  if (count === 0) return '<none>';
  let s = list.join(',');
  if (count > list.length) s += ` + ${count - list.length} more...`;
  return s;
}

export const endpointsPrinter: Printer = {
  columns: [NAME_COLUMN, col('Endpoints', 'Endpoints of the service'), AGE_COLUMN],
  cells(ep: Endpoints, now) {
    return [ep.metadata.name ?? '', formatEndpoints(ep), age(ep.metadata.creationTimestamp, now)];
  },
};

export const endpointsKind: KindDescriptor<Endpoints> = defineKind({
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  resource: 'endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  schema: endpoints,
  protobuf: 'api.core.v1.Endpoints',
  printer: endpointsPrinter,
  default: defaultEndpoints,
  validate: (ep, _old, errs) => validateEndpoints(ep, errs),
  strategy: { allowCreateOnUpdate: true },
});
