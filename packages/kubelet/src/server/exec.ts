/**
 * `kubectl exec` / `attach` on the kubelet: GET /exec/<ns>/<pod>/<container>?command=…&stdin=&stdout=&stderr=&tty=
 * upgraded to a WebSocket speaking the Kubernetes channel protocol (v5.channel.k8s.io, or v4):
 * binary messages whose first byte is the channel — 0 stdin, 1 stdout, 2 stderr, 3 the final
 * Status, 4 resize, 255 close (v5). The apiserver proxies the upgraded connection here as is.
 *
 * Commands run in the container's simulated shell (runtime/shell.ts): `env`, `cat server.js`,
 * `curl my-svc`, `sh -c '…'`, `tar` for kubectl cp, and an interactive `sh`/`bash` with `-ti`
 * (prompt, echo, backspace, Ctrl-C, Ctrl-D). With `-i`, a command other than a bare shell gets
 * all of stdin once the client closes it. Files written by exec'd commands persist for the
 * container instance; the pod's volumes are mounted (exec-context.ts).
 * `attach` streams the container's output from now on until it exits or the client leaves.
 *
 * Flow control: stdin waiting for the command is at most STDIN_HIGH_WATER bytes (the socket is
 * paused above it, resumed below half of it); stdin a command reads to its end is charged to the
 * container's memory; output stops the shell while the socket holds OUTPUT_HIGH_WATER bytes.
 * An exec'd command dies with its container (exit code 137 when it is OOM-killed).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ContainerInstance } from '../runtime/container.js';
import { followLog } from '../runtime/log-buffer.js';
import { MemoryScope, OutOfMemoryError } from '../runtime/memory-account.js';
import { ShellExit, ShellSession, ownMap, scriptOf, type ShellEnv } from '../runtime/shell.js';
import type { ShellExtras } from './exec-context.js';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  stdin: boolean;
  tty: boolean;
  attach: boolean;
}

/** Finds the running instance an exec targets (and what its shell sees), or explains why there is none. */
export type ExecResolver = (ex: ExecRequest) => Promise<{ inst: ContainerInstance; extras?: ShellExtras } | string>;

/** Bytes of stdin held for a command before the client's socket is paused. */
export const STDIN_HIGH_WATER = 1024 * 1024;
/** Bytes of output the socket may hold before the shell waits for it to drain. */
export const OUTPUT_HIGH_WATER = 1024 * 1024;

/** The source a StdinQueue throttles (the WebSocket). */
export interface Pausable {
  pause(): void;
  resume(): void;
}

/**
 * Stdin chunks waiting for the command (null = EOF). Holds at most `highWater` bytes before
 * pausing the source, and resumes it once the reader has taken it below half of that.
 */
export class StdinQueue {
  private readonly chunks: (Buffer | null)[] = [];
  private bytes = 0;
  private paused = false;
  private closed = false;
  private wake?: () => void;

  constructor(
    private readonly source: Pausable,
    private readonly highWater = STDIN_HIGH_WATER,
  ) {}

  /** Bytes queued and not yet read. */
  get queued(): number {
    return this.bytes;
  }

  push(chunk: Buffer | null): void {
    if (this.closed) return;
    this.chunks.push(chunk);
    if (chunk) this.bytes += chunk.length;
    if (this.bytes > this.highWater && !this.paused) {
      this.paused = true;
      this.source.pause();
    }
    this.wake?.();
  }

  async read(): Promise<Buffer | null> {
    while (this.chunks.length === 0)
      await new Promise<void>((r) => {
        this.wake = r;
      });
    this.wake = undefined;
    const chunk = this.chunks.shift()!;
    if (chunk) this.bytes -= chunk.length;
    if (this.paused && this.bytes <= this.highWater / 2) {
      this.paused = false;
      this.source.resume();
    }
    return chunk;
  }

  /** The command is done: what is queued and what still comes is dropped, the source flows again. */
  close(): void {
    this.closed = true;
    this.chunks.length = 0;
    this.bytes = 0;
    if (this.paused) {
      this.paused = false;
      this.source.resume();
    }
    this.chunks.push(null);
    this.wake?.();
  }
}

const wss = new WebSocketServer({
  noServer: true,
  handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
});

/** Parses an exec/attach path; undefined when the path is not one. */
export function parseExecRequest(url: URL): ExecRequest | undefined {
  const m = /^\/(exec|attach)\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) return undefined;
  const q = url.searchParams;
  const flag = (...names: string[]) => names.some((n) => q.get(n) === 'true' || q.get(n) === '1');
  return {
    namespace: decodeURIComponent(m[2]),
    pod: decodeURIComponent(m[3]),
    container: decodeURIComponent(m[4]),
    command: m[1] === 'attach' ? [] : q.getAll('command'),
    stdin: flag('stdin', 'input'),
    tty: flag('tty'),
    attach: m[1] === 'attach',
  };
}

export function handleExecUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, ex: ExecRequest, resolve: ExecResolver): void {
  wss.handleUpgrade(req, socket, head, (ws) => {
    void session(ws, ex, resolve);
  });
}

function statusFor(command: string[], code: number, message?: string): string {
  if (code === 0 && !message) return JSON.stringify({ metadata: {}, status: 'Success' });
  if (message) return JSON.stringify({ metadata: {}, status: 'Failure', message, reason: 'InternalError', code: 500 });
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  });
}

async function session(ws: WebSocket, ex: ExecRequest, resolve: ExecResolver): Promise<void> {
  try {
    await runSession(ws, ex, resolve);
  } catch {
    // A failure of the session itself (the socket): it ends; the kubelet and the container go on.
    ws.terminate();
  }
}

