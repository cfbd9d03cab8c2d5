/**
 * kemu apiserver: `node dist/main.js --port 6443 --bind-address 127.0.0.1 --storage memory --profile fast
 *   [--tls-cert-file F --tls-private-key-file F] [--token-auth-file F]
 *   [--id apiserver-1] [--compaction-interval 5m] [--compaction-max-revisions 100000] [--event-ttl 1h]
 *   [--max-requests-inflight 1000] [--max-mutating-requests-inflight 500]`
 * --storage: memory | redis://host:port | redis-sentinel://host:port[,host:port]/<mastername>
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDuration } from '@kemu/api';
import pino from 'pino';
import { startApiServer } from './api-server.js';
import { readTokenFile, TokenAuthenticator } from './auth/index.js';
import { DEFAULT_MAX_HISTORY_REVISIONS } from './storage-maintenance/index.js';
import { DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT, DEFAULT_MAX_REQUESTS_INFLIGHT } from './endpoints/filters/max-in-flight.js';

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
    id: { type: 'string' },
    'compaction-interval': { type: 'string', default: '5m' },
    'compaction-max-revisions': { type: 'string', default: String(DEFAULT_MAX_HISTORY_REVISIONS) },
    'event-ttl': { type: 'string', default: '1h' },
    'max-requests-inflight': { type: 'string', default: String(DEFAULT_MAX_REQUESTS_INFLIGHT) },
    'max-mutating-requests-inflight': { type: 'string', default: String(DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT) },
  },
});

const log = pino({ name: 'apiserver', level: values['log-level'] });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  log.error({ port: values.port }, 'invalid --port');
  process.exit(2);
}

let compactionIntervalMs = 0;
let eventTTLSeconds = 0;
const maxHistoryRevisions = Number(values['compaction-max-revisions']);
try {
  compactionIntervalMs = parseDuration(values['compaction-interval']);
  eventTTLSeconds = Math.ceil(parseDuration(values['event-ttl']) / 1000);
} catch (err) {
  log.error({ err: (err as Error).message }, 'invalid --compaction-interval or --event-ttl');
  process.exit(2);
}
if (!Number.isInteger(maxHistoryRevisions) || maxHistoryRevisions < 0) {
  log.error({ value: values['compaction-max-revisions'] }, 'invalid --compaction-max-revisions (a non-negative integer; 0 = no cap)');
  process.exit(2);
}
if (eventTTLSeconds <= 0) {
  log.error({ value: values['event-ttl'] }, 'invalid --event-ttl (must be positive)');
  process.exit(2);
}

const maxRequestsInFlight = Number(values['max-requests-inflight']);
const maxMutatingRequestsInFlight = Number(values['max-mutating-requests-inflight']);
for (const [flag, n] of [
  ['--max-requests-inflight', maxRequestsInFlight],
  ['--max-mutating-requests-inflight', maxMutatingRequestsInFlight],
] as const) {
  if (!Number.isInteger(n) || n < 0) {
    log.error({ flag, value: n }, 'invalid in-flight limit (a non-negative integer; 0 = no limit)');
    process.exit(2);
  }
}

if ((values['tls-cert-file'] === undefined) !== (values['tls-private-key-file'] === undefined)) {
  log.error({}, '--tls-cert-file and --tls-private-key-file go together');
  process.exit(2);
}

try {
  const tls =
    values['tls-cert-file'] !== undefined
      ? { cert: readFileSync(values['tls-cert-file']), key: readFileSync(values['tls-private-key-file']!) }
      : undefined;
  const authenticator =
    values['token-auth-file'] !== undefined ? new TokenAuthenticator(readTokenFile(values['token-auth-file'])) : undefined;
  const server = await startApiServer({
    port,
    bindAddress: values['bind-address'],
    storage: values.storage,
    profile: values.profile,
    logger: log,
    tls,
    authenticator,
    identity: values.id,
    compactionIntervalMs,
    maxHistoryRevisions,
    eventTTLSeconds,
    inFlight: { maxRequestsInFlight, maxMutatingRequestsInFlight },
  });
  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (err) {
  log.error({ err }, 'apiserver failed to start');
  // One line a person reads (`listen EADDRINUSE: address already in use 127.0.0.1:6443`), as the other components print.
  process.stderr.write(`apiserver: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
