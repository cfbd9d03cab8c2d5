/**
 * A tiny shell: enough for the scripts pod manifests run (`echo hi; sleep 3600`,
 * `while true; do date; sleep 5; done`, `exit 3`) and for `kubectl exec` sessions (`env`,
 * `cat server.js`, `curl localhost:8080`). Builtins: echo, printf (no formats), sleep, exit, true,
 * false, :, env, printenv, hostname, date, export, trap (ignored), cd, pwd, ls, cat, curl, wget,
 * whoami, id, uname, `VAR=value`; compound: `while COND; do …; done`, `for x in …; do …; done`,
 * `&&`, `||`, `;`. Anything else prints `sh: X: not found` and returns 127. Files come from a
 * read-only virtual filesystem (the image record's `files` plus a few /etc entries).
 */
import { request } from 'node:http';
import type { AppContext } from './apps.js';

type Token = { op: string } | { word: string };
type Node =
  | { kind: 'cmd'; words: string[] }
  | { kind: 'while'; cond: List; body: List }
  | { kind: 'for'; name: string; items: string[]; body: List };
type List = { node: Node; next?: '&&' | '||' | ';' }[];

/** Thrown by the `exit` builtin (and on abort) to end the shell. */
export class ShellExit { constructor(readonly code: number) {} }

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** Where a shell runs: its variables, files, output and clock. */
export interface ShellEnv {
  hostname: string;
  /** Mutable: `export` and assignments change it. */
  vars: Record<string, string>;
  /** Absolute path → content. */
  files: Record<string, string>;
  /** What localhost means (the pod IP). */
  localhost: string;
  /** Writes one line of output (no trailing newline) to stdout or stderr. */
  print(line: string, stream?: 'out' | 'err'): void;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
}

/** The files every simulated container has, plus the image's own. */
export function containerFiles(hostname: string, podIP: string, imageFiles: Record<string, string> = {}): Record<string, string> {
  return {
    '/etc/hostname': `${hostname}\n`,
    '/etc/hosts': `127.0.0.1\tlocalhost\n${podIP}\t${hostname}\n`,
    '/etc/os-release': 'NAME="kemu"\nID=kemu\nPRETTY_NAME="kemu simulated container"\n',
    '/etc/resolv.conf': 'nameserver 127.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n',
    ...imageFiles,
  };
}

/** Splits a container's command/args into a script for the shell (or undefined: nothing to run). */
export function scriptOf(argv: string[]): string | undefined {
  if (argv.length === 0) return undefined;
  const base = argv[0].split('/').pop()!;
  if (SHELLS.has(base)) {
    const c = argv.indexOf('-c');
    return c < 0 || c + 1 >= argv.length ? undefined : argv[c + 1];
  }
  return argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
}

/** Runs a script; resolves its exit status. */
export async function runScript(env: ShellEnv, script: string, signal: AbortSignal): Promise<number> {
  try {
    return await new ShellSession(env).run(script, signal);
  } catch (e) {
    if (e instanceof ShellExit) return e.code;
    throw e;
  }
}

/** An interactive shell: state (cwd, variables, $?) persists across `run` calls. */
export class ShellSession {
  private cwdValue = '/';
  private status = 0;
  constructor(private readonly env: ShellEnv) {}

  get cwd(): string { return this.cwdValue; }

  /** Runs one script; rejects with ShellExit on `exit`. Syntax errors print and return 2. */
  async run(script: string, signal: AbortSignal): Promise<number> {
    const sh = new Interpreter(this.env, signal, this.cwdValue, this.status);
    let list: List;
    try { list = parse(tokenize(script)); } catch (e) { this.env.print(`sh: ${(e as Error).message}`, 'err'); return (this.status = 2); }
    try {
      this.status = await sh.list(list);
      return this.status;
    } finally {
      this.cwdValue = sh.cwd;
    }
  }
}

