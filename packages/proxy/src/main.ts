#!/usr/bin/env node
/** proxy --apiserver URL[,URL…] [--kubeconfig F] --node-name node-1 --node-ip 127.10.0.1 --healthz-port 10256 [--profile fast] */
import { parseArgs } from 'node:util';
import { clientFromFlags, createLogger } from '@kemu/client';
import { startProxy } from './proxy.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      apiserver: { type: 'string', default: 'http://127.0.0.1:6443' },
      kubeconfig: { type: 'string' },
      'node-name': { type: 'string', default: 'node-1' },
      'node-ip': { type: 'string', default: '127.10.0.1' },
      'healthz-port': { type: 'string', default: '10256' },
      profile: { type: 'string', default: 'fast' },
      'log-level': { type: 'string', default: 'info' },
    },
    strict: true,
  });
  const logger = createLogger('proxy', { level: values['log-level'] });
  const healthzPort = Number(values['healthz-port']);
  if (!Number.isInteger(healthzPort) || healthzPort < 0 || healthzPort > 65535) throw new Error(`--healthz-port: invalid port "${values['healthz-port']}"`);
  const proxy = await startProxy({
    client: clientFromFlags(values.apiserver!, 'kube-proxy', logger, values.kubeconfig),
    nodeName: values['node-name']!, nodeIP: values['node-ip']!, healthzPort, logger,
  });
  const stop = () => { void proxy.close().then(() => process.exit(0)); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err) => {
  process.stderr.write(`proxy: ${(err as Error).message}\n`);
  process.exit(1);
});
