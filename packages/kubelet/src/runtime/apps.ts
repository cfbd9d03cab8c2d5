/**
 * The behaviours an image record can name. An app either serves HTTP on its ports (bootcamp,
 * nginx, echo), runs a script to an exit code (shell), or idles (pause). Apps log through
 * `ctx.log` (the container's log buffer) and read time only from `ctx.now`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppName } from './image-catalog.js';
import type { MemoryLedger } from './memory-account.js';
import { runShell } from './shell.js';

export interface AppContext {
  podName: string;
  namespace: string;
  nodeName: string;
  podIP: string;
  /** The image as the pod spec names it. */
  image: string;
  containerName: string;
  /** $HOSTNAME inside the container (the pod name, or spec.hostname). */
  hostname: string;
  env: Record<string, string>;
  command: string[];
  args: string[];
  declaredPorts: number[];
  params: Record<string, string | number>;
  now(): number;
  log(text: string): void;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** The container's memory account (what a script holds is charged to it). */
  memory?: MemoryLedger;
}

export interface App {
  /** Ports the app listens on (KEMU_LISTEN_PORTS overrides). */
  ports: number[];
  /** Called once every port listens. */
  onListening?(): void;
  handle?(req: IncomingMessage, res: ServerResponse): void;
  /** A process-like app: resolves its exit code. Apps without `run` live until stopped. */
  run?(signal: AbortSignal): Promise<number>;
}

export const APPS: Record<AppName, (ctx: AppContext) => App> = {
  bootcamp: bootcampApp,
  nginx: nginxApp,
  echo: echoApp,
  shell: (ctx) => ({ ports: [], run: (signal) => runShell(ctx, signal) }),
  pause: () => ({ ports: [] }),
};

/** gcr.io/google-samples/kubernetes-bootcamp: the Kubernetes Basics tutorial's app. */
function bootcampApp(ctx: AppContext): App {
  let requests = 0;
  let startTime = ctx.now();
  const version = ctx.params.version ?? 1;
  return {
    ports: [8080],
    onListening() {
      startTime = ctx.now();
      ctx.log(`Kubernetes Bootcamp App Started At: ${new Date(startTime).toISOString()} | Running On:  ${ctx.hostname}\n`);
    },
    handle(_req, res) {
      res.setHeader('Content-Type', 'text/plain');
      res.writeHead(200);
      res.end(`Hello Kubernetes bootcamp! | Running on: ${ctx.hostname} | v=${version}\n`);
      const now = ctx.now();
      ctx.log(
        `Running On: ${ctx.hostname} | Total Requests: ${++requests} | App Uptime: ${(now - startTime) / 1000} seconds | Log Time: ${new Date(now).toISOString()}`,
      );
    },
  };
}

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NGINX_404 = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.27.3</center>
</body>
</html>
`;

/** nginx: the welcome page on port 80, combined-format access log lines. */
function nginxApp(ctx: AppContext): App {
  const port = Number(ctx.params.port ?? 80);
  return {
    ports: [port],
    onListening() {
      ctx.log(
        [
          '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
          '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
          '/docker-entrypoint.sh: Configuration complete; ready for start up',
          `${nginxErrorTime(ctx.now())} [notice] 1#1: using the "epoll" event method`,
          `${nginxErrorTime(ctx.now())} [notice] 1#1: nginx/1.27.3`,
          `${nginxErrorTime(ctx.now())} [notice] 1#1: start worker processes`,
        ].join('\n'),
      );
    },
    handle(req, res) {
      const path = (req.url ?? '/').split('?')[0];
      const ok = req.method === 'GET' || req.method === 'HEAD';
      const found = ok && (path === '/' || path === '/index.html');
      const body = found ? NGINX_WELCOME : NGINX_404;
      const code = found ? 200 : ok ? 404 : 405;
      res.writeHead(code, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(body), Server: 'nginx/1.27.3' });
      res.end(req.method === 'HEAD' ? undefined : body);
      const client = req.socket.remoteAddress ?? '-';
      ctx.log(
        `${client} - - [${accessLogTime(ctx.now())}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${code} ${Buffer.byteLength(body)} "${req.headers.referer ?? '-'}" "${req.headers['user-agent'] ?? '-'}" "-"`,
      );
    },
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

function accessLogTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

function nginxErrorTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** The generic echo server: a JSON description of who answered whom, on every declared port. */
function echoApp(ctx: AppContext): App {
  return {
    ports: ctx.declaredPorts,
    onListening() {
      ctx.log(`echo server listening on ${ctx.declaredPorts.map((p) => `${ctx.podIP}:${p}`).join(', ') || 'no ports'}`);
    },
    handle(req, res) {
      const body =
        JSON.stringify({
          pod: ctx.podName,
          namespace: ctx.namespace,
          node: ctx.nodeName,
          container: ctx.containerName,
          image: ctx.image,
          podIP: ctx.podIP,
          port: req.socket.localPort,
          client: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
          method: req.method,
          path: req.url,
          host: req.headers.host,
          time: new Date(ctx.now()).toISOString(),
        }) + '\n';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      ctx.log(`${req.socket.remoteAddress} ${req.method} ${req.url} 200`);
    },
  };
}
