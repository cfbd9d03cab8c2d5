/** DefaultBinder: POST pods/<name>/binding, as kube-scheduler does. */
import { R, type Binding, type Pod } from '@kemu/api';
import type { Client } from '@kemu/client';
import type { BindPlugin, PluginFactory } from '../../framework/interfaces.js';
import type { Status } from '../../framework/status.js';

export const name = 'DefaultBinder';

export class DefaultBinder implements BindPlugin {
  readonly name = name;
  constructor(private readonly client: Client) {}

  /** Rejects (and the framework turns it into an Error status) when the apiserver refuses. */
  async bind(_s: unknown, pod: Pod, nodeName: string): Promise<Status | undefined> {
    const binding: Binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    await this.client.createSubresource(R.pods, pod.metadata.namespace, pod.metadata.name!, 'binding', binding);
    return undefined;
  }
}

export const factory: PluginFactory = (_args, handle) => new DefaultBinder(handle.client);
