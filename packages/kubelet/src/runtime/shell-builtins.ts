/**
 * The simulated shell's commands (busybox-like output). Each takes its argv and a BuiltinIo and
 * resolves an exit status; `runBuiltin` resolves undefined for a command that does not exist.
 * Text goes out line by line through io.out/io.err (redirections and pipes are the
 * interpreter's business); binary output (tar) through io.raw.
 */
import { request, type IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { ShellFs } from './shell-fs.js';
import type { ShellEnv } from './shell.js';
import { ShellExit } from './shell.js';
import { tarCommand } from './shell-tar.js';
import { compilePosix, PosixRegexError, type PosixRegex } from './regex.js';
import { sed } from './shell-sed.js';

export interface BuiltinIo {
  env: ShellEnv;
  fs: ShellFs;
  vars: Record<string, string>;
  signal: AbortSignal;
  /** What the command reads on stdin (a pipe, `<`, or kubectl exec -i); undefined = nothing. */
  stdin?: Buffer;
  cwd(): string;
  setCwd(p: string): void;
  /** $? before this command. */
  status(): number;
  /** Absolute, normalized path of `p` relative to the cwd. */
  path(p: string): string;
  /** Writes text to stdout; split into lines. */
  out(s: string): void;
  err(s: string): void;
  raw(data: Buffer): void;
  /** Runs a script in a child shell (variables copied, output routed like this command's). */
  subshell(script: string, stdin?: Buffer): Promise<number>;
}

type Builtin = (args: string[], io: BuiltinIo) => number | Promise<number>;

const text = (io: BuiltinIo) => io.stdin?.toString('utf8') ?? '';
const chomp = (s: string) => (s.endsWith('\n') ? s.slice(0, -1) : s);

/** Reads the named files (or stdin when none / `-`); undefined content = an error was printed. */
function inputs(tool: string, files: string[], io: BuiltinIo): { name: string; content?: string }[] {
  if (files.length === 0) return [{ name: '-', content: text(io) }];
  return files.map((f) => {
    if (f === '-') return { name: f, content: text(io) };
    const p = io.path(f);
    const content = io.fs.read(p);
    if (content === undefined) {
      const why = io.fs.isDir(p) ? 'Is a directory' : 'No such file or directory';
      // busybox: grep reports like perror, the others "can't open 'F'" (cat, head, tail, wc, sort…)
      io.err(tool === 'grep' ? `grep: ${f}: ${why}` : `${tool}: can't open '${f}': ${why}`);
    }
    return { name: f, content };
  });
}

/** Splits `-n 5`, `-n5`, `-5` style options: returns [flags, operands]. */
function options(args: string[], withValue: string[] = []): [Record<string, string | true>, string[]] {
  const flags = Object.create(null) as Record<string, string | true>;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (/^-\d+$/.test(a)) {
      flags.n = a.slice(1);
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=');
      flags[k] = v ?? true;
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      if (withValue.includes(f)) {
        flags[f] = a.slice(j + 1) || args[++i] || '';
        break;
      }
      flags[f] = true;
    }
  }
  return [flags, rest];
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, TERM: 15, USR1: 10, USR2: 12 };

