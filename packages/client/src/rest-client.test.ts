import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, isConflict, isNotFound, R, type KubeObject, type Pod } from '@kemu/api';
import { RestClient, TransportError, clientFromFlags } from './rest-client.js';
import { newSharedInformer } from './shared-informer.js';
import { freePort } from '../../../test/support/redis-server.js';
import { waitFor } from './testing/wait.js';

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A tiny apiserver for pods in `default`: list, chunked watch from a resourceVersion (410 ERROR
 * event below `compacted`), create, and scripted answers for everything else.
 */
class MiniApiserver {
  server!: http.Server;
  port = 0;
  readonly requests: Recorded[] = [];
  pods = new Map<string, Pod>();
  rv = 10;
  compacted = 0;
  history: { rv: number; type: string; obj: Pod }[] = [];
  watches = new Set<http.ServerResponse>();
  /** Answers a request before the default handling when it returns true. */
  hook?: (req: Recorded, res: http.ServerResponse) => boolean;

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => this.handle({ method: req.method!, url: req.url!, headers: req.headers, body }, res));
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.watches) w.destroy();
    this.watches.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  put(type: 'ADDED' | 'MODIFIED' | 'DELETED', p: Pod): void {
    const obj = structuredClone(p);
    obj.metadata.resourceVersion = String(++this.rv);
    if (type === 'DELETED') this.pods.delete(obj.metadata.name!);
    else this.pods.set(obj.metadata.name!, obj);
    this.history.push({ rv: this.rv, type, obj });
    for (const w of this.watches) w.write(JSON.stringify({ type, object: obj }) + '\n');
  }

  closeWatches(): void {
    for (const w of this.watches) w.end();
    this.watches.clear();
  }

  private handle(req: Recorded, res: http.ServerResponse): void {
    this.requests.push(req);
    if (this.hook?.(req, res)) return;
    const u = new URL(req.url, 'http://x');
    if (req.method === 'GET' && u.pathname === '/api/v1/pods' && u.searchParams.get('watch') === 'true') {
      const from = Number(u.searchParams.get('resourceVersion') || '0');
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.flushHeaders();
      if (from < this.compacted) {
        res.end(
          JSON.stringify({
            type: 'ERROR',
            object: {
              kind: 'Status',
              apiVersion: 'v1',
              metadata: {},
              status: 'Failure',
              message: 'too old resource version',
              reason: 'Expired',
              code: 410,
            },
          }) + '\n',
        );
        return;
      }
      for (const h of this.history) if (h.rv > from) res.write(JSON.stringify({ type: h.type, object: h.obj }) + '\n');
      this.watches.add(res);
      res.on('close', () => this.watches.delete(res));
      return;
    }
    if (req.method === 'GET' && u.pathname === '/api/v1/pods') {
      json(res, 200, {
        apiVersion: 'v1',
        kind: 'PodList',
        metadata: { resourceVersion: String(this.rv) },
        items: [...this.pods.values()].map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
      });
      return;
    }
    const m = /^\/api\/v1\/namespaces\/default\/pods(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(u.pathname);
    if (m && req.method === 'POST' && !m[1]) {
      const p = JSON.parse(req.body) as Pod;
      this.put('ADDED', p);
      json(res, 201, this.pods.get(p.metadata.name!));
      return;
    }
    if (m && req.method === 'GET' && m[1]) {
      const p = this.pods.get(m[1]);
      if (p) json(res, 200, p);
      else
        json(res, 404, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `pods "${m[1]}" not found`,
          reason: 'NotFound',
          details: { name: m[1], kind: 'pods' },
          code: 404,
        });
      return;
    }
    json(res, 200, { echo: true, method: req.method });
  }
}

function json(res: http.ServerResponse, code: number, body: unknown): void {
  const s = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(s) });
  res.end(s);
}

const pod = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c' }] },
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function mini(port = 0): Promise<MiniApiserver> {
  const s = await new MiniApiserver().start(port);
  cleanups.push(() => s.stop().catch(() => undefined));
  return s;
}

function client(servers: string[], extra: Partial<ConstructorParameters<typeof RestClient>[0]> = {}): RestClient {
  const c = new RestClient({ servers, retryBaseDelayMs: 5, ...extra });
  cleanups.push(() => c.close());
  return c;
}

