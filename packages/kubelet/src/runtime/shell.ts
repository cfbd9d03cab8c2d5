/**
 * A tiny shell: enough for the scripts pod manifests run (`echo hi; sleep 3600`,
 * `while true; do date; sleep 5; done`, `exit 3`) and for `kubectl exec` sessions (`env`,
 * `cat server.js`, `curl my-svc`, `sh -c 'a && b | grep x'`). The grammar: simple commands with
 * `VAR=value`, `$VAR`/`${VAR}`/`$?`, quotes, redirections (`>`, `>>`, `2>&1`, `<`), pipelines
 * `a | b`, lists with `;`, `&&`, `||`, and `while … do … done`, `for x in …; do … done`.
 * The builtins are in shell-builtins.ts; anything else prints `sh: X: not found` and returns 127.
 * Files live in a ShellFs (shell-fs.ts): the image's files, writable, with the pod's volumes
 * mounted over directories.
 */
import type { AppContext } from './apps.js';
import { MemoryScope, OutOfMemoryError, type MemoryLedger } from './memory-account.js';
import { runBuiltin, type BuiltinIo } from './shell-builtins.js';
import { ShellFs, normalizePath, type Mount } from './shell-fs.js';

type Token = { op: string } | { word: string };
type Node =
  | { kind: 'cmd'; words: string[] }
  | { kind: 'pipe'; stages: Node[] }
  | { kind: 'while'; cond: List; body: List }
  | { kind: 'for'; name: string; items: string[]; body: List };
type List = { node: Node; next?: '&&' | '||' | ';' }[];

/** Thrown by the `exit` builtin (and on abort) to end the shell. */
export class ShellExit {
  constructor(readonly code: number) {}
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** How many shells may nest (`sh -c` inside `sh -c`, `sh script` running itself). */
export const MAX_SHELL_NESTING = 100;
/** Nested `while`/`for` blocks one script may hold. */
const MAX_BLOCK_NESTING = 200;
/**
 * Time slicing: an interpreter gives the event loop a turn (setImmediate) at least every
 * YIELD_EVERY_STEPS commands or loop iterations, or once it has run YIELD_AFTER_MS and at least
 * YIELD_MIN_STEPS steps, counted across every shell of the process, so busy containers cannot
 * starve the kubelet's timers, probes and API (and a short script runs to its first wait at once).
 */
export const YIELD_EVERY_STEPS = 256;
const YIELD_MIN_STEPS = 32;
const YIELD_AFTER_MS = 4;

/** Steps and start of the current run of shell work since the event loop last had a turn. */
const slice = { steps: 0, since: 0, running: false };

/** Resolves on the event loop's next turn when the shells have had their slice, else undefined. */
function yieldIfDue(): Promise<void> | undefined {
  const now = performance.now();
  if (!slice.running) {
    // The first step since the event loop's last turn starts a slice; the loop's next turn ends it.
    slice.running = true;
    slice.steps = 0;
    slice.since = now;
    setImmediate(() => {
      slice.running = false;
    });
  }
  const steps = ++slice.steps;
  if (steps < YIELD_MIN_STEPS || (steps < YIELD_EVERY_STEPS && now - slice.since < YIELD_AFTER_MS)) return undefined;
  return new Promise((resolve) => setImmediate(resolve));
}

/** A map of names for the shell: no prototype, so `$constructor` or a file named `__proto__` is just a name. */
export function ownMap<T>(from: Record<string, T> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, from);
}

