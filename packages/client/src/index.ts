/**
 * @kemu/client — the client-go equivalent every kemu component is built on.
 */
export * from './interfaces.js';
