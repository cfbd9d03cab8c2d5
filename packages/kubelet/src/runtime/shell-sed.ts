/**
 * busybox-like `sed [-n] [-E|-r] [-i] [-e SCRIPT]... [SCRIPT] [FILE]...`: the commands learners use
 * (`s/RE/REPL/[g][p][I][N]`, `p`, `d`, `q`, `=`), each after an optional address or range (a line
 * number, `$`, `/RE/[I]`, `A,B`, `!`), separated by `;` or newlines. Patterns are POSIX BRE (ERE with
 * -E) on the linear-time engine of regex.ts.
 */
import { compilePosix, PosixRegexError, type PosixDialect, type PosixRegex } from './regex.js';

interface Address {
  line?: number;
  last?: boolean;
  re?: PosixRegex;
}

interface Command {
  from?: Address;
  to?: Address;
  negate: boolean;
  name: 's' | 'p' | 'd' | 'q' | '=';
  s?: { re: PosixRegex; expand: (groups: string[]) => string; which: number | 'all'; print: boolean };
  /** The range is open (its first address matched, its last not yet). */
  active: boolean;
}

class SedError extends Error {}

export interface SedIo {
  /** The named files' contents (undefined = unreadable: an error was printed), or stdin when none are named. */
  inputs(files: string[]): { name: string; content?: string }[];
  out(s: string): void;
  err(s: string): void;
  /** Writes a file back (sed -i); an error message when it cannot. */
  write(name: string, content: string): string | undefined;
}

export function sed(args: string[], io: SedIo): number {
  const scripts: string[] = [];
  const operands: string[] = [];
  let quiet = false;
  let inPlace = false;
  let dialect: PosixDialect = 'basic';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a === '-e' || a === '--expression') scripts.push(args[++i] ?? '');
    else if (a.startsWith('--expression=')) scripts.push(a.slice('--expression='.length));
    else if (a === '--quiet' || a === '--silent') quiet = true;
    else if (a === '--in-place') inPlace = true;
    else if (a === '--regexp-extended') dialect = 'extended';
    else if (/^-[nEris]+$/.test(a)) {
      if (a.includes('n')) quiet = true;
      if (a.includes('i')) inPlace = true;
      if (a.includes('E') || a.includes('r')) dialect = 'extended';
    } else operands.push(a);
  }
  if (scripts.length === 0) {
    const script = operands.shift();
    if (script === undefined) {
      io.err('Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...');
      return 1;
    }
    scripts.push(script);
  }
  let commands: Command[];
  try {
    commands = parse(scripts.join('\n'), dialect);
  } catch (e) {
    if (!(e instanceof SedError || e instanceof PosixRegexError)) throw e;
    io.err(e instanceof PosixRegexError ? `sed: bad regex: ${e.message}` : `sed: ${e.message}`);
    return 1;
  }
  if (inPlace && operands.length === 0) {
    io.err('sed: no input files');
    return 1;
  }
  const files = io.inputs(operands);
  let status = 0;
  const run = (lines: string[], first: number, isLastInput: boolean, emit: (s: string) => void): boolean => {
    for (let i = 0; i < lines.length; i++) {
      const n = first + i;
      const last = isLastInput && i === lines.length - 1;
      let space = lines[i];
      let deleted = false;
      let quit = false;
      for (const c of commands) {
        if (!selected(c, space, n, last)) continue;
        if (c.name === 's') {
          const r = c.s!.re.replace(space, c.s!.expand, c.s!.which);
          if (r !== undefined) {
            space = r;
            if (c.s!.print) emit(space);
          }
        } else if (c.name === 'p') emit(space);
        else if (c.name === '=') emit(String(n));
        else if (c.name === 'd') {
          deleted = true;
          break;
        } else {
          quit = true;
          break;
        }
      }
      if (!deleted && !quiet) emit(space);
      if (quit) return true;
    }
    return false;
  };
  const linesOf = (content: string) => (content === '' ? [] : (content.endsWith('\n') ? content.slice(0, -1) : content).split('\n'));
  if (inPlace) {
    for (const f of files) {
      if (f.content === undefined) {
        status = 1;
        continue;
      }
      for (const c of commands) c.active = false;
      const out: string[] = [];
      const lines = linesOf(f.content);
      run(lines, 1, true, (s) => out.push(s));
      const err = io.write(f.name, out.length ? `${out.join('\n')}\n` : '');
      if (err) {
        io.err(`sed: ${f.name}: ${err}`);
        status = 4;
      }
    }
    return status;
  }
  // Without -i, the files are one stream: line numbers go on and `$` is the last line of the last file.
  let n = 1;
  const readable = files.filter((f) => f.content !== undefined);
  if (readable.length < files.length) status = 2;
  for (const [k, f] of readable.entries()) {
    const lines = linesOf(f.content!);
    if (run(lines, n, k === readable.length - 1, io.out)) break;
    n += lines.length;
  }
  return status;
}

