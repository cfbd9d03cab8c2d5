/**
 * kemu apiserver: `node dist/main.js --port 6443 --bind-address 127.0.0.1 --storage memory --profile fast
 *   [--tls-cert-file F --tls-private-key-file F] [--token-auth-file F]`
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { startApiServer } from './api-server.js';
import { readTokenFile, TokenAuthenticator } from './auth/index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '6443' },
    'bind-address': { type: 'string', default: '127.0.0.1' },
    storage: { type: 'string', default: 'memory' },
    profile: { type: 'string', default: 'fast' },
    'log-level': { type: 'string', default: 'info' },
    'tls-cert-file': { type: 'string' },
    'tls-private-key-file': { type: 'string' },
    'token-auth-file': { type: 'string' },
  },
});

const log = pino({ name: 'apiserver', level: values['log-level'] });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log.error({ port: values.port }, 'invalid --port');
  process.exit(2);
}

if ((values['tls-cert-file'] === undefined) !== (values['tls-private-key-file'] === undefined)) {
  log.error({}, '--tls-cert-file and --tls-private-key-file go together');
  process.exit(2);
}

try {
  const tls = values['tls-cert-file'] !== undefined
    ? { cert: readFileSync(values['tls-cert-file']), key: readFileSync(values['tls-private-key-file']!) }
    : undefined;
  const authenticator = values['token-auth-file'] !== undefined ? new TokenAuthenticator(readTokenFile(values['token-auth-file'])) : undefined;
  const server = await startApiServer({
    port, bindAddress: values['bind-address'], storage: values.storage, profile: values.profile, logger: log, tls, authenticator,
  });
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