const BUILTINS: Record<string, Builtin> = {
  echo: (args, io) => {
    const n = args[0] === '-n';
    io.out((n ? args.slice(1) : args).join(' '));
    return 0;
  },
  printf: (args, io) => {
    const [fmt = '', ...rest] = args;
    let i = 0;
    const s = fmt.replace(/%[sd]|\\n|\\t|%%/g, (m) => (m === '\\n' ? '\n' : m === '\\t' ? '\t' : m === '%%' ? '%' : (rest[i++] ?? '')));
    if (s) io.out(chomp(s));
    return 0;
  },
  sleep: async (args, io) => {
    const s = args[0] === 'infinity' ? Infinity : Number(args[0]?.replace(/s$/, ''));
    if (Number.isNaN(s)) {
      io.err(`sleep: invalid number '${args[0] ?? ''}'`);
      return 1;
    }
    if (s === Infinity) await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
    else await io.env.sleep(s * 1000, io.signal);
    if (io.signal.aborted) throw new ShellExit(143);
    return 0;
  },
  exit: (args, io) => {
    throw new ShellExit(args[0] !== undefined ? Number(args[0]) & 255 : io.status());
  },
  true: () => 0,
  ':': () => 0,
  trap: () => 0,
  false: () => 1,
  export: (args, io) => {
    for (const a of args) {
      const m = /^(\w+)=(.*)$/s.exec(a);
      if (m) io.vars[m[1]] = m[2];
    }
    return 0;
  },
  unset: (args, io) => {
    for (const a of args) delete io.vars[a];
    return 0;
  },
  env: (args, io) => {
    io.out(
      Object.entries(io.vars)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    return args.length ? 0 : 0;
  },
  printenv: (args, io) => {
    if (args[0]) {
      const v = Object.hasOwn(io.vars, args[0]) ? io.vars[args[0]] : undefined;
      if (v === undefined) return 1;
      io.out(v);
      return 0;
    }
    io.out(
      Object.entries(io.vars)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    return 0;
  },
  hostname: (args, io) => {
    io.out(args.includes('-i') ? io.env.localhost : io.env.hostname);
    return 0;
  },
  date: (_args, io) => {
    io.out(new Date(io.env.now()).toUTCString());
    return 0;
  },
  whoami: (_args, io) => {
    io.out('root');
    return 0;
  },
  id: (_args, io) => {
    io.out('uid=0(root) gid=0(root) groups=0(root)');
    return 0;
  },
  uname: (args, io) => {
    io.out(args.includes('-a') ? `Linux ${io.env.hostname} kemu x86_64 GNU/Linux` : 'Linux');
    return 0;
  },
  pwd: (_args, io) => {
    io.out(io.cwd());
    return 0;
  },
  cd: (args, io) => {
    const target = io.path(args[0] ?? '/');
    if (!io.fs.isDir(target)) {
      io.err(`sh: cd: can't cd to ${args[0]}: No such file or directory`);
      return 1;
    }
    io.setCwd(target);
    return 0;
  },
  ls: (args, io) => {
    const [flags, targets] = options(args);
    let st = 0;
    const long = (name: string, p: string) => {
      const dir = io.fs.isDir(p);
      const size = dir ? 4096 : Buffer.byteLength(io.fs.read(p) ?? '');
      return `${dir ? 'drwxr-xr-x' : '-rw-r--r--'}    1 root     root    ${String(size).padStart(8)} Jan  1 00:00 ${name}`;
    };
    const all = targets.length ? targets : ['.'];
    for (const t of all) {
      const p = io.path(t);
      if (io.fs.isFile(p)) {
        io.out(flags.l ? long(t, p) : t);
        continue;
      }
      if (!io.fs.isDir(p)) {
        io.err(`ls: ${t}: No such file or directory`);
        st = 1;
        continue;
      }
      if (all.length > 1) io.out(`${t}:`);
      const names = io.fs.list(p).filter((n) => flags.a || !n.startsWith('.'));
      if (flags.l) {
        io.out(`total ${names.length}`);
        for (const n of names) io.out(long(n, `${p === '/' ? '' : p}/${n}`));
      } else if (names.length) io.out(flags['1'] ? names.join('\n') : names.join('  '));
    }
    return st;
  },
  cat: (args, io) => {
    let st = 0;
    for (const f of inputs(
      'cat',
      args.filter((a) => !/^-[a-zA-Z]+$/.test(a)),
      io,
    )) {
      if (f.content === undefined) {
        st = 1;
        continue;
      }
      if (f.content) io.out(chomp(f.content));
    }
    return st;
  },
  tee: (args, io) => {
    const [flags, files] = options(args);
    const data = text(io);
    for (const f of files) io.fs.write(io.path(f), data, Boolean(flags.a));
    if (data) io.out(chomp(data));
    return 0;
  },
  mkdir: (args, io) => {
    const [flags, dirs] = options(args);
    let st = 0;
    for (const d of dirs) {
      const problem = io.fs.mkdir(io.path(d), Boolean(flags.p));
      if (problem) {
        io.err(`mkdir: can't create directory '${d}': ${problem}`);
        st = 1;
      }
    }
    return st;
  },
  touch: (args, io) => {
    let st = 0;
    for (const f of args.filter((a) => !a.startsWith('-'))) {
      const p = io.path(f);
      if (io.fs.isFile(p)) continue;
      const problem = io.fs.write(p, '');
      if (problem) {
        io.err(`touch: ${f}: ${problem}`);
        st = 1;
      }
    }
    return st;
  },
  rm: (args, io) => {
    const [flags, files] = options(args);
    let st = 0;
    for (const f of files) {
      const p = io.path(f);
      if (io.fs.isDir(p)) {
        if (!flags.r && !flags.R) {
          io.err(`rm: '${f}' is a directory`);
          st = 1;
          continue;
        }
        for (const child of io.fs.allFiles().filter((c) => c.startsWith(p + '/'))) io.fs.remove(child);
        continue;
      }
      const problem = io.fs.remove(p);
      if (problem && !flags.f) {
        io.err(`rm: can't remove '${f}': ${problem}`);
        st = 1;
      }
    }
    return st;
  },
  test: (args, io) => testExpr(args, io),
  '[': (args, io) => {
    if (args[args.length - 1] !== ']') {
      io.err('sh: [: missing ]');
      return 2;
    }
    return testExpr(args.slice(0, -1), io);
  },
  '[[': (args, io) => {
    if (args[args.length - 1] !== ']]') {
      io.err('sh: syntax error: unexpected end of file (expecting "]]")');
      return 2;
    }
    const expr = args.slice(0, -1);
    const negate = expr[0] === '!';
    const [a, op, b] = negate ? expr.slice(1) : expr;
    if (op !== '=~' || (negate ? expr.length : expr.length + 1) !== 4) return testExpr(expr, io);
    const st = regexMatch(a, b, io);
    return negate && st < 2 ? 1 - st : st;
  },
  grep: (args, io) => grep(args, io),
  egrep: (args, io) => grep(['-E', ...args], io),
  fgrep: (args, io) => grep(['-F', ...args], io),
  sed: (args, io) =>
    sed(args, {
      inputs: (files) => inputs('sed', files, io),
      out: (s) => io.out(s),
      err: (s) => io.err(s),
      write: (name, content) => io.fs.write(io.path(name), content),
    }),
  head: (args, io) => headTail('head', args, io),
  tail: (args, io) => headTail('tail', args, io),
  wc: (args, io) => {
    const [flags, files] = options(args);
    const only = flags.l || flags.w || flags.c;
    for (const f of inputs('wc', files, io)) {
      if (f.content === undefined) continue;
      const cols: number[] = [];
      if (!only || flags.l) cols.push((f.content.match(/\n/g) ?? []).length);
      if (!only || flags.w) cols.push(f.content.split(/\s+/).filter(Boolean).length);
      if (!only || flags.c) cols.push(Buffer.byteLength(f.content));
      io.out(cols.map((c) => String(c).padStart(only ? 0 : 7)).join(' ') + (f.name !== '-' ? ` ${f.name}` : ''));
    }
    return 0;
  },
  sort: (args, io) => {
    const [flags, files] = options(args);
    const lines = inputs('sort', files, io).flatMap((f) => (f.content ? chomp(f.content).split('\n') : []));
    lines.sort(flags.n ? (a, b) => parseFloat(a) - parseFloat(b) : undefined);
    if (flags.r) lines.reverse();
    const out = flags.u ? [...new Set(lines)] : lines;
    if (out.length) io.out(out.join('\n'));
    return 0;
  },
  uniq: (args, io) => {
    const lines = inputs(
      'uniq',
      args.filter((a) => !a.startsWith('-')),
      io,
    ).flatMap((f) => (f.content ? chomp(f.content).split('\n') : []));
    const out = lines.filter((l, i) => i === 0 || lines[i - 1] !== l);
    if (out.length) io.out(out.join('\n'));
    return 0;
  },
  seq: (args, io) => {
    const [a, b] = args.length === 1 ? [1, Number(args[0])] : [Number(args[0]), Number(args[1])];
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      io.err(`seq: invalid number`);
      return 1;
    }
    const out: number[] = [];
    for (let i = a; i <= b && out.length < 100_000; i++) out.push(i);
    if (out.length) io.out(out.join('\n'));
    return 0;
  },
  base64: (args, io) => {
    const [flags, files] = options(args);
    const data = inputs('base64', files, io)[0]?.content ?? '';
    io.out(flags.d ? chomp(Buffer.from(data, 'base64').toString('utf8')) : Buffer.from(data).toString('base64'));
    return 0;
  },
  which: (args, io) => {
    let st = 0;
    for (const a of args) {
      if (BUILTINS[a]) io.out(`/bin/${a}`);
      else st = 1;
    }
    return st;
  },
  sh: (args, io) => shell(args, io),
  bash: (args, io) => shell(args, io),
  ash: (args, io) => shell(args, io),
  dash: (args, io) => shell(args, io),
  ps: (_args, io) => {
    const procs = io.env.processes?.() ?? [{ pid: 1, command: 'sh' }];
    io.out('PID   USER     TIME  COMMAND');
    for (const p of procs) io.out(`${String(p.pid).padStart(5)} root      0:00 ${p.command}`);
    return 0;
  },
  kill: (args, io) => {
    let signal = 'TERM';
    const pids: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-s') {
        signal = (args[++i] ?? 'TERM').toUpperCase().replace(/^SIG/, '');
        continue;
      }
      if (a === '-l') {
        io.out(Object.keys(SIGNALS).join(' '));
        return 0;
      }
      if (/^-\w+$/.test(a)) {
        const s = a.slice(1).toUpperCase().replace(/^SIG/, '');
        signal = /^\d+$/.test(s) ? (Object.keys(SIGNALS).find((k) => SIGNALS[k] === Number(s)) ?? s) : s;
        continue;
      }
      pids.push(a);
    }
    if (!(signal in SIGNALS)) {
      io.err(`sh: kill: bad signal name '${signal}'`);
      return 1;
    }
    if (pids.length === 0) {
      io.err('kill: usage: kill [-s sigspec | -signum] pid');
      return 2;
    }
    let st = 0;
    for (const p of pids) {
      if (!/^\d+$/.test(p) || !io.env.kill?.(Number(p), signal)) {
        io.err(`sh: kill: can't kill pid ${p}: No such process`);
        st = 1;
      }
    }
    return st;
  },
  nslookup: async (args, io) => {
    const name = args.find((a) => !a.startsWith('-'));
    if (!name) {
      io.err('Usage: nslookup HOST [DNS_SERVER]');
      return 1;
    }
    const server = io.fs.read('/etc/resolv.conf')?.match(/nameserver\s+(\S+)/)?.[1] ?? '127.96.0.10';
    io.out(`Server:\t\t${server}\nAddress:\t${server}:53\n`);
    const r = await resolve(name, io, false); // DNS only: /etc/hosts is not consulted
    if (!r) {
      io.out(`** server can't find ${name}: NXDOMAIN\n`);
      return 1;
    }
    io.out(`Name:\t${r.fqdn}\nAddress: ${r.ip}\n`);
    return 0;
  },
  curl: (args, io) => fetchUrl('curl', args, io),
  wget: (args, io) => fetchUrl('wget', args, io),
  tar: (args, io) => tarCommand(args, io),
};