/** Where a shell runs: its variables, files, output and clock. */
export interface ShellEnv {
  hostname: string;
  /** Mutable: `export` and assignments change it (the session makes it a prototype-free map). */
  vars: Record<string, string>;
  /** Absolute path → content. */
  files: Record<string, string>;
  /** What localhost means (the pod IP). */
  localhost: string;
  /** Writes one line of output (no trailing newline) to stdout or stderr. */
  print(line: string, stream?: 'out' | 'err'): void;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
  /** Volumes mounted over directories of `files`. */
  mounts?: Mount[];
  /** Empty directories made with mkdir (kept across commands of one container). */
  dirs?: Set<string>;
  /** Writes raw bytes to stdout (binary output such as `tar c`); default: through `print`. */
  write?(data: Buffer): void;
  /** Resolves a host name as the cluster DNS does (`svc`, `svc.ns`, `svc.ns.svc.cluster.local`). */
  resolveHost?(name: string): Promise<{ fqdn: string; ip: string } | undefined>;
  /** The container's processes, for `ps` (pid 1 is the main process). */
  processes?(): { pid: number; command: string }[];
  /** Sends a signal to a process of the container; false when there is no such process. */
  kill?(pid: number, signal: string): boolean;
  /** The container's memory: written files, variables and buffers are charged here (memory-account.ts). */
  memory?: MemoryLedger;
  /** Resolves once the output sink can take more (backpressure); undefined when it can now. */
  drain?(): Promise<void> | undefined;
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

/** Runs a script; resolves its exit status. Rejects with OutOfMemoryError when the container ran out of memory. */
export async function runScript(env: ShellEnv, script: string, signal: AbortSignal): Promise<number> {
  const session = new ShellSession(env);
  try {
    return await session.run(script, signal);
  } catch (e) {
    if (e instanceof ShellExit) return e.code;
    throw e;
  } finally {
    session.close();
  }
}

/**
 * A string or buffer too large for the runtime is the container running out of memory, as an
 * allocation the kernel cannot back is: OutOfMemoryError, which no shell catches.
 */
function asOutOfMemory(e: unknown): unknown {
  if (e instanceof RangeError && /Invalid string length|Array buffer allocation failed|Invalid array length/.test(e.message)) {
    return new OutOfMemoryError();
  }
  return e;
}

/** An interactive shell: state (cwd, variables, $?) persists across `run` calls. */
export class ShellSession {
  private cwdValue = '/';
  private status = 0;
  /** Variables and buffers of this shell, given back by close(). */
  private readonly scope: MemoryScope;

  /** `depth`: how many shells enclose this one. */
  constructor(
    private readonly env: ShellEnv,
    private readonly depth = 0,
  ) {
    env.vars = ownMap(env.vars);
    this.scope = new MemoryScope(env.memory);
  }

  /** Gives back the memory held by variables and buffers (files stay). Idempotent. */
  close(): void {
    this.scope.close();
  }

  get cwd(): string {
    return this.cwdValue;
  }

  /** Runs one script (with `stdin`, if any); rejects with ShellExit on `exit`. Syntax errors print and return 2. */
  async run(script: string, signal: AbortSignal, stdin?: Buffer): Promise<number> {
    if (this.depth >= MAX_SHELL_NESTING) {
      this.env.print('sh: recursion too deep', 'err');
      return (this.status = 2);
    }
    if (script.length > MAX_SCRIPT_LENGTH) {
      this.env.print('sh: script too long', 'err');
      return (this.status = 2);
    }
    const sh = new Interpreter(this.env, signal, this.scope, this.depth, this.cwdValue, this.status, stdin);
    let list: List;
    try {
      list = parse(tokenize(script));
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        this.env.print(`sh: ${e.message}`, 'err');
        return (this.status = 2);
      }
      throw asOutOfMemory(e);
    }
    try {
      this.status = await sh.list(list);
      return this.status;
    } catch (e) {
      throw asOutOfMemory(e);
    } finally {
      this.cwdValue = sh.cwd;
    }
  }
}

/** The shell image's main process: runs the container's command/args; resolves the exit code. */
export async function runShell(ctx: AppContext, signal: AbortSignal): Promise<number> {
  const argv = ctx.command.length ? [...ctx.command, ...ctx.args] : [...ctx.args];
  const script = scriptOf(argv);
  if (script === undefined) return 0; // `sh` with no tty and no stdin exits at once
  return runScript(
    {
      hostname: ctx.hostname,
      vars: { HOSTNAME: ctx.hostname, ...ctx.env },
      files: containerFiles(ctx.hostname, ctx.podIP),
      localhost: ctx.podIP,
      print: (line) => ctx.log(line),
      sleep: ctx.sleep,
      now: ctx.now,
      memory: ctx.memory,
    },
    script,
    signal,
  );
}

class ShellSyntaxError extends Error {}