/** The shell image's main process: runs the container's command/args; resolves the exit code. */
export async function runShell(ctx: AppContext, signal: AbortSignal): Promise<number> {
  const argv = ctx.command.length ? [...ctx.command, ...ctx.args] : [...ctx.args];
  const script = scriptOf(argv);
  if (script === undefined) return 0;                 // `sh` with no tty and no stdin exits at once
  return runScript({
    hostname: ctx.hostname, vars: { HOSTNAME: ctx.hostname, ...ctx.env }, files: containerFiles(ctx.hostname, ctx.podIP),
    localhost: ctx.podIP, print: (line) => ctx.log(line), sleep: ctx.sleep, now: ctx.now,
  }, script, signal);
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#') { while (i < s.length && s[i] !== '\n') i++; continue; }
    if (c === '\n' || c === ';') { out.push({ op: ';' }); i++; continue; }
    if ((c === '&' || c === '|') && s[i + 1] === c) { out.push({ op: c + c }); i += 2; continue; }
    let w = '';
    let any = false;
    while (i < s.length && !' \t\n;'.includes(s[i]) && !((s[i] === '&' || s[i] === '|') && s[i + 1] === s[i])) {
      const ch = s[i];
      if (ch === "'") { const j = s.indexOf("'", i + 1); if (j < 0) throw new Error('unterminated quoted string'); w += '\u0001' + s.slice(i + 1, j) + '\u0002'; i = j + 1; }
      else if (ch === '"') { let j = i + 1; let q = ''; while (j < s.length && s[j] !== '"') { if (s[j] === '\\' && j + 1 < s.length) { q += s[j + 1]; j += 2; } else q += s[j++]; } if (j >= s.length) throw new Error('unterminated quoted string'); w += q; i = j + 1; }
      else if (ch === '\\' && i + 1 < s.length) { w += '\u0001' + s[i + 1] + '\u0002'; i += 2; }
      else { w += ch; i++; }
      any = true;
    }
    if (any) out.push({ word: w });
  }
  return out;
}

function parse(tokens: Token[]): List {
  let pos = 0;
  const peekWord = () => { const t = tokens[pos]; return t && 'word' in t ? t.word : undefined; };
  const expectWord = (w: string) => { if (peekWord() !== w) throw new Error(`syntax error: expected "${w}"`); pos++; };
  const skipSeps = () => { while (pos < tokens.length && 'op' in tokens[pos] && (tokens[pos] as { op: string }).op === ';') pos++; };
  function list(terminators: string[]): List {
    const items: List = [];
    skipSeps();
    while (pos < tokens.length && !terminators.includes(peekWord() ?? '\0')) {
      const node = command();
      const t = tokens[pos];
      let next: '&&' | '||' | ';' | undefined;
      if (t && 'op' in t) { next = t.op as '&&' | '||' | ';'; pos++; }
      items.push({ node, next });
      skipSeps();
    }
    return items;
  }
  function command(): Node {
    const w = peekWord();
    if (w === 'while') {
      pos++;
      const cond = list(['do']); expectWord('do');
      const body = list(['done']); expectWord('done');
      return { kind: 'while', cond, body };
    }
    if (w === 'for') {
      pos++;
      const name = peekWord(); if (!name) throw new Error('syntax error: bad for loop'); pos++;
      const items: string[] = [];
      if (peekWord() === 'in') { pos++; for (let w = peekWord(); w !== undefined; w = peekWord()) { items.push(w); pos++; } }
      skipSeps(); expectWord('do');
      const body = list(['done']); expectWord('done');
      return { kind: 'for', name, items, body };
    }
    const words: string[] = [];
    while (pos < tokens.length && 'word' in tokens[pos]) words.push((tokens[pos++] as { word: string }).word);
    if (!words.length) throw new Error(`syntax error near unexpected token`);
    return { kind: 'cmd', words };
  }
  const l = list([]);
  if (pos < tokens.length) throw new Error('syntax error');
  return l;
}

class Interpreter {
  private readonly vars: Record<string, string>;
  constructor(private readonly env: ShellEnv, private readonly signal: AbortSignal, public cwd = '/', private status = 0) { this.vars = env.vars; }

