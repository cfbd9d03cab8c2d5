import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../testing/harness.js';
import { TokenAuthenticator } from './authenticator.js';
import { parseTokenFile, tokenFileLine, TokenFileError } from './token-file.js';

describe('static token file', () => {
  it('reads token,user,uid and quoted groups, skipping comments and blank lines', () => {
    const users = parseTokenFile('# comment\n\nabc,kubernetes-admin,admin-uid,"system:masters,extra"\nxyz , system:kube-proxy , proxy\n');
    expect(users.get('abc')).toEqual({ name: 'kubernetes-admin', uid: 'admin-uid', groups: ['system:masters', 'extra'] });
    expect(users.get('xyz')).toEqual({ name: 'system:kube-proxy', uid: 'proxy', groups: [] });
  });

  it('round-trips the lines it writes', () => {
    const u = { name: 'system:node:node-1', uid: 'n1', groups: ['system:nodes'] };
    expect(parseTokenFile(tokenFileLine('t0k', u)).get('t0k')).toEqual(u);
  });

  it('rejects short records, duplicate tokens and broken quoting with the line number', () => {
    expect(() => parseTokenFile('a,b')).toThrow(TokenFileError);
    expect(() => parseTokenFile('a,b,c\na,d,e')).toThrow(/:2: duplicate token/);
    expect(() => parseTokenFile('a,b,c,"g1')).toThrow(/unterminated/);
  });
});

describe('an apiserver with token authentication', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      authenticator: new TokenAuthenticator(
        parseTokenFile('admintoken,kubernetes-admin,a,"system:masters"\nnodetoken,system:node:node-1,n'),
      ),
    });
  });
  afterAll(() => h.close());
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

  it('serves /version, /healthz, /livez and /readyz without credentials', async () => {
    for (const p of ['/version', '/version/', '/healthz', '/livez', '/readyz', '/healthz/ping']) {
      expect((await h.req('GET', p)).status, p).toBe(200);
    }
  });

  it('answers 401 Unauthorized Status without a token or with a wrong one, on every other path', async () => {
    for (const p of ['/api', '/apis', '/api/v1/pods', '/openapi/v3', '/api/v1/namespaces/default/pods/x', '/nonexistent']) {
      for (const headers of [{}, bearer('wrong'), { Authorization: 'Basic YWRtaW46YWRtaW4=' }, bearer('admintoken2')]) {
        const r = await h.req('GET', p, undefined, headers);
        expect(r.status, `${p} ${JSON.stringify(headers)}`).toBe(401);
        expect(r.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
      }
    }
    expect((await h.req('POST', '/api/v1/namespaces', { metadata: { name: 'nope' } })).status).toBe(401);
    expect((await h.req('GET', '/api/v1/namespaces/nope', undefined, bearer('admintoken'))).status).toBe(404);
  });

  it('lets every known identity through', async () => {
    expect((await h.req('GET', '/api/v1/namespaces', undefined, bearer('admintoken'))).status).toBe(200);
    expect((await h.req('GET', '/api/v1/nodes', undefined, bearer('nodetoken'))).status).toBe(200);
    const created = await h.req('POST', '/api/v1/namespaces', { metadata: { name: 'authed' } }, bearer('admintoken'));
    expect(created.status).toBe(201);
  });
});