/** Characters with no meaning to the tokenizer ('&' stands for itself unless doubled). */
const PLAIN = /[^ \t\n;|&'"\\]+/y;

/** The longest script one shell runs (`sh -c`, a file, stdin): parsing it is one step. */
export const MAX_SCRIPT_LENGTH = 4 * 1024 * 1024;

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < s.length && s[i] !== '\n') i++;
      continue;
    }
    if (c === '\n' || c === ';') {
      out.push({ op: ';' });
      i++;
      continue;
    }
    if ((c === '&' || c === '|') && s[i + 1] === c) {
      out.push({ op: c + c });
      i += 2;
      continue;
    }
    if (c === '|') {
      out.push({ op: '|' });
      i++;
      continue;
    }
    let w = '';
    let any = false;
    while (i < s.length && !' \t\n;|'.includes(s[i]) && !(s[i] === '&' && s[i + 1] === '&')) {
      const ch = s[i];
      if (ch === "'") {
        const j = s.indexOf("'", i + 1);
        if (j < 0) throw new ShellSyntaxError('unterminated quoted string');
        w += '\u0001' + s.slice(i + 1, j) + '\u0002';
        i = j + 1;
      } else if (ch === '"') {
        let j = i + 1;
        let q = '';
        while (j < s.length && s[j] !== '"') {
          if (s[j] === '\\' && j + 1 < s.length && '$`"\\\n'.includes(s[j + 1])) {
            q += s[j + 1];
            j += 2;
          } else q += s[j++];
        }
        if (j >= s.length) throw new ShellSyntaxError('unterminated quoted string');
        w += q;
        i = j + 1;
      } else if (ch === '\\' && i + 1 < s.length) {
        w += '\u0001' + s[i + 1] + '\u0002';
        i += 2;
      } else {
        // a run of plain characters at once (a huge word must not cost a string per character)
        PLAIN.lastIndex = i;
        const run = PLAIN.exec(s);
        const end = run ? i + run[0].length : i + 1;
        w += run ? run[0] : ch;
        i = end;
      }
      any = true;
    }
    if (any) out.push({ word: w });
  }
  return out;
}

function parse(tokens: Token[]): List {
  let pos = 0;
  const peekWord = () => {
    const t = tokens[pos];
    return t && 'word' in t ? t.word : undefined;
  };
  const expectWord = (w: string) => {
    if (peekWord() !== w) throw new ShellSyntaxError(`syntax error: expected "${w}"`);
    pos++;
  };
  const skipSeps = () => {
    while (pos < tokens.length && 'op' in tokens[pos] && (tokens[pos] as { op: string }).op === ';') pos++;
  };
  function list(terminators: string[]): List {
    const items: List = [];
    skipSeps();
    while (pos < tokens.length && !terminators.includes(peekWord() ?? '\0')) {
      const node = command();
      const t = tokens[pos];
      let next: '&&' | '||' | ';' | undefined;
      if (t && 'op' in t) {
        next = t.op as '&&' | '||' | ';';
        pos++;
      }
      items.push({ node, next });
      skipSeps();
    }
    return items;
  }
  let blocks = 0;
  function block<T>(parse: () => T): T {
    if (++blocks > MAX_BLOCK_NESTING) throw new ShellSyntaxError('syntax error: blocks nested too deep');
    try {
      return parse();
    } finally {
      blocks--;
    }
  }
  function command(): Node {
    const w = peekWord();
    if (w === 'while' || w === 'for') return block(loop);
    const stages: Node[] = [simple()];
    while (pos < tokens.length && 'op' in tokens[pos] && (tokens[pos] as { op: string }).op === '|') {
      pos++;
      stages.push(simple());
    }
    return stages.length === 1 ? stages[0] : { kind: 'pipe', stages };
  }
  function loop(): Node {
    const w = peekWord();
    if (w === 'while') {
      pos++;
      const cond = list(['do']);
      expectWord('do');
      const body = list(['done']);
      expectWord('done');
      return { kind: 'while', cond, body };
    }
    pos++; // for
    const name = peekWord();
    if (!name) throw new ShellSyntaxError('syntax error: bad for loop');
    pos++;
    const items: string[] = [];
    if (peekWord() === 'in') {
      pos++;
      for (let w = peekWord(); w !== undefined; w = peekWord()) {
        items.push(w);
        pos++;
      }
    }
    skipSeps();
    expectWord('do');
    const body = list(['done']);
    expectWord('done');
    return { kind: 'for', name, items, body };
  }
  function simple(): Node {
    const words: string[] = [];
    while (pos < tokens.length && 'word' in tokens[pos]) words.push((tokens[pos++] as { word: string }).word);
    if (!words.length) throw new ShellSyntaxError(`syntax error near unexpected token`);
    return { kind: 'cmd', words };
  }
  const l = list([]);
  if (pos < tokens.length) throw new ShellSyntaxError('syntax error');
  return l;
}

