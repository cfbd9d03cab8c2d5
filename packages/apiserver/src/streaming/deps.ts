import type { Logger } from 'pino';
import type { Authenticator } from '../auth/index.js';
import type { Registry } from '../registry/registry.js';

/** What the streaming subresources need from the apiserver. */
export interface StreamingDeps {
  registry: Registry;
  log: Logger;
  /** When set, upgrade requests need credentials like every other API request. */
  authenticator?: Authenticator;
  /**
   * Answer WebSocket upgrades of exec/attach/portforward with 400, as an old apiserver would, so
   * that clients fall back to SPDY (tests and teaching). Default false.
   */
  refuseWebSockets?: boolean;
}
