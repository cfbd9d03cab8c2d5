import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/harness.js';
import { classify, MaxInFlightFilter, TOO_MANY_REQUESTS_MESSAGE } from './max-in-flight.js';

interface FakeResponse {
  res: ServerResponse;
  code?: number;
  headers?: Record<string, unknown>;
  body?: string;
  close(): void;
}

function fakeResponse(): FakeResponse {
  const emitter = new EventEmitter();
  const out: FakeResponse = {
    res: Object.assign(emitter, {
      writeHead(code: number, headers: Record<string, unknown>) {
        out.code = code;
        out.headers = headers;
      },
      end(body: string) {
        out.body = body;
      },
    }) as unknown as ServerResponse,
    close: () => emitter.emit('close'),
  };
  return out;
}

const req = (method: string) => ({ method }) as IncomingMessage;
const url = (path: string) => new URL(path, 'http://apiserver');

describe('classify', () => {
  it.each([
    ['GET', '/api/v1/namespaces/default/pods', 'readOnly'],
    ['GET', '/api/v1/namespaces/default/pods/p', 'readOnly'],
    ['GET', '/apis/apps/v1', 'readOnly'],
    ['GET', '/openapi/v3', 'readOnly'],
    ['POST', '/api/v1/namespaces/default/pods', 'mutating'],
    ['PUT', '/api/v1/namespaces/default/pods/p/status', 'mutating'],
    ['PATCH', '/apis/apps/v1/namespaces/default/deployments/d/scale', 'mutating'],
    ['DELETE', '/api/v1/namespaces/default/configmaps', 'mutating'],
    ['GET', '/api/v1/pods?watch=true', 'exempt'],
    ['GET', '/api/v1/watch/pods', 'exempt'],
    ['GET', '/api/v1/namespaces/default/pods/p/log?follow=true', 'exempt'],
    ['POST', '/api/v1/namespaces/default/pods/p/exec?command=sh', 'exempt'],
    ['GET', '/api/v1/namespaces/default/services/s/proxy/x', 'exempt'],
    ['GET', '/healthz', 'exempt'],
    ['GET', '/readyz', 'exempt'],
    ['GET', '/version', 'exempt'],
  ] as const)('%s %s is %s', (method, path, cls) => {
    expect(classify(method, url(path), undefined)).toBe(cls);
  });

  it('exempts the system:masters group, like kube-apiserver', () => {
    expect(classify('POST', url('/api/v1/namespaces/default/pods'), { name: 'a', uid: 'u', groups: ['system:masters'] })).toBe('exempt');
    expect(classify('POST', url('/api/v1/namespaces/default/pods'), { name: 'a', uid: 'u', groups: ['system:nodes'] })).toBe('mutating');
  });
});

describe('MaxInFlightFilter', () => {
  it('answers 429 with Retry-After past the limit and admits again once a slot closes', () => {
    const f = new MaxInFlightFilter({ maxRequestsInFlight: 2, maxMutatingRequestsInFlight: 1 });
    const write = url('/api/v1/namespaces/default/configmaps');
    const first = fakeResponse();
    expect(f.admit(req('POST'), first.res, write, undefined)).toBe(true);
    const second = fakeResponse();
    expect(f.admit(req('POST'), second.res, write, undefined)).toBe(false);
    expect(second.code).toBe(429);
    expect(second.headers?.['Retry-After']).toBe('1');
    expect(second.body?.trim()).toBe(TOO_MANY_REQUESTS_MESSAGE);
    // Reads have their own limit; watches none.
    expect(f.admit(req('GET'), fakeResponse().res, write, undefined)).toBe(true);
    expect(f.admit(req('GET'), fakeResponse().res, url('/api/v1/configmaps?watch=1'), undefined)).toBe(true);
    expect(f.current()).toEqual({ readOnly: 1, mutating: 1 });
    first.close();
    expect(f.current().mutating).toBe(0);
    expect(f.admit(req('POST'), fakeResponse().res, write, undefined)).toBe(true);
  });

  it('does not limit a class whose limit is 0', () => {
    const f = new MaxInFlightFilter({ maxRequestsInFlight: 0, maxMutatingRequestsInFlight: 0 });
    for (let i = 0; i < 1000; i++) expect(f.admit(req('POST'), fakeResponse().res, url('/api/v1/pods'), undefined)).toBe(true);
  });
});

describe('the apiserver with --max-mutating-requests-inflight 1', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ inFlight: { maxRequestsInFlight: 1, maxMutatingRequestsInFlight: 1 } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers a second write 429 while one is in flight, and serves reads, watches and health', async () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held' } });
    // A write whose body has not fully arrived stays in flight.
    const held = http.request(`${h.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
    });
    const heldReply = new Promise<number>((resolve, reject) => {
      held.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      held.on('error', reject);
    });
    held.write(body.slice(0, 10));
    held.flushHeaders();

    let rejected: Awaited<ReturnType<Harness['req']>> | undefined;
    for (let i = 0; i < 200 && !rejected; i++) {
      const r = await h.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'other-' } });
      if (r.status === 429) rejected = r;
    }
    expect(rejected?.headers['retry-after']).toBe('1');
    expect(rejected?.text.trim()).toBe(TOO_MANY_REQUESTS_MESSAGE);
    expect((await h.req('GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
    expect((await h.req('GET', '/healthz')).status).toBe(200);

    held.end(body.slice(10));
    expect(await heldReply).toBe(201);
    const after = await h.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'after' } });
    expect(after.status).toBe(201);
  });
});
