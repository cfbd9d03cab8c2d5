/** Writing responses: JSON objects, Status errors and plain text. */
import type { ServerResponse } from 'node:http';
import type { Status } from '@kemu/api';

export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const data = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(data),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(data);
}

/** A failure Status; `details.retryAfterSeconds` also goes out as Retry-After, as kube-apiserver does. */
export function sendStatus(res: ServerResponse, status: Status, headers: Record<string, string> = {}): void {
  const retry = status.details?.retryAfterSeconds;
  sendJson(res, status.code, status, retry !== undefined && retry > 0 ? { 'Retry-After': String(retry), ...headers } : headers);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}
