/**
 * The container shell's regular expressions: POSIX basic (BRE, grep's default) and extended
 * (ERE, `grep -E`) patterns with the GNU extensions busybox accepts, translated to RE2 syntax and
 * matched by re2js in time linear in the line, so that a pattern like `^(a+)+$` cannot freeze the
 * kubelet. Matching is leftmost-longest, as POSIX's. Backreferences (`\1`) have no linear-time
 * match and are refused with an error, like any pattern that does not compile.
 */
import { RE2JS } from 're2js';

export type PosixDialect = 'basic' | 'extended' | 'fixed';

export interface PosixRegexOptions {
  dialect: PosixDialect;
  /** grep -i. */
  ignoreCase?: boolean;
  /** grep -x: the pattern must match the whole line. */
  wholeLine?: boolean;
}

/** A pattern that does not compile; the message is the reason, as `grep: bad regex 'p': <message>` prints it. */
export class PosixRegexError extends Error {}

export interface PosixRegex {
  /** Whether the line has a match. */
  test(line: string): boolean;
  /** The non-empty matches in the line, left to right (grep -o). */
  matches(line: string): string[];
  /**
   * The line with every match (or only the nth, counting from 1) replaced by what `expand` makes
   * of the match and its groups (unmatched ones ''), as sed's `s` does; undefined when none was replaced.
   */
  replace(line: string, expand: (groups: string[]) => string, which: number | 'all'): string | undefined;
}

/** Compiles a POSIX pattern; a pattern of several lines is one alternative per line, as grep takes it. */
export function compilePosix(pattern: string, opts: PosixRegexOptions): PosixRegex {
  const alternatives = pattern.split('\n').map((p) => (opts.dialect === 'fixed' ? RE2JS.quote(p) : posixToRe2(p, opts.dialect)));
  let source = alternatives.length === 1 ? alternatives[0] : alternatives.map((a) => `(?:${a})`).join('|');
  if (opts.wholeLine) source = `^(?:${source})$`;
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, RE2JS.LONGEST_MATCH | (opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0));
  } catch (e) {
    throw new PosixRegexError((e instanceof Error ? e.message : String(e)).replace(/^error parsing regexp: /, ''));
  }
  return {
    test: (line) => re.test(line),
    matches: (line) => {
      const out: string[] = [];
      for (const m of re.matchAll(line)) if (m[0]) out.push(m[0]);
      return out;
    },
    replace: (line, expand, which) => {
      let out = '';
      let last = 0;
      let n = 0;
      for (const m of re.matchAll(line)) {
        n++;
        if (which !== 'all' && n !== which) continue;
        out += line.slice(last, m.index) + expand([...m].map((g) => g ?? ''));
        last = m.index! + m[0].length;
        if (which !== 'all') break;
      }
      return n > 0 && (which === 'all' || n === which) ? out + line.slice(last) : undefined;
    },
  };
}

/** Characters RE2 gives a meaning to outside brackets. */
const RE2_SPECIAL = new Set('\\.+*?()|[]{}^$');
const literal = (c: string) => (RE2_SPECIAL.has(c) ? `\\${c}` : c);
/** GNU escapes RE2 spells the same way (word and space classes, word boundaries). */
const SHARED_ESCAPES = new Set('wWsSbB');
const INTERVAL = /^(\d*)(?:(,)(\d*))?$/;

/**
 * Translates one POSIX BRE or ERE into RE2 syntax. Operators are those of the dialect (in a BRE,
 * `\(`, `\)`, `\{`, `\}`, `\|`, `\+`, `\?`; in an ERE, the bare characters), everything else is
 * quoted; `*` with nothing before it, `^` not at the start of a BRE expression and `$` not at its
 * end are literals; `\<`/`\>` become `\b`; `a**` is `(?:a*)*`.
 */