describe('RestClient', () => {
  it('builds paths and queries and sends JSON', async () => {
    const s = await mini();
    const c = client([s.url], { userAgent: 'test/1' });
    await c.list(R.deployments, { namespace: 'ns1', labelSelector: 'app=web', fieldSelector: 'metadata.name=x', limit: 10 });
    await c.get(R.nodes, 'ignored', 'n1');
    await c.updateStatus(R.pods, { ...pod('p'), metadata: { name: 'p', namespace: 'default', resourceVersion: '3' } });
    await c.createSubresource(R.pods, 'default', 'p', 'binding', { target: { name: 'n1' } });
    const [list, get, status, binding] = s.requests;
    expect(list.method).toBe('GET');
    expect(list.url).toBe('/apis/apps/v1/namespaces/ns1/deployments?labelSelector=app%3Dweb&fieldSelector=metadata.name%3Dx&limit=10');
    expect(list.headers['user-agent']).toBe('test/1');
    expect(list.headers.accept).toBe('application/json');
    expect(get.url).toBe('/api/v1/nodes/n1');
    expect(status.method).toBe('PUT');
    expect(status.url).toBe('/api/v1/namespaces/default/pods/p/status');
    expect(JSON.parse(status.body).metadata.resourceVersion).toBe('3');
    expect(binding.method).toBe('POST');
    expect(binding.url).toBe('/api/v1/namespaces/default/pods/p/binding');
    expect(binding.headers['content-type']).toBe('application/json');
  });

  it('sends each patch type with its content type', async () => {
    const s = await mini();
    const c = client([s.url], { fieldManager: 'kemu-test' });
    await c.patch(R.pods, 'default', 'p', 'merge', { metadata: { labels: { a: 'b' } } });
    await c.patch(R.pods, 'default', 'p', 'strategic', { metadata: {} }, { subresource: 'status' });
    await c.patch(R.pods, 'default', 'p', 'json', [{ op: 'add', path: '/metadata/labels/a', value: 'b' }]);
    await c.patch(R.pods, 'default', 'p', 'apply', pod('p'), { force: true });
    expect(s.requests.map((r) => [r.method, r.url, r.headers['content-type']])).toEqual([
      ['PATCH', '/api/v1/namespaces/default/pods/p', 'application/merge-patch+json'],
      ['PATCH', '/api/v1/namespaces/default/pods/p/status', 'application/strategic-merge-patch+json'],
      ['PATCH', '/api/v1/namespaces/default/pods/p', 'application/json-patch+json'],
      ['PATCH', '/api/v1/namespaces/default/pods/p?fieldManager=kemu-test&force=true', 'application/apply-patch+yaml'],
    ]);
  });

  it('sends DeleteOptions as the body of delete', async () => {
    const s = await mini();
    const c = client([s.url]);
    await c.delete(R.pods, 'default', 'p', { gracePeriodSeconds: 0, preconditions: { uid: 'u1' } });
    const d = s.requests[0];
    expect(d.method).toBe('DELETE');
    expect(JSON.parse(d.body)).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid: 'u1' } });
  });

  it('rejects with the server Status as an ApiError', async () => {
    const s = await mini();
    const c = client([s.url]);
    const err = await c.get(R.pods, 'default', 'nope').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(isNotFound(err)).toBe(true);
    expect(err.status.details.name).toBe('nope');
    // An empty name never turns into a request on the collection.
    const empty = await c.delete(R.pods, 'default', '').catch((e) => e);
    expect(empty).toBeInstanceOf(ApiError);
    expect(empty.code).toBe(400);
    expect(s.requests).toHaveLength(1);
  });

  it('builds a Status from the code when the body is not one', async () => {
    const s = await mini();
    s.hook = (req, res) => {
      if (req.method === 'PUT') {
        res.writeHead(409, { 'content-type': 'text/plain' }).end('conflict!');
        return true;
      }
      res.writeHead(500).end('oops');
      return true;
    };
    const c = client([s.url]);
    const e1 = await c.update(R.pods, pod('p')).catch((e) => e);
    expect(isConflict(e1)).toBe(true);
    expect(e1.code).toBe(409);
    const e2 = await c.get(R.pods, 'default', 'p').catch((e) => e);
    expect(e2).toBeInstanceOf(ApiError);
    expect(e2.status).toMatchObject({ kind: 'Status', code: 500, reason: 'InternalError', status: 'Failure' });
  });

  it('fails over to the next server when one refuses connections', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const s = await mini();
    s.put('ADDED', pod('a'));
    const c = client([dead, s.url]);
    const got = await c.get<Pod>(R.pods, 'default', 'a');
    expect(got.metadata.name).toBe('a');
    expect(c.currentServer()).toBe(s.url);
    // Non-idempotent verbs fail over too when the connection was refused (nothing was sent).
    const c2 = client([dead, s.url]);
    await c2.create(R.pods, 'default', pod('b'));
    expect(s.pods.has('b')).toBe(true);
  });

  it('rejects with a TransportError when no server answers', async () => {
    const c = client([`http://127.0.0.1:${await freePort()}`], { maxAttempts: 3 });
    const err = await c.get(R.pods, 'default', 'a').catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('does not retry a POST whose connection was reset mid-request', async () => {
    const s = await mini();
    let posts = 0;
    s.hook = (req, res) => {
      if (req.method === 'POST') {
        posts++;
        res.socket?.destroy();
        return true;
      }
      return false;
    };
    const c = client([s.url]);
    const err = await c.create(R.pods, 'default', pod('x')).catch((e) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect(posts).toBe(1);
  });

  it('retries a GET whose connection was reset', async () => {
    const s = await mini();
    s.put('ADDED', pod('a'));
    let resets = 1;
    s.hook = (req, res) => {
      if (req.method === 'GET' && resets-- > 0) {
        res.socket?.destroy();
        return true;
      }
      return false;
    };
    const c = client([s.url]);
    expect((await c.get<Pod>(R.pods, 'default', 'a')).metadata.name).toBe('a');
  });

  it('streams watch events across chunk boundaries and ends when the server closes', async () => {
    const s = await mini();
    s.hook = (req, res) => {
      if (!req.url.includes('watch=true')) return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      const a = JSON.stringify({ type: 'ADDED', object: pod('a') }) + '\n';
      const b = JSON.stringify({ type: 'MODIFIED', object: pod('b') }) + '\n';
      const all = a + b + JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '99' } } });
      // Split in awkward places: mid-object and mid-newline.
      res.write(all.slice(0, 7));
      setTimeout(() => {
        res.write(all.slice(7, a.length + 3));
        setTimeout(() => res.end(all.slice(a.length + 3)), 5);
      }, 5);
      return true;
    };
    const c = client([s.url]);
    const ctl = new AbortController();
    const got: string[] = [];
    for await (const ev of c.watch<KubeObject>(
      R.pods,
      { resourceVersion: '5', allowWatchBookmarks: true, timeoutSeconds: 300 },
      ctl.signal,
    )) {
      got.push(`${ev.type} ${ev.object.metadata.name ?? ev.object.metadata.resourceVersion}`);
    }
    expect(got).toEqual(['ADDED a', 'MODIFIED b', 'BOOKMARK 99']);
    expect(s.requests[0].url).toBe('/api/v1/pods?resourceVersion=5&watch=true&allowWatchBookmarks=true&timeoutSeconds=300');
  });

  it('ends a watch when the signal aborts', async () => {
    const s = await mini();
    const c = client([s.url]);
    const ctl = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const ev of c.watch<Pod>(R.pods, { resourceVersion: '10' }, ctl.signal)) got.push(ev.object.metadata.name!);
    })();
    await waitFor(() => s.watches.size === 1);
    s.put('ADDED', pod('a'));
    await waitFor(() => got.length === 1);
    ctl.abort();
    await done;
    await waitFor(() => s.watches.size === 0);
  });

  it('rejects a watch the server refuses with its Status', async () => {
    const s = await mini();
    s.hook = (req, res) => {
      json(res, 410, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        reason: 'Expired',
        message: 'too old',
        code: 410,
      });
      return true;
    };
    const c = client([s.url]);
    const it = c.watch(R.pods, { resourceVersion: '1' }, new AbortController().signal)[Symbol.asyncIterator]();
    const err = await it.next().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe(410);
  });

  it('retries any verb when the server answers with Retry-After', async () => {
    const s = await mini();
    let busy = 2;
    s.hook = (req, res) => {
      if (busy-- > 0) {
        res
          .writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' })
          .end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'TooManyRequests', code: 429 }));
        return true;
      }
      return false;
    };
    const c = client([s.url]);
    const created = await c.create<Pod>(R.pods, 'default', pod('p'));
    expect(created.metadata.name).toBe('p');
    expect(s.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
  });

  it('fails a watch over to the next server when one accepts but never answers (paused)', async () => {
    const paused = await mini();
    paused.hook = () => true; // never responds
    const s = await mini();
    const c = client([paused.url, s.url], { requestTimeoutMs: 100 });
    const ctl = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const ev of c.watch<Pod>(R.pods, { resourceVersion: '10' }, ctl.signal)) got.push(ev.object.metadata.name!);
    })();
    await waitFor(() => s.watches.size === 1);
    s.put('ADDED', pod('a'));
    await waitFor(() => got.length === 1);
    expect(c.currentServer()).toBe(s.url);
    ctl.abort();
    await done;
  });

  it('clientFromFlags splits a comma-separated --apiserver list', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const s = await mini();
    s.put('ADDED', pod('a'));
    const c = clientFromFlags(`${dead}, ${s.url}`, 'kemu-test');
    cleanups.push(() => c.close());
    expect((await c.get<Pod>(R.pods, 'default', 'a')).metadata.name).toBe('a');
    expect(s.requests[0].headers['user-agent']).toMatch(/^kemu-test\//);
  });
});

