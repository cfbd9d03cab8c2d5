/**
 * One pino root per process, named after the component; modules take children
 * (`logger.child({ module: 'reflector' })`). Level from LOG_LEVEL (default info).
 */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(component: string, opts: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = opts.level ?? process.env.LOG_LEVEL ?? 'info';
  return opts.destination ? pino({ name: component, level }, opts.destination as pino.DestinationStream) : pino({ name: component, level });
}

/** A logger that drops everything, the default for library objects built without one. */
export const silentLogger: Logger = pino({ level: 'silent' });
