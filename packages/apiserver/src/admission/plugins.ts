/**
 * The enabled admission plugins in the order they run, as kube-apiserver's
 * --enable-admission-plugins (ordered by its AllOrderedPlugins). A new plugin is one folder and
 * one line here, at its place in that order.
 */
import type { AdmissionPlugin } from './interfaces.js';
import { namespaceLifecycle } from './namespace-lifecycle/index.js';
import { serviceAccount } from './service-account/index.js';
import { priority } from './priority/index.js';
import { defaultTolerationSeconds } from './default-toleration-seconds/index.js';
import { serviceExternalIPRange } from './service-external-ip-range/index.js';

export const ENABLED_ADMISSION_PLUGINS: readonly AdmissionPlugin[] = [
  namespaceLifecycle,
  // LimitRanger
  serviceAccount,
  // NodeRestriction
  priority,
  defaultTolerationSeconds,
  // DefaultStorageClass
  serviceExternalIPRange, // at DenyServiceExternalIPs' place
  // ResourceQuota
];