class Interpreter {
  private readonly vars: Record<string, string>;
  readonly fs: ShellFs;
  /** Where stdout lines go while a pipeline stage captures them (and what they cost). */
  private capture?: { lines: string[]; memory: MemoryScope };

  constructor(
    private readonly env: ShellEnv,
    private readonly signal: AbortSignal,
    private readonly memory: MemoryScope,
    private readonly depth: number,
    public cwd = '/',
    private status = 0,
    private readonly stdin?: Buffer,
  ) {
    this.vars = chargedVars(env.vars, memory);
    this.fs = new ShellFs(env.files, env.mounts, env.dirs, env.memory);
  }

  /** Between commands and loop turns: stops when aborted, takes turns with the event loop, waits for a full output to drain. */
  private async step(): Promise<void> {
    if (this.signal.aborted) throw new ShellExit(143);
    const turn = yieldIfDue();
    if (turn) await turn;
    const drained = this.env.drain?.();
    if (drained) await drained;
    if (this.signal.aborted) throw new ShellExit(143);
  }

  async list(items: List): Promise<number> {
    let skip = false;
    for (const { node, next } of items) {
      await this.step();
      if (!skip) this.status = await this.node(node, this.stdin);
      skip = (next === '&&' && this.status !== 0) || (next === '||' && this.status === 0);
    }
    return this.status;
  }

  private async node(n: Node, stdin: Buffer | undefined): Promise<number> {
    if (n.kind === 'while') {
      let st = 0;
      while ((await this.list(n.cond)) === 0) {
        st = await this.list(n.body);
        await this.step();
      }
      return st;
    }
    if (n.kind === 'for') {
      let st = 0;
      for (const item of n.items.flatMap((w) => this.expand(w).split(/\s+/).filter(Boolean))) {
        this.vars[n.name] = item;
        st = await this.list(n.body);
        await this.step();
      }
      return st;
    }
    if (n.kind === 'pipe') {
      let input = stdin;
      let st = 0;
      /** What the stage now running reads: the previous stage's output. */
      let held = new MemoryScope(undefined);
      for (let i = 0; i < n.stages.length; i++) {
        const last = i === n.stages.length - 1;
        const outer = this.capture;
        const lines: string[] = [];
        const buffered = new MemoryScope(this.memory);
        if (!last) this.capture = { lines, memory: buffered };
        try {
          st = await this.node(n.stages[i], input);
        } finally {
          this.capture = outer;
          held.close();
        }
        held = buffered;
        input = last ? undefined : Buffer.from(lines.map((l) => l + '\n').join(''));
      }
      held.close();
      return st;
    }
    return this.simple(
      n.words.map((w) => this.expand(w)),
      stdin,
    );
  }

  /** $VAR, ${VAR}, $? expansion outside single quotes (marked \u0001…\u0002 by the tokenizer). */
  private expand(w: string): string {
    return w
      .split(/(\u0001[^\u0002]*\u0002)/)
      .map((part) =>
        part.startsWith('\u0001')
          ? part.slice(1, -1)
          : part.replace(/\$(\?|\{(\w+)\}|(\w+))/g, (_m, all, braced, bare) =>
              all === '?' ? String(this.status) : (ownValue(this.vars, braced ?? bare) ?? ''),
            ),
      )
      .join('');
  }

  private path(p: string): string {
    return normalizePath(p.startsWith('/') ? p : `${this.cwd}/${p}`);
  }

