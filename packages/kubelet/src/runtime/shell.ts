/**
 * A tiny `sh -c` for busybox-style images: enough of a shell for the scripts pod manifests use
 * (`echo hi; sleep 3600`, `while true; do date; sleep 5; done`, `exit 3`). Builtins: echo,
 * printf (no formats), sleep, exit, true, false, :, env, printenv, hostname, date, export,
 * trap (ignored), `VAR=value`; compound: `while COND; do …; done`, `for x in …; do …; done`,
 * `&&`, `||`, `;`. Anything else prints `sh: X: not found` and returns 127.
 */
import type { AppContext } from './apps.js';

type Token = { op: string } | { word: string };
type Node =
  | { kind: 'cmd'; words: string[] }
  | { kind: 'while'; cond: List; body: List }
  | { kind: 'for'; name: string; items: string[]; body: List };
type List = { node: Node; next?: '&&' | '||' | ';' }[];

class Exit { constructor(readonly code: number) {} }

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** Runs the container's command/args; resolves the exit code. */
export async function runShell(ctx: AppContext, signal: AbortSignal): Promise<number> {
  const argv = ctx.command.length ? [...ctx.command, ...ctx.args] : [...ctx.args];
  let script: string;
  if (argv.length === 0) return 0;                 // `sh` with no tty and no stdin exits at once
  const base = argv[0].split('/').pop()!;
  if (SHELLS.has(base)) {
    const c = argv.indexOf('-c');
    if (c < 0 || c + 1 >= argv.length) return 0;
    script = argv[c + 1];
  } else {
    script = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  }
  const vars: Record<string, string> = { HOSTNAME: ctx.hostname, ...ctx.env };
  const sh = new Interpreter(ctx, signal, vars);
  try {
    return await sh.list(parse(tokenize(script)));
  } catch (e) {
    if (e instanceof Exit) return e.code;
    ctx.log(`sh: ${(e as Error).message}`);
    return 2;
  }
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
  private status = 0;
  constructor(private readonly ctx: AppContext, private readonly signal: AbortSignal, private readonly vars: Record<string, string>) {}

  async list(items: List): Promise<number> {
    let skip = false;
    for (const { node, next } of items) {
      if (this.signal.aborted) throw new Exit(143);
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

  private async simple(argv: string[]): Promise<number> {
    const assign = /^(\w+)=(.*)$/s.exec(argv[0]);
    if (assign && argv.length === 1) { this.vars[assign[1]] = assign[2]; return 0; }
    const [cmd, ...args] = argv;
    const log = (s: string) => this.ctx.log(s);
    switch (cmd.split('/').pop()) {
      case 'echo': {
        const n = args[0] === '-n';
        log((n ? args.slice(1) : args).join(' '));
        return 0;
      }
      case 'printf': log(args.join(' ').replace(/\\n$/, '').replace(/\\n/g, '\n')); return 0;
      case 'sleep': {
        const s = args[0] === 'infinity' ? Infinity : Number(args[0]);
        if (!Number.isFinite(s) && s !== Infinity) { log(`sleep: invalid number '${args[0] ?? ''}'`); return 1; }
        if (s === Infinity) await new Promise<void>((resolve) => this.signal.addEventListener('abort', () => resolve(), { once: true }));
        else await this.ctx.sleep(s * 1000, this.signal);
        if (this.signal.aborted) throw new Exit(143);
        return 0;
      }
      case 'exit': throw new Exit(args[0] !== undefined ? Number(args[0]) & 255 : this.status);
      case 'true': case ':': case 'trap': return 0;
      case 'false': return 1;
      case 'export': for (const a of args) { const m = /^(\w+)=(.*)$/s.exec(a); if (m) this.vars[m[1]] = m[2]; } return 0;
      case 'env': case 'printenv': {
        if (args[0]) { const v = this.vars[args[0]]; if (v === undefined) return 1; log(v); return 0; }
        log(Object.entries(this.vars).map(([k, v]) => `${k}=${v}`).join('\n'));
        return 0;
      }
      case 'hostname': log(this.ctx.hostname); return 0;
      case 'date': log(new Date(this.ctx.now()).toUTCString()); return 0;
      default: log(`sh: ${cmd}: not found`); return 127;
    }
  }
}
