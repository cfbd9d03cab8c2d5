/**
 * What the watch checker drives: a "node" is one way into the shared state — a Store instance
 * (several RedisStores on one Redis are several pumps, like several apiservers) or one apiserver
 * reached over HTTP with @kemu/client's RestClient. The checker's objects carry their op id in
 * the annotation `jepsen/v` and a label `parity=even|odd` (what selector watchers select).
 */
import http from 'node:http';
import { R, isAlreadyExists, isConflict, isNotFound, type KubeObject } from '@kemu/api';
import { RestClient } from '@kemu/client';
import { StorageError, collectionPrefix, objectKey, type Store } from '@kemu/storage';
import type { EventType, Version } from './history.js';

export type WatchItem = (Version & { type: EventType }) | { type: 'BOOKMARK'; rev: number } | { type: 'ERROR'; message: string };

/** A version plus the object it came from (the apiserver needs it for a PUT). */
export type Current = Version & { raw: KubeObject };

export interface CheckerNode {
  name: string;
  /** Whether watch supports the `parity=even` label selector. */
  selectors: boolean;
  get(key: string): Promise<Current | undefined>;
  create(key: string, value: string, even: boolean): Promise<Current | 'exists'>;
  /** Compare-and-swap on cur.rev; returns cur's revision unchanged for a no-op. */
  update(cur: Current, value: string, even: boolean): Promise<Current | 'conflict' | 'gone'>;
  /** Compare-and-swap delete on cur.rev; returns the last state with the delete revision. */
  remove(cur: Current): Promise<Version | 'conflict' | 'gone'>;
  list(selector: boolean): Promise<{ items: Version[]; rev: number }>;
  /** Every change after `from`, in order; the iterator ends when signal aborts or the stream drops. */
  watch(from: number, selector: boolean, signal: AbortSignal): AsyncIterable<WatchItem>;
  currentRevision(): Promise<number>;
}

export const NAMESPACE = 'default';
const ANNOTATION = 'jepsen/v';

export function versionOf(obj: KubeObject, rev = Number(obj.metadata.resourceVersion)): Version {
  return {
    key: obj.metadata.name!,
    rev,
    value: obj.metadata.annotations?.[ANNOTATION] ?? '',
    even: obj.metadata.labels?.parity === 'even',
  };
}

function stamp(obj: KubeObject, value: string, even: boolean): KubeObject {
  obj.metadata.annotations = { ...obj.metadata.annotations, [ANNOTATION]: value };
  obj.metadata.labels = { ...obj.metadata.labels, parity: even ? 'even' : 'odd' };
  return obj;
}

function current(obj: KubeObject): Current {
  return { ...versionOf(obj), raw: obj };
}

/** A Store driven directly (ConfigMap-shaped objects under one namespace prefix). */
export function storeNode(name: string, store: Store): CheckerNode {
  const key = (n: string) => objectKey(R.configmaps, NAMESPACE, n);
  const prefix = collectionPrefix(R.configmaps, NAMESPACE);
  const code = (err: unknown) => (err instanceof StorageError ? err.code : undefined);
  return {
    name,
    selectors: false,
    async get(k) {
      const obj = await store.get(key(k));
      return obj && current(obj);
    },
    async create(k, value, even) {
      const obj = stamp({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: k, namespace: NAMESPACE } }, value, even);
      try {
        return current(await store.create(key(k), obj));
      } catch (err) {
        if (code(err) === 'KeyExists') return 'exists';
        throw err;
      }
    },
    async update(cur, value, even) {
      try {
        const out = await store.guaranteedUpdate(key(cur.key), (o) => stamp(o, value, even), {
          preconditions: { resourceVersion: String(cur.rev) },
        });
        return current(out);
      } catch (err) {
        if (code(err) === 'Conflict') return 'conflict';
        if (code(err) === 'KeyNotFound') return 'gone';
        throw err;
      }
    },
    async remove(cur) {
      try {
        return versionOf(await store.delete(key(cur.key), { preconditions: { resourceVersion: String(cur.rev) } }));
      } catch (err) {
        if (code(err) === 'Conflict') return 'conflict';
        if (code(err) === 'KeyNotFound') return 'gone';
        throw err;
      }
    },
    async list() {
      const { items, revision } = await store.list(prefix);
      return { items: items.map((o) => versionOf(o)), rev: revision };
    },
    async *watch(from, _selector, signal) {
      for await (const ev of store.watch({ fromRevision: from, prefix, signal })) {
        const v = versionOf(ev.object);
        if (v.rev !== ev.revision) yield { type: 'ERROR', message: `event at ${ev.revision} carries resourceVersion ${v.rev}` };
        yield { ...v, type: ev.type };
      }
    },
    currentRevision: () => store.currentRevision(),
  };
}

/** One apiserver over HTTP: pods (deleted with grace 0, so the DELETE answer carries the delete revision). */
export function apiserverNode(name: string, url: string): CheckerNode & { close(): void } {
  const client = new RestClient({ servers: [url], maxAttempts: 1 });
  const pod = (k: string, value: string, even: boolean): KubeObject =>
    stamp(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: k, namespace: NAMESPACE },
        spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
      } as KubeObject,
      value,
      even,
    );
  const selector = (on: boolean) => (on ? 'parity=even' : undefined);
  return {
    name,
    selectors: true,
    async get(k) {
      try {
        return current(await client.get(R.pods, NAMESPACE, k));
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async create(k, value, even) {
      try {
        return current(await client.create(R.pods, NAMESPACE, pod(k, value, even)));
      } catch (err) {
        if (isAlreadyExists(err)) return 'exists';
        throw err;
      }
    },
    async update(cur, value, even) {
      try {
        return current(await client.update(R.pods, stamp(structuredClone(cur.raw), value, even)));
      } catch (err) {
        if (isConflict(err)) return 'conflict';
        if (isNotFound(err)) return 'gone';
        throw err;
      }
    },
    async remove(cur) {
      const reply = await deleteRequest(`${url}/api/v1/namespaces/${NAMESPACE}/pods/${cur.key}`, {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        gracePeriodSeconds: 0,
        preconditions: { resourceVersion: String(cur.rev) },
      });
      if (reply.status === 409) return 'conflict';
      if (reply.status === 404) return 'gone';
      if (reply.status !== 200 || reply.body?.kind !== 'Pod')
        throw new Error(`DELETE ${cur.key}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
      return versionOf(reply.body as KubeObject);
    },
    async list(sel) {
      const l = await client.list(R.pods, { namespace: NAMESPACE, labelSelector: selector(sel) });
      return { items: l.items.map((o) => versionOf(o)), rev: Number(l.metadata.resourceVersion) };
    },
    async *watch(from, sel, signal) {
      const events = client.watch(
        R.pods,
        {
          namespace: NAMESPACE,
          resourceVersion: String(from),
          labelSelector: selector(sel),
          allowWatchBookmarks: true,
        },
        signal,
      );
      for await (const ev of events) {
        if (ev.type === 'BOOKMARK') yield { type: 'BOOKMARK', rev: Number(ev.object.metadata.resourceVersion) };
        else if (ev.type === 'ERROR') yield { type: 'ERROR', message: JSON.stringify(ev.object) };
        else yield { ...versionOf(ev.object as KubeObject), type: ev.type };
      }
    },
    async currentRevision() {
      return (await this.list(false)).rev;
    },
    close: () => client.close(),
  };
}

function deleteRequest(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'DELETE', headers: { 'Content-Type': 'application/json', 'Content-Length': String(data.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