  private async simple(words: string[], stdin: Buffer | undefined): Promise<number> {
    // Redirections: to the other stream, /dev/null, or a file (> truncates, >> appends); < reads a file.
    const route: Record<'out' | 'err', 'out' | 'err' | null | { file: string; append: boolean }> = { out: 'out', err: 'err' };
    const argv: string[] = [];
    let input = stdin;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const redirect = /^([12]?)(>>?)(.*)$/s.exec(w);
      if (redirect) {
        const from = redirect[1] === '2' ? 'err' : 'out';
        const to = redirect[3] || words[++i];
        if (to === undefined) {
          this.env.print('sh: syntax error: unexpected newline', 'err');
          return 2;
        }
        if (to === '&1') route[from] = route.out;
        else if (to === '&2') route[from] = route.err;
        else if (to === '/dev/null') route[from] = null;
        else {
          const file = this.path(to);
          const problem = this.fs.write(file, '', redirect[2] === '>>');
          if (problem) {
            this.env.print(`sh: can't create ${to}: ${problem}`, 'err');
            return 1;
          }
          route[from] = { file, append: true };
        }
        continue;
      }
      if (w.startsWith('<')) {
        const name = w.slice(1) || words[++i];
        const content = name === undefined ? undefined : this.fs.read(this.path(name));
        if (content === undefined) {
          this.env.print(`sh: can't open ${name ?? ''}: no such file`, 'err');
          return 1;
        }
        input = Buffer.from(content, 'utf8');
        continue;
      }
      argv.push(w);
    }
    if (argv.length === 0) return 0;
    const assign = /^(\w+)=(.*)$/s.exec(argv[0]);
    if (assign && argv.length === 1) {
      this.vars[assign[1]] = assign[2];
      return 0;
    }
    /** A write to a redirected file that failed (a full volume): the command fails with it. */
    let writeError: string | undefined;
    const emit = (line: string, stream: 'out' | 'err') => {
      const to = route[stream];
      if (to === null) return;
      if (typeof to === 'object') {
        if (!writeError) writeError = this.fs.write(to.file, line + '\n', true);
        return;
      }
      if (to === 'out' && this.capture) {
        this.capture.memory.charge(2 * (line.length + 1)); // the line, then the next stage's input
        this.capture.lines.push(line);
        return;
      }
      this.env.print(line, to);
    };
    const io: BuiltinIo = {
      env: this.env,
      fs: this.fs,
      vars: this.vars,
      signal: this.signal,
      stdin: input,
      cwd: () => this.cwd,
      setCwd: (p) => {
        this.cwd = p;
      },
      status: () => this.status,
      path: (p) => this.path(p),
      out: (s) => {
        for (const line of s.split('\n')) emit(line, 'out');
      },
      err: (s) => emit(s, 'err'),
      raw: (data) => {
        const to = route.out;
        if (to === 'out' && !this.capture && this.env.write) this.env.write(data);
        else if (to !== null && typeof to === 'object') writeError ??= this.fs.write(to.file, data.toString('latin1'), true);
        else if (to !== null) for (const line of data.toString('latin1').replace(/\n$/, '').split('\n')) emit(line, 'out');
      },
      subshell: async (script, stdinOverride) => {
        const sub = new ShellSession(
          { ...this.env, vars: { ...this.vars }, print: (line, stream) => emit(line, stream ?? 'out') },
          this.depth + 1,
        );
        try {
          return await sub.run(script, this.signal, stdinOverride ?? input);
        } catch (e) {
          if (e instanceof ShellExit) return e.code;
          throw e;
        } finally {
          sub.close();
        }
      },
    };
    const [cmd, ...args] = argv;
    const code = await runBuiltin(cmd.split('/').pop()!, args, io);
    if (code === undefined) {
      emit(`sh: ${cmd}: not found`, 'err');
      return 127;
    }
    if (writeError) {
      this.env.print(`${cmd}: write error: ${writeError}`, 'err');
      return 1;
    }
    return code;
  }
}

function ownValue(map: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** The variables, with every assignment charged to `memory` (name and value) and unset giving it back. */
function chargedVars(vars: Record<string, string>, memory: MemoryLedger): Record<string, string> {
  const cost = (key: string) => (Object.hasOwn(vars, key) ? key.length + vars[key].length : 0);
  return new Proxy(vars, {
    set(target, key, value) {
      if (typeof key !== 'string') return false;
      const text = String(value);
      memory.charge(key.length + text.length - cost(key));
      target[key] = text;
      return true;
    },
    deleteProperty(target, key) {
      if (typeof key === 'string' && Object.hasOwn(target, key)) {
        memory.charge(-cost(key));
        delete target[key];
      }
      return true;
    },
  });
}
