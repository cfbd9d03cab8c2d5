/** Schemas of `discovery.k8s.io/v1`: EndpointSlice. */
import { z } from 'zod';
import { int32 } from './common.js';
import { objectMeta } from './meta-v1.js';
import { objectReference } from './core-v1.js';

const P = 'io.k8s.api.discovery.v1';
const s = () => z.string();

export const endpointSlice = z.strictObject({
  apiVersion: s().optional().describe('Versioned schema of this representation of the object.'),
  kind: s().optional().describe('The REST resource this object represents, in CamelCase.'),
  metadata: objectMeta.optional().describe('Standard object metadata.'),
  addressType: s().describe('IPv4, IPv6 or FQDN: the type of every address in the slice. Immutable.'),
  endpoints: z.array(z.strictObject({
    addresses: z.array(s()).describe('Addresses of the endpoint, of the slice address type.'),
    conditions: z.strictObject({
      ready: z.boolean().optional().describe('Whether the endpoint is ready for traffic.'),
      serving: z.boolean().optional().describe('Like ready, but also true while terminating.'),
      terminating: z.boolean().optional().describe('Whether the endpoint is terminating.'),
    }).meta({ id: `${P}.EndpointConditions`, description: 'Current state of an endpoint.' }).optional().describe('State of the endpoint.'),
    hostname: s().optional().describe('Hostname of the endpoint.'),
    targetRef: objectReference.optional().describe('The object backing the endpoint, usually a pod.'),
    deprecatedTopology: z.record(z.string(), z.string()).optional().describe('Deprecated topology labels.'),
    nodeName: s().optional().describe('Node hosting the endpoint.'),
    zone: s().optional().describe('Zone of the endpoint.'),
    hints: z.strictObject({
      forZones: z.array(z.strictObject({ name: s().describe('Zone name.') }).meta({ id: `${P}.ForZone`, description: 'A zone hint.' })).optional().describe('Zones that should consume the endpoint.'),
    }).meta({ id: `${P}.EndpointHints`, description: 'Topology hints for consumers.' }).optional().describe('Topology hints.'),
  }).meta({ id: `${P}.Endpoint`, description: 'One backend of a service.' })).describe('Endpoints of the slice; at most 1000.'),
  ports: z.array(z.strictObject({
    name: s().optional().describe('Name of the port, matching the service port name; empty for an unnamed port.'),
    protocol: s().optional().describe('TCP, UDP or SCTP; defaults to TCP.'),
    port: int32.optional().describe('Port number; unset means all ports.'),
    appProtocol: s().optional().describe('Application protocol hint.'),
  }).meta({ id: `${P}.EndpointPort`, description: 'A port of the endpoints.' })).optional().describe('Ports exposed by every endpoint of the slice.'),
}).meta({ id: `${P}.EndpointSlice`, description: 'A subset of the endpoints implementing a service.' });