export async function runBuiltin(name: string, args: string[], io: BuiltinIo): Promise<number | undefined> {
  const b = Object.prototype.hasOwnProperty.call(BUILTINS, name) ? BUILTINS[name] : undefined;
  return b ? b(args, io) : undefined;
}

async function shell(args: string[], io: BuiltinIo): Promise<number> {
  const c = args.indexOf('-c');
  if (c >= 0) {
    if (c + 1 >= args.length) {
      io.err('sh: -c requires an argument');
      return 2;
    }
    return io.subshell(args[c + 1]);
  }
  const file = args.find((a) => !a.startsWith('-'));
  if (file) {
    const script = io.fs.read(io.path(file));
    if (script === undefined) {
      io.err(`sh: can't open '${file}': No such file or directory`);
      return 2;
    }
    return io.subshell(script);
  }
  return io.subshell(text(io), Buffer.alloc(0));
}

function headTail(tool: 'head' | 'tail', args: string[], io: BuiltinIo): number {
  const [flags, files] = options(args, ['n', 'c']);
  const n = Number(typeof flags.n === 'string' ? flags.n.replace(/^\+/, '') : 10);
  if (!Number.isFinite(n)) {
    io.err(`${tool}: invalid number '${flags.n}'`);
    return 1;
  }
  for (const f of inputs(tool, files, io)) {
    if (!f.content) continue;
    const lines = chomp(f.content).split('\n');
    const picked = tool === 'head' ? lines.slice(0, n) : n === 0 ? [] : lines.slice(-n);
    if (picked.length) io.out(picked.join('\n'));
  }
  return 0;
}

