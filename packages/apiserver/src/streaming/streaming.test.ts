/**
 * The real kubectl (on PATH) against an in-process apiserver and an in-process kubelet running a
 * pod: logs, exec (WebSocket and the SPDY fallback), port-forward (SPDY over WebSocket and plain
 * SPDY), kubectl proxy with the pods/services/nodes proxy.
 * A second apiserver on the same store refuses WebSocket upgrades, so kubectl falls back to SPDY.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFromFlags } from '@kemu/client';
import { waitFor } from '@kemu/client/testing';
import { startKubelet, type Kubelet } from '@kemu/kubelet';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { startApiServer, type ApiServer } from '../api-server.js';
import { SpdySession, type SpdyStream } from './spdy/index.js';
import { startHarness, writeKubeconfig, type Harness } from '../testing/harness.js';

const NODE = 'node-77';
const NODE_IP = '127.10.0.77';

let h: Harness;
let spdyServer: ApiServer;
let kubelet: Kubelet;
let dir: string;
const children: ChildProcess[] = [];

function kubeconfig(name: string, server: string): string {
  return writeKubeconfig(join(dir, name), server);
}

type Run = { code: number; stdout: string; stderr: string };

function kubectl(args: string[], opts: { stdin?: string; spdy?: boolean } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const cfg = join(dir, opts.spdy ? 'kubeconfig-spdy' : 'kubeconfig');
    const child = execFile(
      'kubectl',
      ['--kubeconfig', cfg, '--cache-dir', mkdtempSync(join(dir, 'cache-')), ...args],
      { timeout: 30_000, env: { ...process.env, HOME: dir } },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  });
}

/** Starts a long-running kubectl and resolves with the first match of `ready` on its stdout. */
function kubectlBackground(
  args: string[],
  ready: RegExp,
  opts: { spdy?: boolean } = {},
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const cfg = join(dir, opts.spdy ? 'kubeconfig-spdy' : 'kubeconfig');
  const child = spawn('kubectl', ['--kubeconfig', cfg, '--cache-dir', mkdtempSync(join(dir, 'cache-')), ...args], {
    env: { ...process.env, HOME: dir },
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = ready.exec(out);
      if (m) resolve({ child, match: m, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${out}`)));
  });
}

function get(url: string, method = 'GET', body?: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const BOOTCAMP = 'gcr.io/google-samples/kubernetes-bootcamp:v1';

beforeAll(async () => {
  h = await startHarness();
  spdyServer = await startApiServer({ port: 0, storage: h.store, logger: pino({ level: 'silent' }), refuseWebSockets: true });
  dir = mkdtempSync(join(tmpdir(), 'kemu-streaming-'));
  kubeconfig('kubeconfig', h.url);
  kubeconfig('kubeconfig-spdy', spdyServer.url);
  kubelet = await startKubelet({
    client: clientFromFlags(h.url, 'kubelet'),
    nodeName: NODE,
    nodeIP: NODE_IP,
    podCIDR: '127.244.77.0/24',
    port: 0,
  });
  await kubelet.ready();
  await h.req('POST', '/api/v1/namespaces/default/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-config' },
    data: { 'app.properties': 'color=blue\n', mode: 'dev' },
  });
  await h.req('POST', '/api/v1/namespaces/default/secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'web-secret' },
    data: { password: Buffer.from('s3cret').toString('base64') },
  });
  await h.req('POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      nodeName: NODE,
      volumes: [
        { name: 'config', configMap: { name: 'web-config' } },
        { name: 'secret', secret: { secretName: 'web-secret' } },
        { name: 'data', emptyDir: {} },
      ],
      containers: [
        {
          name: 'web',
          image: BOOTCAMP,
          ports: [{ containerPort: 8080, name: 'http' }],
          env: [{ name: 'GREETING', value: 'hello from web' }],
          volumeMounts: [
            { name: 'config', mountPath: '/etc/config' },
            { name: 'secret', mountPath: '/etc/secret', readOnly: true },
            { name: 'data', mountPath: '/data' },
          ],
        },
        {
          name: 'sidecar',
          image: 'busybox',
          command: ['sh', '-c', 'echo one; echo two; echo three; sleep 3600'],
          volumeMounts: [{ name: 'data', mountPath: '/shared' }],
        },
      ],
    },
  });
  await h.req('POST', '/api/v1/namespaces/default/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'crashy' },
    spec: { nodeName: NODE, containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', 'echo attempt; sleep 1; exit 1'] }] },
  });
  await h.req('POST', '/api/v1/namespaces/default/services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
  const pod = await waitFor(
    async () => {
      const r = await h.req('GET', '/api/v1/namespaces/default/pods/web');
      const ready = r.body?.status?.containerStatuses?.every((c: { ready: boolean }) => c.ready);
      return r.body?.status?.phase === 'Running' && ready ? r.body : undefined;
    },
    { timeoutMs: 40_000, message: 'pod web running' },
  ).catch(async (err) => {
    throw new Error(`${err.message}: ${JSON.stringify((await h.req('GET', '/api/v1/namespaces/default/pods/web')).body?.status)}`);
  });
  // No endpoints controller runs here: the test plays it.
  await h.req('POST', '/api/v1/namespaces/default/endpoints', {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web' },
    subsets: [{ addresses: [{ ip: pod.status.podIP }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }],
  });
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill();
  await kubelet?.close();
  await spdyServer?.close();
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl logs', () => {
  it('prints a container chosen with -c, with --tail and --timestamps', async () => {
    await waitFor(async () => (await kubectl(['logs', 'web', '-c', 'sidecar'])).stdout === 'one\ntwo\nthree\n', { timeoutMs: 10_000 });
    expect((await kubectl(['logs', 'web', '-c', 'sidecar', '--tail', '2'])).stdout).toBe('two\nthree\n');
    const ts = await kubectl(['logs', 'web', '-c', 'sidecar', '--timestamps', '--tail=1']);
    expect(ts.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z three\n$/);
    expect((await kubectl(['logs', 'web', '-c', 'sidecar', '--limit-bytes', '6'])).stdout).toBe('one\ntw');
  });

  it('filters with --since and --since-time', async () => {
    expect((await kubectl(['logs', 'web', '-c', 'sidecar', '--since', '1h'])).stdout).toBe('one\ntwo\nthree\n');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const r = await kubectl(['logs', 'web', '-c', 'sidecar', `--since-time=${future}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('follows with -f until stopped', async () => {
    const f = await kubectlBackground(['logs', '-f', 'web', '-c', 'web'], /Kubernetes Bootcamp App Started/);
    const pod = (await h.req('GET', '/api/v1/namespaces/default/pods/web')).body;
    await get(`http://${pod.status.podIP}:8080/`);
    await waitFor(() => /Total Requests: \d+/.test(f.output()), { timeoutMs: 10_000, message: 'followed line' });
    f.child.kill();
  });

  it('shows the previous instance with --previous, and -l with --prefix', async () => {
    await waitFor(
      async () => {
        const r = (await h.req('GET', '/api/v1/namespaces/default/pods/crashy')).body;
        return (r?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1;
      },
      { timeoutMs: 20_000, message: 'crashy restarted' },
    );
    const prev = await kubectl(['logs', 'crashy', '--previous']);
    expect(prev.code).toBe(0);
    expect(prev.stdout).toContain('attempt');
    const multi = await kubectl(['logs', '-l', 'app=web', '--prefix', '-c', 'sidecar', '--tail', '1']);
    expect(multi.stdout).toBe('[pod/web/sidecar] three\n');
    const all = await kubectl(['logs', 'web', '--all-containers', '--tail', '1']);
    expect(all.stdout).toContain('three\n');
  }, 40_000);

  it('reports what kubectl prints for a missing previous container', async () => {
    const r = await kubectl(['logs', 'web', '-c', 'sidecar', '--previous']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('previous terminated container "sidecar" in pod "web" not found');
  });
});

describe.each([
  ['WebSocket', false],
  ['SPDY fallback', true],
])('kubectl exec over %s', (_name, spdy) => {
  it('runs env in the container', async () => {
    const r = await kubectl(['exec', 'web', '-c', 'web', '--', 'env'], { spdy });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('HOSTNAME=web\n');
    expect(r.stdout).toContain('GREETING=hello from web\n');
  });

  it('feeds stdin with -i', async () => {
    const r = await kubectl(['exec', '-i', 'web', '-c', 'web', '--', 'sh'], { stdin: 'echo $GREETING\nhostname\n', spdy });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hello from web\nweb\n');
  });

  it('exits with the command exit code and keeps stderr apart', async () => {
    const r = await kubectl(['exec', 'web', '-c', 'web', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], { spdy });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toContain('err\n');
    expect(r.stderr).toContain('command terminated with exit code 3');
  });

  it('answers errors kubectl can print', async () => {
    const r = await kubectl(['exec', 'web', '-c', 'nope', '--', 'env'], { spdy });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/container nope is not valid for pod web|container nope not found/);
  });
});

describe('kubectl exec in simulated containers', () => {
  it('sees the pod volumes: configMap and secret files, an emptyDir shared by the containers', async () => {
    const ls = await kubectl(['exec', 'web', '-c', 'web', '--', 'ls', '/etc/config']);
    expect(ls.stdout).toBe('app.properties  mode\n');
    expect((await kubectl(['exec', 'web', '-c', 'web', '--', 'cat', '/etc/config/app.properties', '/etc/secret/password'])).stdout).toBe(
      'color=blue\ns3cret\n',
    );
    const write = await kubectl(['exec', 'web', '-c', 'web', '--', 'sh', '-c', 'echo shared > /data/note; echo no > /etc/config/mode']);
    expect(write.code).toBe(1);
    expect(write.stderr).toContain('Read-only file system');
    expect((await kubectl(['exec', 'web', '-c', 'sidecar', '--', 'cat', '/shared/note'])).stdout).toBe('shared\n');
  });

  it('resolves service names with nslookup and curl', async () => {
    const svc = (await h.req('GET', '/api/v1/namespaces/default/services/web')).body;
    const ns = await kubectl(['exec', 'web', '-c', 'sidecar', '--', 'nslookup', 'web']);
    expect(ns.stdout).toContain(`Name:\tweb.default.svc.cluster.local\nAddress: ${svc.spec.clusterIP}`);
    const pod = (await h.req('GET', '/api/v1/namespaces/default/pods/web')).body;
    const curl = await kubectl(['exec', 'web', '-c', 'sidecar', '--', 'sh', '-c', `curl -s ${pod.status.podIP}:8080 | grep -c bootcamp`]);
    expect(curl.stdout).toBe('1\n');
    const missing = await kubectl(['exec', 'web', '-c', 'sidecar', '--', 'curl', 'http://nope.default.svc.cluster.local/']);
    expect(missing.code).toBe(6);
    expect(missing.stderr).toContain('Could not resolve host: nope.default.svc.cluster.local');
  });

  it('copies files in and out with kubectl cp (tar)', async () => {
    writeFileSync(join(dir, 'upload.txt'), 'uploaded content\n');
    const up = await kubectl(['cp', join(dir, 'upload.txt'), 'web:/data/upload.txt', '-c', 'web']);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect((await kubectl(['exec', 'web', '-c', 'web', '--', 'cat', '/data/upload.txt'])).stdout).toBe('uploaded content\n');
    const down = await kubectl(['cp', 'web:/etc/config/app.properties', join(dir, 'down.properties'), '-c', 'web']);
    expect(down.code).toBe(0);
    expect(readFileSync(join(dir, 'down.properties'), 'utf8')).toBe('color=blue\n');
  });

  it('attach streams the container output', async () => {
    const attached = kubectlBackground(['attach', 'web', '-c', 'web'], /Total Requests/);
    let done = false;
    void attached.then(
      () => {
        done = true;
      },
      () => {
        done = true;
      },
    );
    const pod = (await h.req('GET', '/api/v1/namespaces/default/pods/web')).body;
    await waitFor(
      async () => {
        await get(`http://${pod.status.podIP}:8080/`);
        return done;
      },
      { timeoutMs: 15_000, message: 'attach output' },
    );
    const a = await attached;
    expect(a.output()).not.toContain('Kubernetes Bootcamp App Started');
    a.child.kill();
  });

  it('ps lists the main process and kill 1 restarts the container', async () => {
    const ps = await kubectl(['exec', 'web', '-c', 'sidecar', '--', 'ps']);
    expect(ps.stdout).toBe(
      'PID   USER     TIME  COMMAND\n    1 root      0:00 sh -c echo one; echo two; echo three; sleep 3600\n    7 root      0:00 ps\n',
    );
    await h.req('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'victim' },
      spec: { nodeName: NODE, containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }] },
    });
    await waitFor(
      async () => (await h.req('GET', '/api/v1/namespaces/default/pods/victim')).body?.status?.containerStatuses?.[0]?.state?.running,
      { timeoutMs: 20_000 },
    );
    const kill = await kubectl(['exec', 'victim', '--', 'kill', '1']);
    expect(kill.code).toBe(0);
    await waitFor(
      async () => (await h.req('GET', '/api/v1/namespaces/default/pods/victim')).body?.status?.containerStatuses?.[0]?.restartCount >= 1,
      { timeoutMs: 20_000, message: 'victim restarted' },
    );
  }, 45_000);
});

describe.each([
  ['SPDY over WebSocket', false],
  ['plain SPDY', true],
])('kubectl port-forward (%s)', (_name, spdy) => {
  it('forwards several concurrent connections to a pod port', async () => {
    const pf = await kubectlBackground(['port-forward', 'pod/web', ':8080'], /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/, { spdy });
    const port = pf.match[1];
    const replies = await Promise.all([1, 2, 3, 4].map(() => get(`http://127.0.0.1:${port}/`)));
    for (const r of replies) expect(r.body).toBe('Hello Kubernetes bootcamp! | Running on: web | v=1\n');
    const again = await get(`http://127.0.0.1:${port}/`);
    expect(again.status).toBe(200);
    pf.child.kill();
  });

  it('forwards a service port to its target port', async () => {
    const pf = await kubectlBackground(['port-forward', 'svc/web', ':80'], /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/, { spdy });
    expect((await get(`http://127.0.0.1:${pf.match[1]}/`)).body).toContain('Hello Kubernetes bootcamp!');
    pf.child.kill();
  });

  it('forwards to a pod of a deployment', async () => {
    await h.req('POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `web-${spdy ? 'spdy' : 'ws'}` },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: BOOTCAMP }] } },
      },
    });
    const pf = await kubectlBackground(
      ['port-forward', `deploy/web-${spdy ? 'spdy' : 'ws'}`, ':8080'],
      /Forwarding from 127\.0\.0\.1:(\d+) -> 8080/,
      { spdy },
    );
    expect((await get(`http://127.0.0.1:${pf.match[1]}/`)).body).toContain('Running on: web');
    pf.child.kill();
  });

  it('reports a port nothing listens on on the error stream', async () => {
    const pf = await kubectlBackground(['port-forward', 'pod/web', ':9999'], /Forwarding from 127\.0\.0\.1:(\d+) -> 9999/, { spdy });
    await get(`http://127.0.0.1:${pf.match[1]}/`).catch(() => undefined);
    await waitFor(() => /an error occurred forwarding \d+ -> 9999/.test(pf.output()) || pf.child.exitCode !== null, { timeoutMs: 10_000 });
    expect(pf.output()).toMatch(/connection refused/);
    pf.child.kill();
  });
});