async function runSession(ws: WebSocket, ex: ExecRequest, resolve: ExecResolver): Promise<void> {
  const abort = new AbortController();
  const send = (channel: number, data: string | Buffer) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data) : data]));
  };
  const stdin = new StdinQueue(ws);
  const finish = (code: number, message?: string) => {
    send(3, statusFor(ex.command, code, message));
    stdin.close(); // the closing handshake must be read even if stdin was paused
    if (ws.readyState === ws.OPEN) ws.close(1000);
    abort.abort();
  };
  const push = (c: Buffer | null) => stdin.push(c);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    if (!isBinary && buf.length === 0) return;
    if (buf[0] === 0) push(buf.subarray(1));
    else if (buf[0] === 255 && buf[1] === 0) push(null);
  });
  ws.on('close', () => {
    push(null);
    abort.abort();
  });
  ws.on('error', () => abort.abort());
  const read = () => stdin.read();

  let target: Awaited<ReturnType<ExecResolver>>;
  try {
    target = await resolve(ex);
  } catch (e) {
    target = (e as Error).message;
  }
  if (typeof target === 'string') {
    finish(1, target);
    return;
  }
  const { inst, extras } = target;
  const nl = ex.tty ? '\r\n' : '\n';
  const drain = () =>
    ws.readyState === ws.OPEN && ws.bufferedAmount > OUTPUT_HIGH_WATER
      ? new Promise<void>((resolve) => {
          const check = () => {
            if (ws.readyState !== ws.OPEN || ws.bufferedAmount <= OUTPUT_HIGH_WATER / 2 || abort.signal.aborted) resolve();
            else setTimeout(check, 10);
          };
          check();
        })
      : undefined;
  if (ex.attach) {
    await attach(inst, (line) => send(1, line + nl), drain, abort.signal);
    finish(0);
    return;
  }
  if (ex.command.length === 0) {
    finish(1, 'you must specify at least 1 command');
    return;
  }
  const env: ShellEnv = inst.shellEnv((line, stream) => send(ex.tty || stream !== 'err' ? 1 : 2, line + nl));
  inst.execFiles ??= { files: ownMap({ ...env.files, ...extras?.files }), dirs: new Set() };
  const fs = inst.execFiles;
  Object.assign(env, extras, { files: fs.files, dirs: fs.dirs, write: (data: Buffer) => send(1, data), drain });
  // The command dies with its container.
  const onContainerExit = () => abort.abort();
  inst.signal.addEventListener('abort', onContainerExit, { once: true });
  const sh = new ShellSession(env);
  const held = new MemoryScope(inst.memory);
  const base = ex.command[0].split('/').pop()!;
  const script = scriptOf(ex.command);
  const readAll = async () => {
    const parts: Buffer[] = [];
    for (let c = await read(); c !== null; c = await read()) {
      held.charge(c.length); // the whole of stdin, held for the command
      parts.push(c);
    }
    return Buffer.concat(parts);
  };
  try {
    if (SHELLS.has(base) && script === undefined) {
      if (ex.tty) {
        finish(await interactive(sh, env, send, read, abort.signal));
        return;
      }
      if (!ex.stdin) {
        finish(0);
        return;
      }
      finish(await sh.run((await readAll()).toString('utf8'), abort.signal));
      return;
    }
    finish(await sh.run(script ?? '', abort.signal, ex.stdin && !ex.tty ? await readAll() : undefined));
  } catch (e) {
    if (e instanceof ShellExit) finish(e.code);
    else if (e instanceof OutOfMemoryError) {
      inst.exit(137, 'OOMKilled');
      finish(137);
    } else finish(1, (e as Error).message);
  } finally {
    inst.signal.removeEventListener('abort', onContainerExit);
    held.close();
    sh.close();
  }
}

/** Streams what the container prints from now on; resolves when it exits or the client leaves. */
function attach(
  inst: ContainerInstance,
  print: (line: string) => void,
  drain: () => Promise<void> | undefined,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    if (inst.state !== 'running') {
      resolve();
      return;
    }
    let unsubscribe = () => {};
    const done = () => {
      unsubscribe();
      resolve();
    };
    unsubscribe = followLog(
      inst.logs,
      inst.logs.lastSeq,
      (line) => {
        print(line.text);
        return drain() ?? true;
      },
      done,
    );
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A line-editing REPL over a tty: echo, backspace, Ctrl-C, Ctrl-D, `exit`. */
async function interactive(
  sh: ShellSession,
  env: ShellEnv,
  send: (ch: number, d: string) => void,
  read: () => Promise<Buffer | null>,
  signal: AbortSignal,
): Promise<number> {
  const prompt = () => send(1, `root@${env.hostname}:${sh.cwd}# `);
  prompt();
  let line = '';
  let status = 0;
  for (;;) {
    const chunk = await read();
    if (chunk === null || signal.aborted) return status;
    const text = chunk.toString('utf8');
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\x1b') {
        i += text[i + 1] === '[' ? 2 : 1;
        continue;
      } // arrows and other escapes: ignored
      if (ch === '\r' || ch === '\n') {
        send(1, '\r\n');
        const cmd = line;
        line = '';
        if (cmd.trim()) {
          try {
            status = await sh.run(cmd, signal);
          } catch (e) {
            if (e instanceof ShellExit) {
              return e.code;
            }
            throw e;
          }
        }
        prompt();
      } else if (ch === '\x7f' || ch === '\b') {
        if (line) {
          line = line.slice(0, -1);
          send(1, '\b \b');
        }
      } else if (ch === '\x03') {
        line = '';
        send(1, '^C\r\n');
        prompt();
      } else if (ch === '\x04') {
        if (!line) {
          send(1, 'exit\r\n');
          return status;
        }
      } else if (ch >= ' ' || ch === '\t') {
        line += ch;
        send(1, ch);
      }
    }
  }
}
