/**
 * ServiceExternalIPRange (validating): a Service may name in spec.externalIPs only addresses in
 * kemu's load-balancer range (NETWORK.serviceExternalIPRange, 127.50.0.0/24). Any other address
 * is refused with 403, as kube-apiserver's DenyServiceExternalIPs refuses every new external IP
 * (CVE-2020-8554: a Service claiming an address intercepts its traffic). On a loopback fabric
 * shared with the control plane that address could be 127.0.0.1:6443 or a kubelet's :10250.
 * Like DenyServiceExternalIPs, an update that adds no new address passes, so Services stored
 * before the rule can still be edited and deleted.
 */
import { NETWORK, forbidden, type Service } from '@kemu/api';
import { ipToNumber } from '../../allocator/range-allocator.js';
import { isCore, type AdmissionPlugin } from '../interfaces.js';

function inCIDR(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  const n = ipToNumber(ip);
  return !Number.isNaN(n) && (n & mask) >>> 0 === (ipToNumber(base) & mask) >>> 0;
}

const externalIPs = (svc: Service | undefined): string[] =>
  Array.isArray(svc?.spec?.externalIPs) ? svc.spec.externalIPs.filter((ip): ip is string => typeof ip === 'string') : [];

export const serviceExternalIPRange: AdmissionPlugin = {
  name: 'ServiceExternalIPRange',
  handles: (operation, r, subresource) =>
    (operation === 'CREATE' || operation === 'UPDATE') && isCore(r, 'services') && subresource === undefined,
  validate(a) {
    const range = NETWORK.serviceExternalIPRange;
    const had = new Set(externalIPs(a.oldObject as Service | undefined));
    const refused = externalIPs(a.object as Service).filter((ip) => !had.has(ip) && !inCIDR(ip, range));
    if (refused.length === 0) return;
    throw forbidden(
      `services "${a.name}" is forbidden: use of external IP ${refused.join(', ')} is denied by admission control: ` +
        `spec.externalIPs must be in ${range}`,
    );
  },
};