/**
 * busybox grep: BRE by default, -E extended, -F fixed strings; -i -v -x -c -q -n -o -l -h -H.
 * Patterns are matched by the linear-time engine of regex.ts, never by RegExp.
 */
function grep(args: string[], io: BuiltinIo): number {
  const [flags, rest] = options(args, ['e']);
  const pattern = typeof flags.e === 'string' ? flags.e : rest.shift();
  if (pattern === undefined) {
    io.err('Usage: grep [-HhnlLoqvsrRiwFEx] PATTERN [FILE]...');
    return 2;
  }
  let re: PosixRegex;
  try {
    re = compilePosix(pattern, {
      dialect: flags.F ? 'fixed' : flags.E ? 'extended' : 'basic',
      ignoreCase: Boolean(flags.i),
      wholeLine: Boolean(flags.x),
    });
  } catch (e) {
    if (!(e instanceof PosixRegexError)) throw e;
    io.err(`grep: bad regex '${pattern}': ${e.message}`);
    return 2;
  }
  let found = 0;
  const named = flags.H ? true : flags.h ? false : rest.length > 1;
  for (const f of inputs('grep', rest, io)) {
    if (f.content === undefined) continue;
    const prefix = named ? `${f.name === '-' ? '(standard input)' : f.name}:` : '';
    const lines = chomp(f.content).split('\n');
    let count = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const only = flags.o && !flags.v ? re.matches(line) : undefined;
      if ((only ? only.length > 0 : re.test(line)) === Boolean(flags.v)) continue;
      count++;
      if (flags.q) return 0;
      if (flags.c || flags.l) continue;
      const at = `${prefix}${flags.n ? `${i + 1}:` : ''}`;
      if (only) for (const m of only) io.out(`${at}${m}`);
      else io.out(`${at}${line}`);
    }
    if (flags.c) io.out(`${prefix}${count}`);
    if (flags.l && count > 0) io.out(f.name === '-' ? '(standard input)' : f.name);
    found += count;
  }
  return found > 0 ? 0 : 1;
}

