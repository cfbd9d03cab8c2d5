/**
 * Answers on a raw socket — what an upgrade request gets when it is refused: an HTTP/1.1 response
 * carrying the Status, then the connection closes.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Status } from '@kemu/api';

export function rejectUpgrade(socket: Duplex, status: Status): void {
  const code = status.code ?? 500;
  const body = JSON.stringify(status);
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The upgrade request asks for a WebSocket. */
export function isWebSocketUpgrade(headers: Record<string, string | string[] | undefined>): boolean {
  return String(headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/** The upgrade request asks for SPDY/3.1. */
export function isSpdyUpgrade(headers: Record<string, string | string[] | undefined>): boolean {
  return String(headers.upgrade ?? '')
    .toLowerCase()
    .split(',')
    .some((p) => p.trim() === 'spdy/3.1');
}
