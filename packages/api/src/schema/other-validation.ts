/** Semantic validation of coordination.k8s.io/v1 Lease and discovery.k8s.io/v1 EndpointSlice. */
import { ErrorList, root } from './field-errors.js';
import { isObj, list, str } from './meta-validation.js';
import { dns1123Label, portNumber } from './names.js';

type Obj = Record<string, any>;

export function validateLease(lease: Obj, errs: ErrorList): void {
  const spec = isObj(lease.spec) ? lease.spec : {};
  const f = root('spec');
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    errs.invalid(f.child('leaseDurationSeconds'), spec.leaseDurationSeconds, 'must be greater than 0');
  }
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0) {
    errs.invalid(f.child('leaseTransitions'), spec.leaseTransitions, 'must be greater than or equal to 0');
  }
}

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function validateEndpointSlice(es: Obj, errs: ErrorList): void {
  if (es.addressType === undefined || es.addressType === '') errs.required(root('addressType'));
  else if (!ADDRESS_TYPES.includes(es.addressType)) errs.notSupported(root('addressType'), es.addressType, ADDRESS_TYPES);
  const endpoints = list(es.endpoints);
  if (endpoints.length > 1000) errs.invalid(root('endpoints'), endpoints.length, 'must have at most 1000 items');
  endpoints.forEach((ep, i) => {
    if (!isObj(ep)) return;
    const ef = root('endpoints').index(i);
    const addrs = list(ep.addresses);
    if (addrs.length === 0) errs.required(ef.child('addresses'), 'must contain at least 1 address');
    if (addrs.length > 100) errs.invalid(ef.child('addresses'), addrs.length, 'must have at most 100 items');
    addrs.forEach((a, j) => {
      if (es.addressType === 'IPv4' && typeof a === 'string' && !IPV4.test(a)) errs.invalid(ef.child('addresses').index(j), a, 'must be a valid IPv4 address');
    });
  });
  const names = new Set<string>();
  list(es.ports).forEach((p, i) => {
    if (!isObj(p)) return;
    const pf = root('ports').index(i);
    const name = str(p.name);
    if (name) for (const e of dns1123Label(name)) errs.invalid(pf.child('name'), name, e);
    if (names.has(name)) errs.duplicate(pf.child('name'), name);
    names.add(name);
    if (typeof p.port === 'number') for (const e of portNumber(p.port)) errs.invalid(pf.child('port'), p.port, e);
    if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.notSupported(pf.child('protocol'), p.protocol, ['SCTP', 'TCP', 'UDP']);
  });
}
