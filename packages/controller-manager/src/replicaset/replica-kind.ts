/**
 * What differs between a ReplicaSet (apps/v1, LabelSelector) and a ReplicationController
 * (v1, map selector): the one replica engine in controller.ts runs over either through this view.
 */
import type { KubeObject, PodTemplateSpec, ReplicaSet, ReplicaSetStatus, ReplicationController, ResourceInfo, Selector } from '@kemu/api';
import { R, selectorFromLabelSelector, selectorFromSet } from '@kemu/api';

/** A ReplicaSet or ReplicationController, read through ReplicaKind. */
export type ReplicaOwner = KubeObject & { status?: ReplicaSetStatus };

export interface ReplicaKind {
  resource: ResourceInfo;
  apiVersion: string;
  kind: string;
  /** Controller name (logs) and event source component. */
  controllerName: string;
  component: string;
  selector(obj: ReplicaOwner): Selector;
  replicas(obj: ReplicaOwner): number;
  minReadySeconds(obj: ReplicaOwner): number;
  template(obj: ReplicaOwner): PodTemplateSpec | undefined;
}

export const replicaSetKind: ReplicaKind = {
  resource: R.replicasets,
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  controllerName: 'replicaset',
  component: 'replicaset-controller',
  selector: (o) => selectorFromLabelSelector((o as ReplicaSet).spec.selector),
  replicas: (o) => (o as ReplicaSet).spec.replicas ?? 1,
  minReadySeconds: (o) => (o as ReplicaSet).spec.minReadySeconds ?? 0,
  template: (o) => (o as ReplicaSet).spec.template,
};

export const replicationControllerKind: ReplicaKind = {
  resource: R.replicationcontrollers,
  apiVersion: 'v1',
  kind: 'ReplicationController',
  controllerName: 'replicationcontroller',
  component: 'replication-controller',
  // An RC without a selector selects its template's labels (the apiserver defaults it so).
  selector: (o) => {
    const rc = o as ReplicationController;
    const set = rc.spec.selector && Object.keys(rc.spec.selector).length ? rc.spec.selector : rc.spec.template?.metadata?.labels;
    return set && Object.keys(set).length ? selectorFromSet(set) : selectorFromLabelSelector(undefined);
  },
  replicas: (o) => (o as ReplicationController).spec.replicas ?? 1,
  minReadySeconds: (o) => (o as ReplicationController).spec.minReadySeconds ?? 0,
  template: (o) => (o as ReplicationController).spec.template,
};
