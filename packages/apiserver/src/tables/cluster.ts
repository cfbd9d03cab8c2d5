/**
 * Columns of PersistentVolume, PersistentVolumeClaim, ResourceQuota, LimitRange, StorageClass,
 * PriorityClass, Ingress, IngressClass and CustomResourceDefinition, as kubectl 1.32 prints them.
 */
import { canonicalQuantity } from '@kemu/api';
import { age } from './age.js';
import { AGE_COLUMN, NAME_COLUMN, col, type Printer } from './table.js';

type Obj = Record<string, any>;

const MODE_ABBREVIATIONS: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

/** helper.GetAccessModesAsString: RWO,ROX,RWX,RWOP in that order, each once. */
export function accessModes(modes: unknown): string {
  const set = new Set(Array.isArray(modes) ? modes : []);
  return ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'].filter((m) => set.has(m)).map((m) => MODE_ABBREVIATIONS[m]).join(',');
}

/** A quantity as resource.Quantity.String() prints it; "0" when absent. */
function quantity(q: unknown): string {
  if (q === undefined || q === null || q === '') return '0';
  return canonicalQuantity(q as string | number) ?? String(q);
}

const STORAGE_CLASS_BETA = 'volume.beta.kubernetes.io/storage-class';
const storageClassOf = (o: Obj) => o.spec?.storageClassName ?? o.metadata?.annotations?.[STORAGE_CLASS_BETA] ?? '';

export const persistentVolumePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Capacity', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    col('Reason', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE_COLUMN,
    col('VolumeMode', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', { priority: 1 }),
  ],
  cells(pv: Obj, now) {
    const ref = pv.spec?.claimRef;
    const phase = pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    return [
      pv.metadata.name ?? '', quantity(pv.spec?.capacity?.storage), accessModes(pv.spec?.accessModes), pv.spec?.persistentVolumeReclaimPolicy ?? '',
      phase, ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '', storageClassOf(pv), pv.spec?.volumeAttributesClassName ?? '<unset>',
      pv.status?.reason ?? '', age(pv.metadata.creationTimestamp, now), pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    col('VolumeMode', 'volumeMode defines what type of volume is required by the claim.', { priority: 1 }),
  ],
  cells(pvc: Obj, now) {
    const phase = pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? '');
    const bound = !!pvc.spec?.volumeName;
    return [
      pvc.metadata.name ?? '', phase, pvc.spec?.volumeName ?? '', bound ? quantity(pvc.status?.capacity?.storage) : '',
      bound ? accessModes(pvc.status?.accessModes) : '', storageClassOf(pvc), pvc.spec?.volumeAttributesClassName ?? '<unset>',
      age(pvc.metadata.creationTimestamp, now), pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME_COLUMN, AGE_COLUMN,
    col('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  cells(q: Obj, now) {
    const request: string[] = [];
    const limit: string[] = [];
    for (const res of Object.keys(q.spec?.hard ?? {}).sort()) {
      const text = `${res}: ${quantity(q.status?.used?.[res])}/${quantity(q.status?.hard?.[res])}`;
      (res.split('.')[0] === 'limits' && res.includes('.') ? limit : request).push(text);
    }
    return [q.metadata.name ?? '', age(q.metadata.creationTimestamp, now), request.join(', '), limit.join(', ')];
  },
};

const CREATED_AT = col('Created At', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.', { type: 'date' });

/** LimitRanges and CRDs print their creation time as an RFC 3339 timestamp rather than an age. */
export const createdAtPrinter: Printer = {
  columns: [NAME_COLUMN, CREATED_AT],
  cells(o: Obj) {
    return [o.metadata.name ?? '', o.metadata.creationTimestamp ?? ''];
  },
};

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const DEFAULT_CLASS_BETA = 'storageclass.beta.kubernetes.io/is-default-class';

export const storageClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Provisioner', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    col('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    col('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE_COLUMN,
  ],
  cells(sc: Obj, now) {
    const ann = sc.metadata.annotations ?? {};
    const isDefault = ann[DEFAULT_CLASS] === 'true' || ann[DEFAULT_CLASS_BETA] === 'true';
    return [
      `${sc.metadata.name ?? ''}${isDefault ? ' (default)' : ''}`, sc.provisioner ?? '', sc.reclaimPolicy ?? 'Delete',
      sc.volumeBindingMode ?? 'Immediate', sc.allowVolumeExpansion === true, age(sc.metadata.creationTimestamp, now),
    ];
  },
};

export const priorityClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Value', 'value is the integer value of this priority class.', { type: 'integer' }),
    col('Global-Default', 'globalDefault specifies whether this PriorityClass should be considered as the default priority.', { type: 'boolean' }),
    AGE_COLUMN,
    col('PreemptionPolicy', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  cells(pc: Obj, now) {
    return [pc.metadata.name ?? '', pc.value ?? 0, pc.globalDefault === true, age(pc.metadata.creationTimestamp, now), pc.preemptionPolicy ?? '<none>'];
  },
};

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
  return (ing.status?.loadBalancer?.ingress ?? []).map((i: Obj) => i.ip || i.hostname || '').filter(Boolean).join(',');
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
      ing.metadata.name ?? '', ing.spec?.ingressClassName ?? '<none>', ingressHosts(ing.spec?.rules), ingressAddress(ing),
      Array.isArray(ing.spec?.tls) && ing.spec.tls.length > 0 ? '80, 443' : '80', age(ing.metadata.creationTimestamp, now),
    ];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Controller', 'Controller that is responsible for handling this class'),
    col('Parameters', 'A reference to a resource with additional parameters'),
    AGE_COLUMN,
  ],
  cells(ic: Obj, now) {
    const p = ic.spec?.parameters;
    const params = p ? (p.apiGroup ? `${p.kind}.${p.apiGroup}/${p.name}` : `${p.kind}/${p.name}`) : '<none>';
    return [ic.metadata.name ?? '', ic.spec?.controller ?? '', params, age(ic.metadata.creationTimestamp, now)];
  },
};
