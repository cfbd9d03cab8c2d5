/**
 * The loopback client: how this apiserver's own background work (leader election for storage
 * maintenance, the endpoint reconciler) talks to it, through its HTTP API like any client, as
 * kube-apiserver's loopback clientset does. When the server requires credentials, a random
 * per-process token is accepted as `system:apiserver` (group system:masters) next to the
 * configured ones.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { RestClient } from '@kemu/client';
import { AUTHENTICATED_GROUP, bearerToken, type Authenticator, type UserInfo } from '../auth/index.js';

export interface Loopback {
  /** The authenticator to serve with: the configured one plus the loopback token (undefined when none is configured). */
  authenticator?: Authenticator;
  /** A client for the server at url. */
  client(url: string, log: Logger): RestClient;
}

export function newLoopback(configured: Authenticator | undefined): Loopback {
  const token = randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token);
  const user: UserInfo = { name: 'system:apiserver', uid: randomUUID(), groups: ['system:masters', AUTHENTICATED_GROUP] };
  const authenticator: Authenticator | undefined = configured && {
    authenticate(req: IncomingMessage): UserInfo {
      const given = Buffer.from(bearerToken(req) ?? '');
      if (given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes)) return user;
      return configured.authenticate(req);
    },
  };
  return {
    authenticator,
    client: (url, log) => new RestClient({
      servers: [url],
      userAgent: 'kube-apiserver/v1.32.0 (linux/amd64) kemu loopback',
      fieldManager: 'kube-apiserver',
      logger: log,
      token: configured ? token : undefined,
      // The peer is this very process on its own listening socket; its serving certificate is
      // signed by a CA the apiserver is not given (kube-apiserver uses a separate loopback cert).
      insecureSkipTLSVerify: true,
      requestTimeoutMs: 5000,
      maxAttempts: 2,
    }),
  };
}
