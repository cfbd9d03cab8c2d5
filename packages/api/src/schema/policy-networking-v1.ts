/**
 * Schemas of `policy/v1` (PodDisruptionBudget), `networking.k8s.io/v1` (Ingress, IngressClass),
 * `storage.k8s.io/v1` (StorageClass) and `scheduling.k8s.io/v1` (PriorityClass).
 */
import { z } from 'zod';
import { int32, int64, intOrString, stringMap, time } from './common.js';
import { condition, labelSelector } from './meta-v1.js';
import { typedLocalObjectReference, topologySelectorTerm } from './core-v1-storage.js';
import { kindObject } from './kind.js';

const s = () => z.string();
const b = () => z.boolean();
const strs = () => z.array(z.string());

// ---- policy/v1 -----------------------------------------------------------------------------

const POLICY = 'io.k8s.api.policy.v1';

export const podDisruptionBudget = kindObject(POLICY, 'PodDisruptionBudget', {
  spec: z.strictObject({
    minAvailable: intOrString.optional().describe('Pods (a number or a percentage) that must stay available after an eviction; excludes maxUnavailable.'),
    selector: labelSelector.optional().describe('Selects the pods the budget protects; an empty selector selects every pod of the namespace.'),
    maxUnavailable: intOrString.optional().describe('Pods (a number or a percentage) that may be unavailable after an eviction; excludes minAvailable.'),
    unhealthyPodEvictionPolicy: s().optional().describe('When running but not ready pods may be evicted: IfHealthyBudget (the default) or AlwaysAllow.'),
  }).meta({ id: `${POLICY}.PodDisruptionBudgetSpec`, description: 'Desired behaviour of a disruption budget.' }).optional().describe('The budget: which pods, and how many may be disrupted.'),
  status: z.strictObject({
    observedGeneration: int64.optional().describe('Generation last observed by the disruption controller.'),
    disruptedPods: z.record(z.string(), time).optional().describe('Pods whose eviction was admitted but which are not yet gone, with the admission time.'),
    disruptionsAllowed: int32.optional().describe('Pod disruptions currently allowed.'),
    currentHealthy: int32.optional().describe('Healthy pods currently selected.'),
    desiredHealthy: int32.optional().describe('Healthy pods needed.'),
    expectedPods: int32.optional().describe('Pods counted by the budget.'),
    conditions: z.array(condition).optional().describe('Conditions of the budget, such as DisruptionAllowed.'),
  }).meta({ id: `${POLICY}.PodDisruptionBudgetStatus`, description: 'Observed state of a disruption budget.' }).optional().describe('Most recently observed status. Read-only.'),
}, 'Limits how many pods of a collection may be down at once through voluntary disruptions (evictions).');

// ---- networking.k8s.io/v1 ---------------------------------------------------------------------

const NET = 'io.k8s.api.networking.v1';

const ingressBackend = z.strictObject({
  service: z.strictObject({
    name: s().describe('Name of the service, in the ingress\'s namespace.'),
    port: z.strictObject({
      name: s().optional().describe('Name of the service port; excludes number.'),
      number: int32.optional().describe('Number of the service port; excludes name.'),
    }).meta({ id: `${NET}.ServiceBackendPort`, description: 'A port of a service, by name or number.' }).optional().describe('The service port traffic is sent to.'),
  }).meta({ id: `${NET}.IngressServiceBackend`, description: 'A service as the destination of ingress traffic.' }).optional().describe('A service to send traffic to; excludes resource.'),
  resource: typedLocalObjectReference.optional().describe('Another object (such as a storage bucket) to send traffic to; excludes service.'),
}).meta({ id: `${NET}.IngressBackend`, description: 'Where matching requests go: a service port or another resource.' });

