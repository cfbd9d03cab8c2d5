/** Node (core/v1): a machine pods run on; kubelets register it together with its status. */
import { isObject } from '../../meta.js';
import { LABEL_NODE_ROLE_LEGACY, LABEL_NODE_ROLE_PREFIX } from '../../well-known.js';
import { z } from 'zod';
import { age } from '../../printers/age.js';
import { AGE_COLUMN, NAME_COLUMN, type Printer, col } from '../../printers/printer.js';
import { canonicalizeResourceList } from '../../schema/canonical-quantity.js';
import { int32, int64, opaque, resourceList, time } from '../../schema/common.js';
import { type ErrorList, root } from '../../schema/field-errors.js';
import { oneOf } from '../../schema/field-rules.js';
import { kindObject } from '../../schema/kind.js';
import { list, str } from '../../schema/meta-validation.js';
import { qualifiedName } from '../../schema/names.js';
import { TAINT_EFFECTS } from '../../schema/pod-spec-validation.js';
import { defineKind, statusSubresource, type FieldOf, type StoredObject, type KindDescriptor } from '../descriptor.js';

type Obj = Record<string, any>;

const P = 'io.k8s.api.core.v1';

export const taint = z
  .strictObject({
    key: z.string().describe('Taint key.'),
    value: z.string().optional().describe('Taint value.'),
    effect: z.string().describe('NoSchedule, PreferNoSchedule or NoExecute.'),
    timeAdded: time.nullable().optional().describe('When a NoExecute taint was added.'),
  })
  .meta({ id: `${P}.Taint`, description: 'Repels pods that do not tolerate it from a node.' });

export const node = kindObject(
  P,
  'Node',
  {
    spec: z
      .strictObject({
        podCIDR: z.string().optional().describe('Pod IP range assigned to the node.'),
        podCIDRs: z.array(z.string()).optional().describe('Pod IP ranges assigned to the node, one per family.'),
        providerID: z.string().optional().describe('Cloud provider ID of the node.'),
        unschedulable: z.boolean().optional().describe('Keeps new pods off the node (cordon).'),
        taints: z.array(taint).optional().describe('Taints of the node.'),
        configSource: opaque('Deprecated dynamic kubelet config source.').optional(),
        externalID: z.string().optional().describe('Deprecated.'),
      })
      .meta({ id: `${P}.NodeSpec`, description: 'Desired configuration of a node.' })
      .optional()
      .describe('Desired configuration of the node.'),
    status: z
      .strictObject({
        capacity: resourceList.optional().describe('Total resources of the node.'),
        allocatable: resourceList.optional().describe('Resources available for pods; defaults to capacity.'),
        phase: z.string().optional().describe('Deprecated.'),
        conditions: z
          .array(
            z
              .strictObject({
                type: z.string().describe('Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable.'),
                status: z.string().describe('True, False or Unknown.'),
                lastHeartbeatTime: time.nullable().optional().describe('Last time the condition was reported.'),
                lastTransitionTime: time.nullable().optional().describe('When the status last changed.'),
                reason: z.string().optional().describe('CamelCase reason.'),
                message: z.string().optional().describe('Details.'),
              })
              .meta({ id: `${P}.NodeCondition`, description: 'One condition of a node.' }),
          )
          .optional()
          .describe('Current conditions of the node.'),
        addresses: z
          .array(
            z
              .strictObject({
                type: z.string().describe('Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.'),
                address: z.string().describe('The address.'),
              })
              .meta({ id: `${P}.NodeAddress`, description: 'An address of a node.' }),
          )
          .optional()
          .describe('Addresses reachable on the node.'),
        daemonEndpoints: z
          .strictObject({
            kubeletEndpoint: z
              .strictObject({ Port: int32.describe('Port number.') })
              .meta({ id: `${P}.DaemonEndpoint`, description: 'A port of a daemon.' })
              .optional()
              .describe('The kubelet API endpoint.'),
          })
          .meta({ id: `${P}.NodeDaemonEndpoints`, description: 'Ports of daemons running on the node.' })
          .optional()
          .describe('Endpoints of the node daemons.'),
        nodeInfo: z
          .strictObject({
            machineID: z.string().optional().describe('Machine ID.'),
            systemUUID: z.string().optional().describe('System UUID.'),
            bootID: z.string().optional().describe('Boot ID.'),
            kernelVersion: z.string().optional().describe('Kernel version.'),
            osImage: z.string().optional().describe('OS image.'),
            containerRuntimeVersion: z.string().optional().describe('Container runtime version.'),
            kubeletVersion: z.string().optional().describe('Kubelet version.'),
            kubeProxyVersion: z.string().optional().describe('Deprecated kube-proxy version.'),
            operatingSystem: z.string().optional().describe('Operating system.'),
            architecture: z.string().optional().describe('CPU architecture.'),
          })
          .meta({ id: `${P}.NodeSystemInfo`, description: 'Identity and versions of the node software.' })
          .optional()
          .describe('Node software information.'),
        images: z
          .array(
            z
              .strictObject({
                names: z.array(z.string()).optional().describe('Names of the image.'),
                sizeBytes: int64.optional().describe('Size in bytes.'),
              })
              .meta({ id: `${P}.ContainerImage`, description: 'An image present on the node.' }),
          )
          .optional()
          .describe('Images on the node.'),
        volumesInUse: z.array(z.string()).optional().describe('Volumes in use.'),
        volumesAttached: z.array(opaque('An attached volume.')).optional().describe('Attached volumes.'),
        config: opaque('Status of the dynamic kubelet config.').optional(),
        runtimeHandlers: z.array(opaque('A runtime handler.')).optional().describe('Runtime handlers available.'),
        features: opaque('Features supported by the node.').optional(),
      })
      .meta({ id: `${P}.NodeStatus`, description: 'Observed state of a node.' })
      .optional()
      .describe('Most recently observed status of the node.'),
  },
  'A worker machine of the cluster.',
);

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
export type Taint = z.output<typeof taint>;
export type Node = StoredObject<z.output<typeof node>, 'spec'>;
export type NodeSpec = Node['spec'];
export type NodeStatus = FieldOf<Node, 'status'>;
export type NodeAddress = NonNullable<NodeStatus['addresses']>[number];
export type NodeSystemInfo = FieldOf<NodeStatus, 'nodeInfo'>;

