#!/usr/bin/env node
/**
 * kubelet --apiserver URL[,URL…] [--kubeconfig F] --node-name node-1 --node-ip 127.10.0.1 --pod-cidr 127.244.1.0/24
 *         [--port 10250] [--profile fast|realistic] [--cpu 4] [--memory 8Gi] [--max-pods 110]
 * kubelet --apiserver URL --hollow-nodes N [--first-node-index 1] [--hollow-mode full|status-only]
 *         [--hollow-prefix node] [--hollow-max-in-flight 16] [--healthz-port N]
 *         (N nodes in this process: node-<i> on 127.10.(i>>8).(i&255), pods in hollowPodCIDR(i);
 *         --healthz-port serves the process's /healthz on 127.0.0.1 — status-only nodes open no other socket)
 */
import { timingsFor } from '@kemu/api';
import { CLIENT_FLAGS, clientFromFlags, portFlag, runComponent, serveHealthz, type HealthzServer } from '@kemu/client';
import { startHollowNodes, type HollowMode } from './hollow/hollow-nodes.js';
import { startKubelet } from './kubelet.js';

void runComponent({
  name: 'kubelet',
  flags: {
    ...CLIENT_FLAGS,
    'node-name': { type: 'string', default: 'node-1' },
    'node-ip': { type: 'string', default: '127.10.0.1' },
    'pod-cidr': { type: 'string', default: '127.244.1.0/24' },
    port: { type: 'string', default: '10250' },
    cpu: { type: 'string', default: '4' },
    memory: { type: 'string', default: '8Gi' },
    'max-pods': { type: 'string', default: '110' },
    'hollow-nodes': { type: 'string' },
    'first-node-index': { type: 'string', default: '1' },
    'hollow-mode': { type: 'string', default: 'full' },
    'hollow-prefix': { type: 'string', default: 'node' },
    'hollow-max-in-flight': { type: 'string', default: '16' },
    'healthz-port': { type: 'string' },
  },
  async start(values, { logger }) {
    // A last resort, not the fix: containers' errors end those containers (runtime/), but should
    // an exception still escape, it is logged as an error and the node stays up with its pods.
    process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception: the kubelet goes on'));
    process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection: the kubelet goes on'));
    const port = portFlag('port', values.port);
    const maxPods = Number(values['max-pods']);
    if (!Number.isInteger(maxPods) || maxPods < 1) throw new Error(`--max-pods: invalid number "${values['max-pods']}"`);
    const common = {
      client: clientFromFlags(values.apiserver, 'kubelet', logger, values.kubeconfig),
      port,
      timings: timingsFor(values.profile),
      logger,
      cpu: values.cpu,
      memory: values.memory,
      maxPods,
    };
    const kubelet =
      values['hollow-nodes'] !== undefined
        ? await startHollowNodes({
            ...common,
            count: Number(values['hollow-nodes']),
            first: Number(values['first-node-index']),
            mode: values['hollow-mode'] as HollowMode,
            prefix: values['hollow-prefix'],
            maxInFlight: Number(values['hollow-max-in-flight']),
          })
        : await startKubelet({ ...common, nodeName: values['node-name'], nodeIP: values['node-ip'], podCIDR: values['pod-cidr'] });
    let healthz: HealthzServer | undefined;
    if (values['healthz-port'] !== undefined) healthz = await serveHealthz(portFlag('healthz-port', values['healthz-port']));
    return {
      close: async () => {
        await Promise.all([kubelet.close(), healthz?.close()]);
      },
    };
  },
});