function selected(c: Command, space: string, n: number, last: boolean): boolean {
  const hit = (a: Address) => (a.last ? last : a.line !== undefined ? n === a.line : a.re!.test(space));
  let on: boolean;
  if (!c.from) on = true;
  else if (!c.to) on = hit(c.from);
  else if (c.active) {
    on = true;
    if (c.to.line !== undefined ? n >= c.to.line : hit(c.to)) c.active = false;
  } else {
    on = hit(c.from);
    // A range whose end is a line number at or before its start covers one line, as in sed.
    if (on) c.active = c.to.line !== undefined ? n < c.to.line : !(c.to.last && last);
  }
  return on !== c.negate;
}

/** Parses a sed script into its commands. */
function parse(script: string, dialect: PosixDialect): Command[] {
  const commands: Command[] = [];
  let i = 0;
  const skip = (chars: string) => {
    while (i < script.length && chars.includes(script[i])) i++;
  };
  /** Text up to the next unescaped delim; `\delim` stands for delim. */
  const delimited = (delim: string, what: string): string => {
    let s = '';
    for (; i < script.length; i++) {
      const ch = script[i];
      if (ch === delim) {
        i++;
        return s;
      }
      if (ch === '\\' && i + 1 < script.length) {
        const next = script[++i];
        s += next === delim ? delim : next === 'n' && what !== 'regex' ? '\n' : `\\${next}`;
      } else s += ch;
    }
    throw new SedError(`unterminated ${what}`);
  };
  const regex = (delim: string): PosixRegex => {
    const source = delimited(delim, 'regex');
    if (source === '') throw new SedError('no previous regexp');
    const ignoreCase = script[i] === 'I';
    if (ignoreCase) i++;
    return compilePosix(source, { dialect, ignoreCase });
  };
  const address = (): Address | undefined => {
    const digits = /^\d+/.exec(script.slice(i));
    if (digits) {
      i += digits[0].length;
      return { line: Number(digits[0]) };
    }
    if (script[i] === '$') {
      i++;
      return { last: true };
    }
    if (script[i] === '/' || script[i] === '\\') {
      const delim = script[i] === '\\' ? script[i + 1] : '/';
      i += script[i] === '\\' ? 2 : 1;
      return { re: regex(delim) };
    }
    return undefined;
  };
  while (true) {
    skip(' \t\n;');
    if (i >= script.length) return commands;
    const from = address();
    let to: Address | undefined;
    if (from && script[i] === ',') {
      i++;
      to = address();
      if (!to) throw new SedError('unexpected ,');
    }
    skip(' \t');
    const negate = script[i] === '!';
    if (negate) {
      i++;
      skip(' \t');
    }
    const name = script[i++];
    const c: Command = { from, to, negate, name: name as Command['name'], active: false };
    if (name === 's') {
      const delim = script[i++];
      if (delim === undefined || delim === '\\' || delim === '\n') throw new SedError('unterminated `s` command');
      const source = delimited(delim, 'regex');
      const replacement = delimited(delim, 'replacement');
      const flags = /^[gpiI0-9]*/.exec(script.slice(i))![0];
      i += flags.length;
      if (source === '') throw new SedError('no previous regexp');
      const nth = /\d+/.exec(flags);
      c.s = {
        re: compilePosix(source, { dialect, ignoreCase: /[iI]/.test(flags) }),
        expand: expander(replacement),
        which: flags.includes('g') ? 'all' : nth ? Math.max(1, Number(nth[0])) : 1,
        print: flags.includes('p'),
      };
    } else if (!['p', 'd', 'q', '='].includes(name)) throw new SedError(`unsupported command ${name ?? ''}`);
    skip(' \t');
    if (i < script.length && script[i] !== ';' && script[i] !== '\n')
      throw new SedError(`extra characters after command: ${script.slice(i)}`);
    commands.push(c);
  }
}

/** sed's replacement text: `&` the match, `\1`…`\9` its groups, `\n` a newline, `\&` and `\\` themselves. */
function expander(replacement: string): (groups: string[]) => string {
  const parts: (string | number)[] = [];
  let lit = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch === '&') {
      parts.push(lit, 0);
      lit = '';
    } else if (ch === '\\' && i + 1 < replacement.length) {
      const next = replacement[++i];
      if (next >= '0' && next <= '9') {
        parts.push(lit, Number(next));
        lit = '';
      } else lit += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else lit += ch;
  }
  parts.push(lit);
  return (groups) => parts.map((p) => (typeof p === 'number' ? (groups[p] ?? '') : p)).join('');
}