function defaultNode(node: Obj): void {
  const status = isObject(node.status) ? node.status : undefined;
  if (!status) return;
  canonicalizeResourceList(status.capacity);
  canonicalizeResourceList(status.allocatable);
  if (isObject(status.capacity) && !isObject(status.allocatable)) status.allocatable = { ...status.capacity };
}

export function validateNode(node: Node, errs: ErrorList): void {
  const spec = isObject(node.spec) ? node.spec : {};
  const seen = new Set<string>();
  list(spec.taints).forEach((t, i) => {
    if (!isObject(t)) return;
    const tf = root('spec').child('taints').index(i);
    if (!str(t.key)) errs.required(tf.child('key'));
    else for (const e of qualifiedName(t.key)) errs.invalid(tf.child('key'), t.key, e);
    oneOf(t.effect, TAINT_EFFECTS, tf.child('effect'), errs, true);
    const k = `${t.key}:${t.effect}`;
    if (seen.has(k)) errs.duplicate(tf, `taints must be unique by key and effect pair`);
    seen.add(k);
  });
}

/** Node columns: STATUS from the Ready condition (+SchedulingDisabled), ROLES from labels. */

function nodeStatus(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  // As kubectl's printer: any Ready status but True prints NotReady; no condition at all, Unknown.
  const parts = [!ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === LABEL_NODE_ROLE_LEGACY && v) {
      roles.add(v);
    }
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address || '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    AGE_COLUMN,
    col('Version', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', { priority: 1 }),
    col('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', { priority: 1 }),
    col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { priority: 1 }),
    col('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', {
      priority: 1,
    }),
  ],
  cells(node: Node, now) {
    const info = node.status?.nodeInfo;
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      nodeRoles(node),
      age(node.metadata.creationTimestamp, now),
      info?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const nodeKind: KindDescriptor<Node> = defineKind({
  group: '',
  version: 'v1',
  kind: 'Node',
  resource: 'nodes',
  namespaced: false,
  shortNames: ['no'],
  subresources: [statusSubresource, { name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] }],
  schema: node,
  protobuf: 'api.core.v1.Node',
  printer: nodePrinter,
  default: defaultNode,
  validate: (n: Node, _old, errs) => validateNode(n, errs),
  fields: { 'spec.unschedulable': (n) => String(n.spec?.unschedulable ?? false) },
  strategy: { keepStatusOnCreate: true },
});
