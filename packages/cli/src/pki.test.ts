import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apiserverSANs, createCertificateAuthority, issueServingCertificate, pkiFiles, writeClusterPki } from './pki.js';

function get(port: number, ca: string, servername: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, ca, servername, path: '/', agent: false }, (res) => {
      let b = '';
      res.on('data', (d) => {
        b += d;
      });
      res.on('end', () => resolve(b));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('cluster PKI', () => {
  it('issues a serving certificate that Node verifies against the CA for every SAN', async () => {
    const ca = await createCertificateAuthority();
    const serving = await issueServingCertificate(ca, { commonName: 'kube-apiserver', ...apiserverSANs() });
    const cert = new X509Certificate(serving.certPem);
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('127.96.0.1')).toBe('127.96.0.1');
    expect(cert.checkHost('kubernetes.default.svc')).toBe('kubernetes.default.svc');
    expect(new X509Certificate(ca.certPem).ca).toBe(true);

    const server = https.createServer({ cert: serving.certPem, key: serving.keyPem }, (_req, res) => res.end('hello'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await get(port, ca.certPem, 'kubernetes.default.svc')).toBe('hello');
      const other = await createCertificateAuthority('someone-else');
      await expect(get(port, other.certPem, 'localhost')).rejects.toThrow();
    } finally {
      server.close();
    }
  });

  it('writes a token per identity and a kubeconfig per identity, keeping the CA on a second run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kemu-pki-'));
    const { identities } = await writeClusterPki(dir, { nodes: 2, server: 'https://127.0.0.1:6443' });
    expect(identities.map((i) => i.user)).toEqual([
      'kubernetes-admin',
      'system:kube-scheduler',
      'system:kube-controller-manager',
      'system:kube-proxy',
      'system:node:node-1',
      'system:node:node-2',
      'system:node:hollow-nodes',
    ]);
    const lines = readFileSync(pkiFiles.tokens(dir), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[4]).toMatch(/^[\w-]+,system:node:node-1,system:node:node-1,"system:nodes"$/);
    expect(statSync(pkiFiles.caKey(dir)).mode & 0o077).toBe(0);
    const kc = parse(readFileSync(pkiFiles.kubeconfig(dir, 'node-1'), 'utf8'));
    expect(kc.clusters[0].cluster.server).toBe('https://127.0.0.1:6443');
    expect(Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString()).toBe(
      readFileSync(pkiFiles.caCert(dir), 'utf8'),
    );
    expect(lines[4].startsWith(`${kc.users[0].user.token},`)).toBe(true);
    const caBefore = readFileSync(pkiFiles.caCert(dir), 'utf8');
    await writeClusterPki(dir, { nodes: 2, server: 'https://127.0.0.1:6443' });
    expect(readFileSync(pkiFiles.caCert(dir), 'utf8')).toBe(caBefore);
    expect(readFileSync(pkiFiles.tokens(dir), 'utf8')).not.toBe(lines.join('\n') + '\n');
  });
});