export function posixToRe2(pattern: string, dialect: 'basic' | 'extended'): string {
  const bre = dialect === 'basic';
  const out: string[] = [];
  /** Index in out of the last atom a repetition applies to; -1 at the start of an expression. */
  let atom = -1;
  let repeated = false;
  const groups: number[] = [];
  const startAtom = (piece: string) => {
    atom = out.length;
    repeated = false;
    out.push(piece);
  };
  const repeat = (op: string) => {
    if (repeated) out.splice(atom, out.length - atom, `(?:${out.slice(atom).join('')})`);
    out.push(op);
    repeated = true;
  };
  const startExpression = () => {
    atom = -1;
    repeated = false;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    // The operator this character stands for in the dialect, or undefined for a literal.
    let op: string | undefined;
    if (c === '\\') {
      const n = pattern[++i];
      if (n === undefined) throw new PosixRegexError('trailing backslash (\\)');
      if (bre && '(){}|+?'.includes(n)) op = n;
      else if (n >= '1' && n <= '9') throw new PosixRegexError(`backreferences are not supported: \`\\${n}\``);
      else if (n === '<' || n === '>') {
        out.push('\\b');
        startExpression();
        continue;
      } else if (SHARED_ESCAPES.has(n)) {
        startAtom(`\\${n}`);
        continue;
      } else {
        startAtom(literal(n));
        continue;
      }
    } else if (c === '[') {
      const [cls, end] = bracket(pattern, i);
      startAtom(cls);
      i = end;
      continue;
    } else if (c === '*' || c === '.' || c === '^' || c === '$') op = c;
    else if (!bre && '(){}|+?'.includes(c)) op = c;
    switch (op) {
      case undefined:
        startAtom(literal(c));
        break;
      case '.':
        startAtom('.');
        break;
      case '^':
        if (!bre || atom === -1) {
          out.push('^');
          startExpression();
        } else startAtom('\\^');
        break;
      case '$': {
        const rest = pattern.slice(i + 1);
        if (!bre || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) {
          out.push('$');
          startExpression();
        } else startAtom('\\$');
        break;
      }
      case '*':
      case '+':
      case '?':
        if (atom === -1) startAtom(literal(op));
        else repeat(op);
        break;
      case '{': {
        const close = pattern.indexOf(bre ? '\\}' : '}', i + 1);
        const m = close < 0 ? null : INTERVAL.exec(pattern.slice(i + 1, close));
        if (!m || (m[1] === '' && (m[2] === undefined || m[3] === ''))) {
          if (bre) throw new PosixRegexError('invalid interval: `\\{`');
          startAtom('\\{'); // GNU ERE: a brace that starts no interval is a literal
          break;
        }
        const interval = `{${m[1] || '0'}${m[2] ?? ''}${m[3] ?? ''}}`;
        if (atom === -1) {
          if (bre) throw new PosixRegexError(`nothing to repeat: \`${interval}\``);
          startAtom(literal('{'));
          break;
        }
        repeat(interval);
        i = close + (bre ? 1 : 0);
        break;
      }
      case '}':
        startAtom('\\}');
        break;
      case '(':
        groups.push(out.length);
        out.push('(');
        startExpression();
        break;
      case ')':
        if (groups.length === 0) {
          if (bre) throw new PosixRegexError('unmatched ) or \\)');
          startAtom('\\)'); // POSIX ERE: a lone ) is a literal
          break;
        }
        out.push(')');
        atom = groups.pop()!;
        repeated = false;
        break;
      case '|':
        out.push('|');
        startExpression();
        break;
    }
  }
  if (groups.length > 0) throw new PosixRegexError('unmatched ( or \\(');
  return out.join('');
}

/** A POSIX bracket expression starting at pattern[start] ('['): its RE2 class and the index of its closing ']'. */
function bracket(pattern: string, start: number): [string, number] {
  let i = start + 1;
  let cls = '[';
  if (pattern[i] === '^') {
    cls += '^';
    i++;
  }
  if (pattern[i] === ']') {
    cls += '\\]';
    i++;
  }
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === ']') return [`${cls}]`, i];
    if (c === '[' && (pattern[i + 1] === ':' || pattern[i + 1] === '=' || pattern[i + 1] === '.')) {
      const kind = pattern[i + 1];
      const end = pattern.indexOf(`${kind}]`, i + 2);
      if (end < 0) break;
      const name = pattern.slice(i + 2, end);
      // Character classes RE2 knows by name; an equivalence class or collating symbol is its character.
      cls += kind === ':' ? `[:${name}:]` : [...name].map((x) => (x === '\\' || x === ']' || x === '[' ? `\\${x}` : x)).join('');
      i = end + 1;
      continue;
    }
    cls += c === '\\' || c === '[' ? `\\${c}` : c;
  }
  throw new PosixRegexError('unmatched [, [^, [:, [., or [=');
}