describe('interactive exec with a tty (what kubectl -ti sends)', () => {
  it.each([
    ['WebSocket', false],
    ['SPDY', true],
  ])('kubectl exec -ti in a pseudo-terminal (%s)', async (_n, spdy) => {
    const cfg = join(dir, spdy ? 'kubeconfig-spdy' : 'kubeconfig');
    const cmd = `kubectl --kubeconfig ${cfg} --cache-dir ${mkdtempSync(join(dir, 'cache-'))} exec -ti web -c web -- sh`;
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: { ...process.env, HOME: dir } });
      children.push(child);
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('# ') && !out.includes('echo')) child.stdin.write('echo $GREETING\r');
        if (out.includes('hello from web\r\n') && !out.includes('exit')) child.stdin.write('exit 4\r');
      });
      child.on('exit', (code) => resolve({ code, out }));
    });
    expect(r.out).toContain('root@web:/# echo $GREETING');
    expect(r.out).toContain('hello from web');
    expect(r.code).toBe(4);
  });

  const script = 'echo hi\rexit 5\r';

  it('over WebSocket v5: prompt, echo, resize, exit status', async () => {
    const url = `${h.url.replace('http', 'ws')}/api/v1/namespaces/default/pods/web/exec?command=sh&container=web&stdin=true&stdout=true&tty=true`;
    const ws = new WebSocket(url, ['v5.channel.k8s.io']);
    let out = '';
    const status = await new Promise<any>((resolve, reject) => {
      ws.on('open', () => {
        ws.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":80,"Height":24}\n')]));
        ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(script)]));
      });
      ws.on('message', (d: Buffer) => {
        if (d[0] === 1) out += d.subarray(1).toString();
        if (d[0] === 3) resolve(JSON.parse(d.subarray(1).toString()));
      });
      ws.on('error', reject);
    });
    expect(ws.protocol).toBe('v5.channel.k8s.io');
    expect(out).toContain('root@web:/# echo hi\r\nhi\r\n');
    expect(status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '5' }] },
    });
    ws.close();
  });

  it('over SPDY/3.1: one stream per channel, the Status on the error stream', async () => {
    const socket = connect({ host: '127.0.0.1', port: spdyServer.port });
    socket.write(
      [
        'POST /api/v1/namespaces/default/pods/web/exec?command=sh&container=web&stdin=true&stdout=true&tty=true HTTP/1.1',
        `Host: 127.0.0.1:${spdyServer.port}`,
        'Connection: Upgrade',
        'Upgrade: SPDY/3.1',
        'X-Stream-Protocol-Version: v5.channel.k8s.io, v4.channel.k8s.io',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    const { head, rest } = await new Promise<{ head: string; rest: Buffer }>((resolve) => {
      let buf = Buffer.alloc(0);
      const on = (c: Buffer) => {
        buf = Buffer.concat([buf, c]);
        const i = buf.indexOf('\r\n\r\n');
        if (i >= 0) {
          socket.off('data', on);
          resolve({ head: buf.subarray(0, i).toString(), rest: buf.subarray(i + 4) });
        }
      };
      socket.on('data', on);
    });
    expect(head).toMatch(/^HTTP\/1\.1 101 Switching Protocols/);
    expect(head).toContain('X-Stream-Protocol-Version: v4.channel.k8s.io');
    const session = new SpdySession({ write: (b) => socket.write(b), close: () => socket.end() }, { role: 'client' });
    socket.on('data', (b: Buffer) => session.receive(b));
    if (rest.length) session.receive(rest);
    const open = (type: string) => session.openStream({ streamtype: type });
    const collect = (s: SpdyStream) =>
      new Promise<string>((resolve) => {
        let t = '';
        s.on('data', (d: Buffer) => {
          t += d.toString();
        });
        s.on('end', () => resolve(t));
      });
    const error = open('error');
    const errorText = collect(error);
    const stdin = open('stdin');
    const stdout = open('stdout');
    const stdoutText = collect(stdout);
    const resize = open('resize');
    resize.write('{"Width":100,"Height":30}');
    stdin.write(script);
    expect(await stdoutText).toContain('echo hi\r\nhi\r\n');
    expect(JSON.parse(await errorText)).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ message: '5' }] },
    });
    session.close();
  });
});