export const ingress = kindObject(NET, 'Ingress', {
  spec: z.strictObject({
    ingressClassName: s().optional().describe('The IngressClass of the controller that should implement this ingress; the default class when unset.'),
    defaultBackend: ingressBackend.optional().describe('Where requests matching no rule go.'),
    tls: z.array(z.strictObject({
      hosts: strs().optional().describe('Hosts the certificate covers; the controller\'s default hosts when empty.'),
      secretName: s().optional().describe('The Secret holding the TLS certificate and key.'),
    }).meta({ id: `${NET}.IngressTLS`, description: 'TLS settings for some hosts.' })).optional().describe('TLS configuration, per group of hosts.'),
    rules: z.array(z.strictObject({
      host: s().optional().describe('The fully qualified host name the rule applies to (a leading *. wildcard is allowed); all hosts when empty.'),
      http: z.strictObject({
        paths: z.array(z.strictObject({
          path: s().optional().describe('The request path to match; must start with / unless pathType is ImplementationSpecific.'),
          pathType: s().optional().describe('How path is matched: Exact, Prefix (by path element) or ImplementationSpecific.'),
          backend: ingressBackend.describe('Where matching requests go.'),
        }).meta({ id: `${NET}.HTTPIngressPath`, description: 'A path and the backend its requests go to.' })).describe('Paths and their backends.'),
      }).meta({ id: `${NET}.HTTPIngressRuleValue`, description: 'HTTP paths of a rule.' }).optional().describe('HTTP routing of the host.'),
    }).meta({ id: `${NET}.IngressRule`, description: 'Routes the requests for one host.' })).optional().describe('Host and path rules; requests matching none go to defaultBackend.'),
  }).meta({ id: `${NET}.IngressSpec`, description: 'Desired state of an ingress.' }).optional().describe('The rules and backends of the ingress.'),
  status: z.strictObject({
    loadBalancer: z.strictObject({
      ingress: z.array(z.strictObject({
        ip: s().optional().describe('IP address of the load balancer.'),
        hostname: s().optional().describe('Host name of the load balancer.'),
        ports: z.array(z.strictObject({
          port: int32.describe('Port number.'),
          protocol: s().describe('TCP, UDP or SCTP.'),
          error: s().optional().describe('A problem with the port, if any.'),
        }).meta({ id: `${NET}.IngressPortStatus`, description: 'Status of one port.' })).optional().describe('Ports of the load balancer.'),
      }).meta({ id: `${NET}.IngressLoadBalancerIngress`, description: 'One ingress point of the load balancer.' })).optional().describe('Ingress points.'),
    }).meta({ id: `${NET}.IngressLoadBalancerStatus`, description: 'Status of the load balancer of an ingress.' }).optional().describe('The load balancer serving the ingress.'),
  }).meta({ id: `${NET}.IngressStatus`, description: 'Observed state of an ingress.' }).optional().describe('Current state of the ingress. Read-only.'),
}, 'HTTP(S) routes from outside the cluster to services, implemented by an ingress controller.');

export const ingressClass = kindObject(NET, 'IngressClass', {
  spec: z.strictObject({
    controller: s().optional().describe('Name of the controller implementing the class, such as example.com/ingress-controller. Cannot change.'),
    parameters: z.strictObject({
      apiGroup: s().optional().describe('API group of the parameters object.'),
      kind: s().describe('Kind of the parameters object.'),
      name: s().describe('Name of the parameters object.'),
      scope: s().optional().describe('Cluster (the default) or Namespace.'),
      namespace: s().optional().describe('Namespace of the parameters object, for scope Namespace.'),
    }).meta({ id: `${NET}.IngressClassParametersReference`, description: 'Points at the object holding the configuration of a class.' }).optional().describe('Controller-specific configuration of the class.'),
  }).meta({ id: `${NET}.IngressClassSpec`, description: 'Describes an ingress class.' }).optional().describe('The controller and parameters of the class.'),
}, 'A class of ingresses implemented by one controller; the annotation ingressclass.kubernetes.io/is-default-class marks the default.');

// ---- storage.k8s.io/v1 ------------------------------------------------------------------------

export const storageClass = kindObject('io.k8s.api.storage.v1', 'StorageClass', {
  provisioner: s().describe('The volume plugin or CSI driver that provisions volumes of this class. Cannot change.'),
  parameters: stringMap.optional().describe('Provisioner-specific parameters. Cannot change.'),
  reclaimPolicy: s().optional().describe('Reclaim policy of the volumes provisioned: Delete (the default) or Retain.'),
  mountOptions: strs().optional().describe('Mount options of the volumes provisioned.'),
  allowVolumeExpansion: b().optional().describe('Whether claims of this class may be resized.'),
  volumeBindingMode: s().optional().describe('Immediate (the default) or WaitForFirstConsumer: when volumes are provisioned and bound.'),
  allowedTopologies: z.array(topologySelectorTerm).optional().describe('Topologies volumes may be provisioned in; any when empty.'),
}, 'A class of storage offered by the cluster, used to provision persistent volumes dynamically.');

// ---- scheduling.k8s.io/v1 ---------------------------------------------------------------------

export const priorityClass = kindObject('io.k8s.api.scheduling.v1', 'PriorityClass', {
  value: int32.describe('The priority pods of this class get; higher is more important. Cannot change.'),
  globalDefault: b().optional().describe('Whether this class applies to pods that name none; at most one class may be the default.'),
  description: s().optional().describe('When this class should be used.'),
  preemptionPolicy: s().optional().describe('PreemptLowerPriority (the default) or Never. Cannot change.'),
}, 'Maps a priority class name to a pod priority value.');
