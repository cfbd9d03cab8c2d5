#!/usr/bin/env node
/** proxy --apiserver URL[,URL…] [--kubeconfig F] --node-name node-1 --node-ip 127.10.0.1 --healthz-port 10256 [--profile fast] [--log-level info] */
import { CLIENT_FLAGS, clientFromFlags, portFlag, runComponent } from '@kemu/client';
import { startProxy } from './proxy.js';

void runComponent({
  name: 'proxy',
  flags: {
    ...CLIENT_FLAGS,
    'node-name': { type: 'string', default: 'node-1' },
    'node-ip': { type: 'string', default: '127.10.0.1' },
    'healthz-port': { type: 'string', default: '10256' },
  },
  start: (values, { logger, signal }) =>
    startProxy({
      client: clientFromFlags(values.apiserver, 'kube-proxy', logger, values.kubeconfig),
      nodeName: values['node-name'],
      nodeIP: values['node-ip'],
      healthzPort: portFlag('healthz-port', values['healthz-port']),
      logger,
      signal,
    }),
});