/**
 * bash's `[[ s =~ re ]]`: an ERE searched in s (linear-time engine); 0 on a match, with the match
 * in BASH_REMATCH, 1 when none, 2 for a pattern that does not compile.
 */
function regexMatch(s: string, pattern: string, io: BuiltinIo): number {
  let re: PosixRegex;
  try {
    re = compilePosix(pattern, { dialect: 'extended' });
  } catch (e) {
    if (!(e instanceof PosixRegexError)) throw e;
    return 2;
  }
  if (!re.test(s)) return 1;
  io.vars.BASH_REMATCH = re.matches(s)[0] ?? '';
  return 0;
}

function testExpr(args: string[], io: BuiltinIo): number {
  const t = (b: boolean) => (b ? 0 : 1);
  if (args[0] === '!') return 1 - testExpr(args.slice(1), io);
  if (args.length === 0) return 1;
  if (args.length === 1) return t(args[0] !== '');
  if (args.length === 2) {
    const [op, v] = args;
    const p = io.path(v);
    switch (op) {
      case '-e':
        return t(io.fs.isFile(p) || io.fs.isDir(p));
      case '-f':
        return t(io.fs.isFile(p));
      case '-d':
        return t(io.fs.isDir(p));
      case '-s':
        return t((io.fs.read(p) ?? '').length > 0);
      case '-r':
      case '-w':
        return t(io.fs.isFile(p) || io.fs.isDir(p));
      case '-x':
        return t(io.fs.isDir(p));
      case '-z':
        return t(v === '');
      case '-n':
        return t(v !== '');
    }
    io.err(`sh: test: ${op}: unknown operand`);
    return 2;
  }
  const [a, op, b] = args;
  switch (op) {
    case '=':
    case '==':
      return t(a === b);
    case '!=':
      return t(a !== b);
    case '-eq':
      return t(Number(a) === Number(b));
    case '-ne':
      return t(Number(a) !== Number(b));
    case '-lt':
      return t(Number(a) < Number(b));
    case '-le':
      return t(Number(a) <= Number(b));
    case '-gt':
      return t(Number(a) > Number(b));
    case '-ge':
      return t(Number(a) >= Number(b));
  }
  io.err(`sh: test: ${op}: unknown operand`);
  return 2;
}

