/**
 * Bearer-token authentication against a static token table, and the paths kube-apiserver's
 * default RBAC (`system:public-info-viewer`) opens to everyone: /version, /healthz, /livez,
 * /readyz. kubectl's dispatcher asks for /version without credentials before every command.
 *
 * There is no authorization step: every authenticated identity may do everything (as if each
 * were bound to cluster-admin). Identities still matter: they name who did what in the logs.
 */
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { unauthorized } from '@kemu/api';
import { AUTHENTICATED_GROUP, type UserInfo } from './user.js';

const PUBLIC_PATHS = new Set(['/version', '/version/', '/healthz', '/livez', '/readyz']);

/** Whether a path is served without credentials. */
export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path) || path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/');
}

export interface Authenticator {
  /** The request's user, or an Unauthorized ApiError thrown when its credentials are missing or wrong. */
  authenticate(req: IncomingMessage): UserInfo;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

export class TokenAuthenticator implements Authenticator {
  private readonly tokens: { token: Buffer; user: UserInfo }[];

  constructor(tokens: Map<string, UserInfo>) {
    this.tokens = [...tokens].map(([token, user]) => ({
      token: Buffer.from(token),
      user: { ...user, groups: user.groups.includes(AUTHENTICATED_GROUP) ? user.groups : [...user.groups, AUTHENTICATED_GROUP] },
    }));
  }

  authenticate(req: IncomingMessage): UserInfo {
    const token = bearerToken(req);
    if (token === undefined) throw unauthorized();
    const given = Buffer.from(token);
    for (const t of this.tokens) {
      if (t.token.length === given.length && timingSafeEqual(t.token, given)) return t.user;
    }
    throw unauthorized();
  }
}