describe('kubectl proxy', () => {
  let base: string;
  beforeAll(async () => {
    const p = await kubectlBackground(['proxy', '--port=0'], /Starting to serve on 127\.0\.0\.1:(\d+)/);
    base = `http://127.0.0.1:${p.match[1]}`;
  });

  it('reaches a pod through pods/proxy, with a port, a path and a query', async () => {
    for (const path of [
      '/api/v1/namespaces/default/pods/web/proxy/',
      '/api/v1/namespaces/default/pods/web:8080/proxy/hello?x=1',
      '/api/v1/namespaces/default/pods/web:http/proxy',
      '/api/v1/namespaces/default/pods/http:web:8080/proxy/',
    ]) {
      const r = await get(base + path);
      expect(r.status, path).toBe(200);
      expect(r.body).toBe('Hello Kubernetes bootcamp! | Running on: web | v=1\n');
    }
  });

  it('reaches a ready endpoint through services/proxy, any method', async () => {
    for (const path of [
      '/api/v1/namespaces/default/services/web/proxy/',
      '/api/v1/namespaces/default/services/web:http/proxy',
      '/api/v1/namespaces/default/services/http:web:80/proxy/x',
    ]) {
      expect((await get(base + path)).body, path).toContain('Hello Kubernetes bootcamp!');
    }
    expect((await get(base + '/api/v1/namespaces/default/services/web/proxy/', 'POST', 'data')).status).toBe(200);
    const missing = await get(base + '/api/v1/namespaces/default/services/nope/proxy/');
    expect(missing.status).toBe(404);
  });

  it('reaches the kubelet through nodes/proxy', async () => {
    const r = await get(`${base}/api/v1/nodes/${NODE}/proxy/healthz`);
    expect(r.status).toBe(200);
    expect(r.body).toBe('ok');
    const pods = JSON.parse((await get(`${base}/api/v1/nodes/${NODE}:${kubelet.port}/proxy/pods`)).body);
    expect(pods.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toContain('web');
  });

  it('answers 503 with a Status when nothing listens', async () => {
    const r = await get(`${base}/api/v1/namespaces/default/pods/web:9999/proxy/`);
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable' });
    expect(JSON.parse(r.body).message).toMatch(/connection refused/);
  });
});
