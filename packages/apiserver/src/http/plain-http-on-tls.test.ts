/** Plain HTTP to the TLS port: Go's 400 answer, while TLS clients on the same port are served. */
import https from 'node:https';
import net from 'node:net';
import { apiserverSANs, createCertificateAuthority, issueServingCertificate } from '@kemu/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';
import { PLAIN_HTTP_RESPONSE, looksLikeHttp } from './plain-http-on-tls.js';

let h: Harness;
let ca: string;
beforeAll(async () => {
  const authority = await createCertificateAuthority();
  const serving = await issueServingCertificate(authority, { commonName: 'kube-apiserver', ...apiserverSANs() });
  ca = authority.certPem;
  h = await startHarness({ tls: { cert: serving.certPem, key: serving.keyPem } });
});
afterAll(async () => {
  await h?.close();
});

function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = net.connect(port, '127.0.0.1', () => s.write(text));
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.on('error', reject);
  });
}

function httpsGet(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(`${h.url}${path}`, { ca }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

describe('plain HTTP on the TLS port', () => {
  it('answers 400 "Client sent an HTTP request to an HTTPS server." every time', async () => {
    expect(h.url).toMatch(/^https:/);
    const port = Number(new URL(h.url).port);
    for (const line of [
      'GET /api HTTP/1.1',
      'POST /api/v1/namespaces/default/configmaps HTTP/1.1',
      'DELETE /x HTTP/1.0',
      'GET /',
      'OPTIONS * HTTP/1.1',
    ]) {
      const answer = await rawExchange(port, `${line}\r\nHost: localhost\r\n\r\n`);
      expect(answer).toBe(PLAIN_HTTP_RESPONSE);
      expect(answer).toContain('Client sent an HTTP request to an HTTPS server.');
    }
  });

  it('still serves TLS clients afterwards', async () => {
    expect(await httpsGet('/version')).toBe(200);
    expect(await httpsGet('/api/v1/namespaces/default/configmaps')).toBe(200);
  });

  it('tells HTTP request lines from TLS handshakes', () => {
    expect(looksLikeHttp(Buffer.from('GET / HTTP/1.1'))).toBe(true);
    expect(looksLikeHttp(Buffer.from('PATCH /x HTTP/1.1'))).toBe(true);
    expect(looksLikeHttp(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00]))).toBe(false);
    expect(looksLikeHttp(Buffer.from('\x00\x01garbage'))).toBe(false);
  });
});