  async list(items: List): Promise<number> {
    let skip = false;
    for (const { node, next } of items) {
      if (this.signal.aborted) throw new ShellExit(143);
      if (!skip) this.status = await this.node(node);
      skip = (next === '&&' && this.status !== 0) || (next === '||' && this.status === 0);
    }
    return this.status;
  }

  private async node(n: Node): Promise<number> {
    if (n.kind === 'while') {
      let st = 0;
      while ((await this.list(n.cond)) === 0) {
        st = await this.list(n.body);
        await new Promise((r) => setImmediate(r));
      }
      return st;
    }
    if (n.kind === 'for') {
      let st = 0;
      for (const item of n.items.flatMap((w) => this.expand(w).split(/\s+/).filter(Boolean))) {
        this.vars[n.name] = item;
        st = await this.list(n.body);
      }
      return st;
    }
    return this.simple(n.words.map((w) => this.expand(w)));
  }

  /** $VAR, ${VAR}, $? expansion outside single quotes (marked \u0001…\u0002 by the tokenizer). */
  private expand(w: string): string {
    return w.split(/(\u0001[^\u0002]*\u0002)/).map((part) => part.startsWith('\u0001')
      ? part.slice(1, -1)
      : part.replace(/\$(\?|\{(\w+)\}|(\w+))/g, (_m, all, braced, bare) => all === '?' ? String(this.status) : this.vars[braced ?? bare] ?? '')).join('');
  }

  private async simple(words: string[]): Promise<number> {
    // Redirections: only to the other stream or /dev/null (there is no writable filesystem).
    const route: Record<'out' | 'err', 'out' | 'err' | null> = { out: 'out', err: 'err' };
    const argv: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const m = /^([12]?)>(>?)(&[12]|\/dev\/null)?$/.exec(words[i]);
      if (!m) { argv.push(words[i]); continue; }
      const from = m[1] === '2' ? 'err' : 'out';
      const to = m[3] ?? words[++i];
      route[from] = to === '&1' ? 'out' : to === '&2' ? 'err' : to === '/dev/null' ? null : route[from];
    }
    if (argv.length === 0) return 0;
    const assign = /^(\w+)=(.*)$/s.exec(argv[0]);
    if (assign && argv.length === 1) { this.vars[assign[1]] = assign[2]; return 0; }
    const [cmd, ...args] = argv;
    const emit = (line: string, stream: 'out' | 'err') => { const to = route[stream]; if (to) this.env.print(line, to); };
    const out = (s: string) => { for (const line of s.split('\n')) emit(line, 'out'); };
    const err = (s: string) => emit(s, 'err');
    const path = (p: string) => normalize(p.startsWith('/') ? p : `${this.cwd}/${p}`);
    const files = this.env.files;
    const isDir = (p: string) => p === '/' || Object.keys(files).some((f) => f.startsWith(p.endsWith('/') ? p : p + '/'));
    switch (cmd.split('/').pop()) {
      case 'echo': {
        const n = args[0] === '-n';
        out((n ? args.slice(1) : args).join(' '));
        return 0;
      }
      case 'printf': out(args.join(' ').replace(/\\n$/, '').replace(/\\n/g, '\n')); return 0;
      case 'sleep': {
        const s = args[0] === 'infinity' ? Infinity : Number(args[0]);
        if (Number.isNaN(s)) { err(`sleep: invalid number '${args[0] ?? ''}'`); return 1; }
        if (s === Infinity) await new Promise<void>((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
        else await this.env.sleep(s * 1000, this.signal);
        if (this.signal.aborted) throw new ShellExit(143);
        return 0;
      }
      case 'exit': throw new ShellExit(args[0] !== undefined ? Number(args[0]) & 255 : this.status);
      case 'true': case ':': case 'trap': return 0;
      case 'false': return 1;
      case 'export': for (const a of args) { const m = /^(\w+)=(.*)$/s.exec(a); if (m) this.vars[m[1]] = m[2]; } return 0;
      case 'env': case 'printenv': {
        if (args[0]) { const v = this.vars[args[0]]; if (v === undefined) return 1; out(v); return 0; }
        out(Object.entries(this.vars).map(([k, v]) => `${k}=${v}`).join('\n'));
        return 0;
      }
      case 'hostname': out(this.env.hostname); return 0;
      case 'date': out(new Date(this.env.now()).toUTCString()); return 0;
      case 'whoami': out('root'); return 0;
      case 'id': out('uid=0(root) gid=0(root) groups=0(root)'); return 0;
      case 'uname': out(args.includes('-a') ? `Linux ${this.env.hostname} kemu x86_64 GNU/Linux` : 'Linux'); return 0;
      case 'pwd': out(this.cwd); return 0;
      case 'cd': {
        const target = path(args[0] ?? '/');
        if (!isDir(target)) { err(`sh: cd: ${args[0]}: No such file or directory`); return 1; }
        this.cwd = target;
        return 0;
      }
      case 'ls': {
        const targets = args.filter((a) => !a.startsWith('-'));
        let st = 0;
        for (const t of targets.length ? targets : ['.']) {
          const p = path(t);
          if (files[p] !== undefined) { out(t); continue; }
          if (!isDir(p)) { err(`ls: cannot access '${t}': No such file or directory`); st = 2; continue; }
          const prefix = p === '/' ? '/' : p + '/';
          const names = new Set(Object.keys(files).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('/')[0]));
          if (p === '/') for (const d of ['bin', 'dev', 'etc', 'proc', 'tmp', 'usr', 'var']) names.add(d);
          if (names.size) out([...names].sort().join('  '));
        }
        return st;
      }
      case 'cat': {
        let st = 0;
        for (const t of args.filter((a) => a !== '-')) {
          const p = path(t);
          const content = files[p];
          if (content === undefined) { err(`cat: ${t}: ${isDir(p) ? 'Is a directory' : 'No such file or directory'}`); st = 1; continue; }
          out(content.endsWith('\n') ? content.slice(0, -1) : content);
        }
        return st;
      }
      case 'curl': case 'wget': return this.fetch(cmd.split('/').pop()!, args, emit);
      default: err(`sh: ${cmd}: not found`); return 127;
    }
  }

