/**
 * What every controller is built from. The controller-manager makes one context and hands it
 * to each controller's constructor; tests build one around a FakeClient and a FakeClock.
 */
import type { Clock, Timings } from '@kemu/api';
import type { Client, EventRecorder, SharedInformerFactory } from '@kemu/client';
import type { Logger } from 'pino';

export interface ControllerContext {
  client: Client;
  informers: SharedInformerFactory;
  /** An event recorder reporting as `component` (e.g. `deployment-controller`). */
  recorder(component: string): EventRecorder;
  timings: Timings;
  clock: Clock;
  logger: Logger;
}

/**
 * A controller: `run` waits for its informers' caches, then runs `workers` loops of
 * queue.get → sync(key) → done until signal aborts. `sync` is level-triggered and idempotent.
 */
export interface Controller {
  readonly name: string;
  run(workers: number, signal: AbortSignal): Promise<void>;
  sync(key: string): Promise<void>;
}
