#!/usr/bin/env node
/**
 * kubelet --apiserver URL[,URL…] [--kubeconfig F] --node-name node-1 --node-ip 127.10.0.1 --pod-cidr 127.244.1.0/24
 *         [--port 10250] [--profile fast|realistic] [--cpu 4] [--memory 8Gi] [--max-pods 110]
 * kubelet --apiserver URL --hollow-nodes N [--first-node-index 1]   (N kubelets in this process:
 *         node-<i> on 127.10.0.<i> with pods in 127.244.<i>.0/24)
 */
import { parseArgs } from 'node:util';
import { timingsFor } from '@kemu/api';
import { clientFromFlags, createLogger } from '@kemu/client';
import { startHollowNodes } from './hollow.js';
import { startKubelet } from './kubelet.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      apiserver: { type: 'string', default: 'http://127.0.0.1:6443' },
      kubeconfig: { type: 'string' },
      'node-name': { type: 'string', default: 'node-1' },
      'node-ip': { type: 'string', default: '127.10.0.1' },
      'pod-cidr': { type: 'string', default: '127.244.1.0/24' },
      port: { type: 'string', default: '10250' },
      profile: { type: 'string', default: 'fast' },
      cpu: { type: 'string', default: '4' },
      memory: { type: 'string', default: '8Gi' },
      'max-pods': { type: 'string', default: '110' },
      'log-level': { type: 'string', default: 'info' },
      'hollow-nodes': { type: 'string' },
      'first-node-index': { type: 'string', default: '1' },
    },
    strict: true,
  });
  const logger = createLogger('kubelet', { level: values['log-level'] });
  const port = Number(values.port);
  const maxPods = Number(values['max-pods']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: invalid port "${values.port}"`);
  if (!Number.isInteger(maxPods) || maxPods < 1) throw new Error(`--max-pods: invalid number "${values['max-pods']}"`);
  const common = {
    client: clientFromFlags(values.apiserver!, 'kubelet', logger, values.kubeconfig),
    port, timings: timingsFor(values.profile), logger, cpu: values.cpu, memory: values.memory, maxPods,
  };
  const kubelet = values['hollow-nodes'] !== undefined
    ? await startHollowNodes({ ...common, count: Number(values['hollow-nodes']), first: Number(values['first-node-index']) })
    : await startKubelet({ ...common, nodeName: values['node-name']!, nodeIP: values['node-ip']!, podCIDR: values['pod-cidr']! });
  const stop = () => { void kubelet.close().then(() => process.exit(0)); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`kubelet: ${(err as Error).message}\n`);
  process.exit(1);
});