describe('Reflector over HTTP', () => {
  const fast = { durationMs: 2, capMs: 20, jitter: 0 };

  it('lists, watches, re-watches after close, relists after a 410 ERROR event', async () => {
    const s = await mini();
    s.put('ADDED', pod('a'));
    s.put('ADDED', pod('b'));
    const c = client([s.url]);
    const inf = newSharedInformer<Pod>(c, R.pods, { backoff: fast });
    const calls: string[] = [];
    inf.addEventHandler({
      onAdd: (p) => calls.push(`add ${p.metadata.name}`),
      onUpdate: (_o, p) => calls.push(`update ${p.metadata.name}`),
      onDelete: (p) => calls.push(`delete ${p.metadata.name}`),
    });
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await inf.waitForSync();
    expect(calls).toEqual(['add a', 'add b']);
    // List items arrive without kind; the cache stores them complete.
    expect(inf.lister.get('default/a')).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    await waitFor(() => s.watches.size === 1);
    const w1 = new URL(s.requests.find((r) => r.url.includes('watch=true'))!.url, 'http://x').searchParams;
    expect(w1.get('resourceVersion')).toBe('12');
    expect(w1.get('allowWatchBookmarks')).toBe('true');

    s.put('ADDED', pod('c'));
    await waitFor(() => calls.includes('add c'));

    // The server closes the watch; the reflector resumes from the last RV it saw.
    s.closeWatches();
    s.put('MODIFIED', { ...pod('a'), metadata: { ...pod('a').metadata, labels: { v: '2' } } });
    await waitFor(() => calls.includes('update a'));
    const watches = s.requests.filter((r) => r.url.includes('watch=true'));
    expect(new URL(watches[1].url, 'http://x').searchParams.get('resourceVersion')).toBe('13');

    // Deleted while disconnected and history compacted: the 410 ERROR event forces a relist.
    await waitFor(() => s.watches.size === 1);
    s.closeWatches();
    const lists = () =>
      s.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/pods') && !r.url.includes('watch=true')).length;
    expect(lists()).toBe(1);
    s.put('DELETED', pod('b'));
    s.put('ADDED', pod('d'));
    s.compacted = s.rv + 1;
    s.history = [];
    await waitFor(() => calls.includes('delete b') && calls.includes('add d'));
    expect(lists()).toBe(2);
    expect(
      inf.lister
        .list()
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual(['a', 'c', 'd']);
    ctl.abort();
    await done;
  });

  it('survives the apiserver going down and coming back, and fails over between two', async () => {
    const port = await freePort();
    let s1 = await new MiniApiserver().start(port);
    s1.put('ADDED', pod('a'));
    const s2 = await mini();
    const c = client([s1.url, s2.url]);
    const inf = newSharedInformer<Pod>(c, R.pods, { backoff: fast });
    const calls: string[] = [];
    inf.addEventHandler({ onAdd: (p) => calls.push(`add ${p.metadata.name}`), onDelete: (p) => calls.push(`delete ${p.metadata.name}`) });
    const ctl = new AbortController();
    const done = inf.run(ctl.signal);
    await inf.waitForSync();
    await waitFor(() => s1.watches.size === 1);

    // s1 dies. s2 is an apiserver on the same (empty, newer) store: the watch from the old RV
    // gets a 410, the reflector relists there and sees that `a` is gone.
    s2.rv = 100;
    s2.compacted = 50;
    s2.put('ADDED', pod('z'));
    await s1.stop();
    await waitFor(() => calls.includes('add z') && calls.includes('delete a'));
    await waitFor(() => s2.watches.size === 1);
    expect(c.currentServer()).toBe(s2.url);

    // s2 dies too; the reflector retries with backoff until s1 comes back on its port.
    s1 = await new MiniApiserver().start(port);
    cleanups.push(() => s1.stop().catch(() => undefined));
    s1.rv = 200;
    s1.compacted = 150;
    s1.put('ADDED', pod('y'));
    await s2.stop();
    await waitFor(() => calls.includes('add y') && calls.includes('delete z'), { timeoutMs: 10_000 });
    await waitFor(() => s1.watches.size === 1);
    ctl.abort();
    await done;
    expect(inf.lister.list().map((p) => p.metadata.name)).toEqual(['y']);
  });
});
