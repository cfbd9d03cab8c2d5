/** kemu apiserver: `node dist/main.js --port 6443 --bind-address 127.0.0.1 --storage memory --profile fast` */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startApiServer } from './api-server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '6443' },
    'bind-address': { type: 'string', default: '127.0.0.1' },
    storage: { type: 'string', default: 'memory' },
    profile: { type: 'string', default: 'fast' },
    'log-level': { type: 'string', default: 'info' },
  },
});

const log = pino({ name: 'apiserver', level: values['log-level'] });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log.error({ port: values.port }, 'invalid --port');
  process.exit(2);
}

try {
  const server = await startApiServer({ port, bindAddress: values['bind-address'], storage: values.storage, profile: values.profile, logger: log });
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close().then(() => process.exit(0), (err) => {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (err) {
  log.error({ err }, 'apiserver failed to start');
  process.exit(1);
}
