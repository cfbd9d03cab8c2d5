/**
 * Plain HTTP sent to the TLS port gets Go net/http's answer, as kube-apiserver gives it:
 * `400 Bad Request` with "Client sent an HTTP request to an HTTPS server." instead of a connection
 * closed without a word. The first bytes of each connection are looked at before the TLS layer
 * takes the socket: a TLS handshake record goes on untouched (the bytes are put back and Node's
 * TLSSocket reads them), anything that starts like an HTTP request line is answered and closed.
 */
import type { Socket } from 'node:net';
import type { Server } from 'node:https';

export const PLAIN_HTTP_RESPONSE = 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n';

/** A TLS record of type handshake (22) starts every TLS connection. */
const TLS_HANDSHAKE = 0x16;

/** Like Go's tlsRecordHeaderLooksLikeHTTP, for every method: an upper-case token and a space. */
export function looksLikeHttp(first: Buffer): boolean {
  if (first.length === 0 || first[0] === TLS_HANDSHAKE) return false;
  return /^[A-Z]{3,10} /.test(first.subarray(0, 11).toString('latin1'));
}

/** Installs the check on an https server; call before other 'connection' listeners are added. */
export function answerPlainHttp(server: Server): void {
  const tlsListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    socket.once('data', (first: Buffer) => {
      socket.pause();
      if (looksLikeHttp(first)) {
        socket.end(PLAIN_HTTP_RESPONSE);
        return;
      }
      socket.unshift(first);
      for (const l of tlsListeners) l.call(server, socket);
    });
  });
}
