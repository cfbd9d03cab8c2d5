#!/usr/bin/env node
/** proxy --apiserver URL[,URL…] [--kubeconfig F] --node-name node-1 --node-ip 127.10.0.1 --healthz-port 10256 [--reserved-addresses IP:port,CIDR:port,IP:*] [--profile fast] [--log-level info] */
import { CLIENT_FLAGS, clientFromFlags, portFlag, runComponent } from '@kemu/client';
import { startProxy } from './proxy.js';

void runComponent({
  name: 'proxy',
  flags: {
    ...CLIENT_FLAGS,
    'node-name': { type: 'string', default: 'node-1' },
    'node-ip': { type: 'string', default: '127.10.0.1' },
    'healthz-port': { type: 'string', default: '10256' },
    /** Comma-separated addresses kemu's components own, never bound for a Service (see reserved.ts). */
    'reserved-addresses': { type: 'string', default: '' },
  },
  start: (values, { logger, signal }) =>
    startProxy({
      client: clientFromFlags(values.apiserver, 'kube-proxy', logger, values.kubeconfig),
      nodeName: values['node-name'],
      nodeIP: values['node-ip'],
      healthzPort: portFlag('healthz-port', values['healthz-port']),
      reserved: values['reserved-addresses'].split(',').filter(Boolean),
      logger,
      signal,
    }),
});
