/**
 * The cluster's PKI and identities, as kubeadm lays them out: a CA, the apiserver's serving
 * certificate signed by it (SANs for every name and address clients use), a static token file
 * with one identity per component, and one kubeconfig per identity (server, CA data, token).
 * Certificates are built with @peculiar/x509 over Node's WebCrypto (ECDSA P-256, SHA-256).
 */
import 'reflect-metadata'; // tsyringe, used inside @peculiar/x509, needs it loaded first
import { randomBytes, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { kubeconfigFor } from './kubeconfig.js';
import { NETWORK } from '@kemu/api';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 3600 * 1000;

export interface KeyPairPem {
  certPem: string;
  keyPem: string;
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importKey(pem: string): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(pem), ALG, true, ['sign']);
}

function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f; // a positive INTEGER
  return b.toString('hex');
}

/** A self-signed CA certificate valid for 10 years. */
export async function createCertificateAuthority(commonName = 'kemu-ca', now = new Date()): Promise<KeyPairPem> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    keys,
    signingAlgorithm: ALG,
    notBefore: new Date(now.getTime() - 3600_000),
    notAfter: new Date(now.getTime() + 3650 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

export interface ServingCertOptions {
  commonName: string;
  dnsNames: string[];
  ips: string[];
  /** Days of validity. Default 365. */
  days?: number;
  now?: Date;
}

/** A TLS server certificate for `opts` signed by `ca`. */
export async function issueServingCertificate(ca: KeyPairPem, opts: ServingCertOptions): Promise<KeyPairPem> {
  const now = opts.now ?? new Date();
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await importKey(ca.keyPem);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${opts.commonName}`,
    issuer: caCert.subject,
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALG,
    notBefore: new Date(now.getTime() - 3600_000),
    notAfter: new Date(now.getTime() + (opts.days ?? 365) * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false),
      new x509.SubjectAlternativeNameExtension([
        ...opts.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...opts.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await keyPem(keys.privateKey) };
}

/** The names and addresses the apiserver is reached at: loopback, the `kubernetes` Service, its DNS names. */
export function apiserverSANs(extraIPs: string[] = []): { dnsNames: string[]; ips: string[] } {
  return {
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
    ips: [...new Set(['127.0.0.1', NETWORK.kubernetesServiceIP, '::1', ...extraIPs])],
  };
}

/** One identity of the static token file. */
export interface Identity {
  /** File stem of its kubeconfig: `admin`, `scheduler`, `controller-manager`, `proxy`, `node-<i>`. */
  id: string;
  user: string;
  groups: string[];
}

/** Who is who: the user the admin kubeconfig uses, and one identity per component kind / node. */
export function clusterIdentities(nodes: number): Identity[] {
  return [
    { id: 'admin', user: 'kubernetes-admin', groups: ['system:masters'] },
    { id: 'scheduler', user: 'system:kube-scheduler', groups: [] },
    { id: 'controller-manager', user: 'system:kube-controller-manager', groups: [] },
    { id: 'proxy', user: 'system:kube-proxy', groups: [] },
    ...Array.from({ length: nodes }, (_, k) => ({ id: `node-${k + 1}`, user: `system:node:node-${k + 1}`, groups: ['system:nodes'] })),
    // The one kubelet process of `kemu up --hollow-nodes` (many nodes, one identity).
    { id: 'hollow-nodes', user: 'system:node:hollow-nodes', groups: ['system:nodes'] },
  ];
}

/** The file layout of a PKI directory. */
export const pkiFiles = {
  caCert: (dir: string) => join(dir, 'ca.crt'),
  caKey: (dir: string) => join(dir, 'ca.key'),
  apiserverCert: (dir: string) => join(dir, 'apiserver.crt'),
  apiserverKey: (dir: string) => join(dir, 'apiserver.key'),
  tokens: (dir: string) => join(dir, 'tokens.csv'),
  kubeconfig: (dir: string, id: string) => join(dir, `${id}.kubeconfig`),
};

export interface ClusterPkiOptions {
  nodes: number;
  /** The https URL written into the kubeconfigs. */
  server: string;
  /** Extra IP SANs for the serving certificate. */
  extraIPs?: string[];
  /** Keep an existing CA (so clients that trust it keep working). Default true. */
  reuseCA?: boolean;
}

/**
 * Writes (or refreshes) the PKI in `dir`: ca.crt/ca.key (kept when present), apiserver.crt/.key,
 * tokens.csv with a fresh random token per identity, and `<id>.kubeconfig` per identity.
 * Keys and tokens are written with mode 0600.
 */
export async function writeClusterPki(dir: string, opts: ClusterPkiOptions): Promise<{ ca: KeyPairPem; identities: Identity[] }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = { mode: 0o600 };
  let ca: KeyPairPem;
  if ((opts.reuseCA ?? true) && existsSync(pkiFiles.caCert(dir)) && existsSync(pkiFiles.caKey(dir))) {
    ca = { certPem: readFileSync(pkiFiles.caCert(dir), 'utf8'), keyPem: readFileSync(pkiFiles.caKey(dir), 'utf8') };
  } else {
    ca = await createCertificateAuthority();
    writeFileSync(pkiFiles.caCert(dir), ca.certPem);
    writeFileSync(pkiFiles.caKey(dir), ca.keyPem, secret);
  }
  const serving = await issueServingCertificate(ca, { commonName: 'kube-apiserver', ...apiserverSANs(opts.extraIPs) });
  writeFileSync(pkiFiles.apiserverCert(dir), serving.certPem);
  writeFileSync(pkiFiles.apiserverKey(dir), serving.keyPem, secret);
  const identities = clusterIdentities(opts.nodes);
  const lines: string[] = [];
  for (const id of identities) {
    const token = randomBytes(24).toString('base64url');
    const groups = id.groups.length ? `,"${id.groups.join(',')}"` : '';
    lines.push(`${token},${id.user},${id.user}${groups}`);
    writeFileSync(pkiFiles.kubeconfig(dir, id.id), kubeconfigFor(opts.server, { caPem: ca.certPem, user: id.user, token }), secret);
  }
  writeFileSync(pkiFiles.tokens(dir), lines.join('\n') + '\n', secret);
  return { ca, identities };
}

/** Whether `dir` already holds a complete PKI for `nodes` nodes. */
export function hasClusterPki(dir: string, nodes: number): boolean {
  return [
    pkiFiles.caCert(dir),
    pkiFiles.apiserverCert(dir),
    pkiFiles.apiserverKey(dir),
    pkiFiles.tokens(dir),
    ...clusterIdentities(nodes).map((i) => pkiFiles.kubeconfig(dir, i.id)),
  ].every((f) => existsSync(f));
}
