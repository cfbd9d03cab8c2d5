/**
 * LIST from the watch cache, over thousands of pods: the body assembled from each object's cached
 * JSON is the list a fresh encoding gives, every pod comes once in key order (also page by page),
 * and selectors leave out what they do not match. How long such a list takes is measured by
 * `npm run bench -- api` (its LIST figure), not here.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { everything, everyField, realClock, resourceFor, type KubeObject } from '@kemu/api';
import { MemoryStore, collectionPrefix, objectKey } from '@kemu/storage';
import { startApiServer, type ApiServer } from '../api-server.js';
import { Cacher } from './cacher.js';
import { listBody } from './http.js';

const PODS = resourceFor('', 'pods')!;
const N = 3_000;

/** A pod of about 1.6 KB of JSON, like the storage research's benchmark object. */
function bigPod(i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${String(i).padStart(5, '0')}`,
      namespace: `ns-${i % 10}`,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      labels: { app: `app-${i % 50}`, tier: i % 2 ? 'front' : 'back', 'pod-template-hash': '5d8f7c9b6d' },
      annotations: { 'kubernetes.io/config.seen': '2026-11-22T00:00:00Z', note: 'x'.repeat(200) },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `rs-${i % 50}`,
          uid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      creationTimestamp: '2026-11-22T00:00:00Z',
    },
    spec: {
      nodeName: `node-${i % 20}`,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          env: [
            { name: 'MODE', value: 'production' },
            { name: 'LOG_LEVEL', value: 'info' },
          ],
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: `127.244.${i % 20}.${(i % 250) + 2}`,
      hostIP: `127.10.0.${i % 20}`,
      startTime: '2026-11-22T00:00:01Z',
      qosClass: 'Burstable',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastTransitionTime: '2026-11-22T00:00:02Z',
      })),
      containerStatuses: [
        {
          name: 'app',
          ready: true,
          restartCount: 0,
          image: 'nginx:1.27',
          imageID: 'docker://sha256:abc',
          containerID: 'kemu://0123456789abcdef',
          started: true,
          state: { running: { startedAt: '2026-11-22T00:00:02Z' } },
        },
      ],
    },
  } as KubeObject;
}

let store: MemoryStore;
let server: ApiServer;
beforeAll(async () => {
  store = new MemoryStore();
  for (let i = 0; i < N; i++) await store.create(objectKey(PODS, `ns-${i % 10}`, bigPod(i).metadata.name!), bigPod(i));
  server = await startApiServer({ port: 0, storage: store, logger: pino({ level: 'silent' }) });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await store?.close();
});

interface PodList {
  metadata: { resourceVersion?: string; continue?: string };
  items: KubeObject[];
}

const keyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

describe(`LIST of ${N} pods from the watch cache`, () => {
  it('assembles from cached bytes the list a fresh encoding gives, byte for byte the same when served again', async () => {
    const cacher = new Cacher(store, { clock: realClock });
    try {
      const sel = { label: everything, field: everyField };
      const opts = { resourceVersion: '', match: '' as const, limit: 0, continue: '' };
      const first = listBody(PODS, await cacher.list(PODS, undefined, sel, opts));
      const again = listBody(PODS, await cacher.list(PODS, undefined, sel, opts));
      expect(again.equals(first)).toBe(true);
      const stored = await store.list(collectionPrefix(PODS, undefined));
      const parsed = JSON.parse(first.toString('utf8'));
      expect(parsed).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
      expect(parsed.metadata.resourceVersion).toMatch(/^[1-9]\d*$/);
      expect(parsed.items).toEqual(stored.items);
    } finally {
      cacher.close();
    }
  });

  it('lists every pod once, in key order, whole or page by page', async () => {
    const all = await getJson<PodList>('/api/v1/pods');
    const keys = all.items.map(keyOf);
    expect(keys).toHaveLength(N);
    expect(new Set(keys).size).toBe(N);
    expect(keys).toEqual([...keys].sort());
    const paged: string[] = [];
    let pages = 0;
    let token = '';
    do {
      const page = await getJson<PodList>(`/api/v1/pods?limit=700${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(700);
      paged.push(...page.items.map(keyOf));
      token = page.metadata.continue ?? '';
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(N / 700));
    expect(paged).toEqual(keys);
  });

  it('leaves out the pods a selector or namespace does not match', async () => {
    const byLabel = (await getJson<PodList>('/api/v1/pods?labelSelector=app%3Dapp-7')).items;
    expect(byLabel).toHaveLength(N / 50);
    expect(byLabel.every((p) => p.metadata.labels?.app === 'app-7')).toBe(true);
    const byField = (await getJson<PodList>('/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-3')).items;
    expect(byField).toHaveLength(N / 20);
    expect(byField.every((p) => (p as { spec?: { nodeName?: string } }).spec?.nodeName === 'node-3')).toBe(true);
    const inNamespace = (await getJson<PodList>('/api/v1/namespaces/ns-2/pods')).items;
    expect(inNamespace).toHaveLength(N / 10);
    expect(inNamespace.every((p) => p.metadata.namespace === 'ns-2')).toBe(true);
  });
});

function getJson<T>(path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get(`${server.url}${path}`, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`GET ${path}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`));
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