/** A host name as the container's resolver sees it (/etc/hosts first, then the cluster DNS). */
async function resolve(name: string, io: BuiltinIo, useHosts = true): Promise<{ fqdn: string; ip: string } | undefined> {
  if (isIP(name)) return { fqdn: name, ip: name };
  if (useHosts && name === 'localhost') return { fqdn: 'localhost', ip: '127.0.0.1' };
  if (useHosts && name === io.env.hostname) return { fqdn: name, ip: io.env.localhost };
  return io.env.resolveHost?.(name.replace(/\.$/, ''));
}

/** curl/wget: one HTTP request; `localhost` is the pod itself, service names resolve through the cluster DNS. */
async function fetchUrl(tool: 'curl' | 'wget', args: string[], io: BuiltinIo): Promise<number> {
  const [flags, rest] = options(args, tool === 'curl' ? ['X', 'd', 'H', 'o', 'm', 'w', 'A'] : ['O', 'T', 'U']);
  const target = rest[0];
  if (!target) {
    io.err(tool === 'curl' ? "curl: try 'curl --help' for more information" : 'wget: missing URL');
    return tool === 'curl' ? 2 : 1;
  }
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(target) ? target : `http://${target}`);
  } catch {
    io.err(`${tool}: (3) URL rejected: Malformed input to a URL function`);
    return 3;
  }
  if (url.protocol !== 'http:') {
    io.err(`${tool}: (1) Protocol "${url.protocol.replace(':', '')}" not supported`);
    return 1;
  }
  const resolved =
    url.hostname === 'localhost' || url.hostname === '127.0.0.1'
      ? { fqdn: url.hostname, ip: io.env.localhost }
      : await resolve(url.hostname, io);
  if (!resolved) {
    io.err(tool === 'curl' ? `curl: (6) Could not resolve host: ${url.hostname}` : `wget: bad address '${url.hostname}'`);
    return tool === 'curl' ? 6 : 1;
  }
  const port = Number(url.port || 80);
  const headers: Record<string, string> = { 'User-Agent': tool === 'curl' ? 'curl/8.5.0' : 'Wget', Host: url.host, Accept: '*/*' };
  if (typeof flags.H === 'string') {
    const [k, ...v] = flags.H.split(':');
    headers[k.trim()] = v.join(':').trim();
  }
  const body = typeof flags.d === 'string' ? flags.d : undefined;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const method = typeof flags.X === 'string' ? flags.X : body !== undefined ? 'POST' : flags.I ? 'HEAD' : 'GET';
  const timeoutMs = typeof flags.m === 'string' ? Number(flags.m) * 1000 : typeof flags.T === 'string' ? Number(flags.T) * 1000 : 10_000;
  const result = await new Promise<{ res?: IncomingMessage; body?: string; error?: string }>((done) => {
    const req = request(
      { host: resolved.ip, port, method, path: url.pathname + url.search, headers, timeout: timeoutMs, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => done({ res, body: text }));
        res.on('error', (e) => done({ error: `(56) ${e.message}` }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      done({ error: `(28) Connection timed out after ${timeoutMs} milliseconds` });
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      done({
        error:
          e.code === 'ECONNREFUSED'
            ? `(7) Failed to connect to ${url.hostname} port ${port} after 0 ms: Couldn't connect to server`
            : `(7) ${e.message}`,
      }),
    );
    if (body !== undefined) req.write(body);
    req.end();
  });
  if (result.error) {
    io.err(tool === 'curl' ? `curl: ${result.error}` : `wget: can't connect to remote host (${resolved.ip}): Connection refused`);
    return tool === 'curl' ? Number(/^\((\d+)\)/.exec(result.error)?.[1] ?? 7) : 1;
  }
  const res = result.res!;
  const status = res.statusCode ?? 0;
  const content = result.body ?? '';
  if (tool === 'wget') {
    if (status >= 400) {
      io.err(`wget: server returned error: HTTP/1.1 ${status} ${res.statusMessage ?? ''}`);
      return 1;
    }
    const dest = typeof flags.O === 'string' ? flags.O : url.pathname.split('/').pop() || 'index.html';
    if (dest === '-') {
      if (content) io.out(chomp(content));
      return 0;
    }
    const problem = io.fs.write(io.path(dest), content);
    if (problem) {
      io.err(`wget: can't open '${dest}': ${problem}`);
      return 1;
    }
    if (!flags.q)
      io.err(
        `saving to '${dest}'\n${dest}              100% |********************************|  ${content.length}  0:00:00 ETA\n'${dest}' saved`,
      );
    return 0;
  }
  let shown = '';
  if (flags.i || flags.I) {
    shown += `HTTP/1.1 ${status} ${res.statusMessage ?? ''}\n`;
    for (let i = 0; i < res.rawHeaders.length; i += 2) shown += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\n`;
    shown += '\n';
  }
  if (!flags.I) shown += content;
  if (typeof flags.w === 'string') shown += flags.w.replace(/%\{http_code\}/g, String(status)).replace(/\\n/g, '\n');
  if (typeof flags.o === 'string') {
    const problem = io.fs.write(io.path(flags.o), content);
    if (problem) {
      io.err(`curl: (23) Failure writing output to destination`);
      return 23;
    }
    return 0;
  }
  if (shown) io.out(chomp(shown));
  if (flags.f && status >= 400) {
    io.err(`curl: (22) The requested URL returned error: ${status}`);
    return 22;
  }
  return 0;
}