  /** curl/wget: one GET; `localhost` is the pod itself. */
  private async fetch(tool: string, args: string[], emit: (line: string, stream: 'out' | 'err') => void): Promise<number> {
    const target = args.find((a) => !a.startsWith('-') && a !== 'GET');
    if (!target) { emit(`${tool}: no URL specified`, 'err'); return 2; }
    let url: URL;
    try { url = new URL(/^[a-z]+:\/\//i.test(target) ? target : `http://${target}`); } catch { emit(`${tool}: (3) URL rejected: Malformed input to a URL function`, 'err'); return 3; }
    const host = url.hostname === 'localhost' || url.hostname === '127.0.0.1' ? this.env.localhost : url.hostname;
    const port = Number(url.port || 80);
    const result = await new Promise<{ body?: string; error?: string }>((resolve) => {
      const req = request({ host, port, path: url.pathname + url.search, headers: { 'User-Agent': `${tool}/8.5.0`, Host: url.host }, timeout: 10_000, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { body += c; });
        res.on('end', () => resolve({ body }));
      });
      req.on('timeout', () => { req.destroy(); resolve({ error: `(28) Connection timed out` }); });
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code === 'ECONNREFUSED' ? `(7) Failed to connect to ${url.hostname} port ${port}: Connection refused` : `(6) ${e.message}` }));
      req.end();
    });
    if (result.error) { emit(`${tool}: ${result.error}`, 'err'); return 7; }
    const body = result.body ?? '';
    emit(body.endsWith('\n') ? body.slice(0, -1) : body, 'out');
    return 0;
  }
}

function normalize(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return '/' + parts.join('/');
}
