/** grep and `[[ =~ ]]` in the simulated shell: busybox's dialects and flags, on the linear-time engine. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kemu/api';
import { containerFiles, ShellSession, type ShellEnv } from './shell.js';

async function run(script: string, stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const clock = new FakeClock();
  const env: ShellEnv = {
    hostname: 'pod-1',
    vars: {},
    files: containerFiles('pod-1', '127.244.9.2', { '/d/a.txt': 'apple\nBanana\ncherry\n', '/d/b.txt': 'banana split\n' }),
    localhost: '127.244.9.2',
    print: (l, s) => (s === 'err' ? err : out).push(l),
    sleep: (ms, signal) => clock.sleep(ms, signal),
    now: () => clock.now(),
  };
  const code = await new ShellSession(env).run(script, new AbortController().signal, stdin === undefined ? undefined : Buffer.from(stdin));
  return { code, out, err };
}

describe('grep in the shell', () => {
  it.each<[string, string | undefined, string[], number]>([
    ["grep 'an' /d/a.txt", undefined, ['Banana'], 0],
    ["grep -i '^b' /d/a.txt /d/b.txt", undefined, ['/d/a.txt:Banana', '/d/b.txt:banana split'], 0],
    ["grep -h -i '^b' /d/a.txt /d/b.txt", undefined, ['Banana', 'banana split'], 0],
    ["grep -c -v 'e' /d/a.txt", undefined, ['1'], 0],
    ["grep -n 'rr' /d/a.txt", undefined, ['3:cherry'], 0],
    ["grep -l 'an' /d/a.txt /d/b.txt", undefined, ['/d/a.txt', '/d/b.txt'], 0],
    ["grep -q 'zz' /d/a.txt", undefined, [], 1],
    ["grep -x 'apple' /d/a.txt", undefined, ['apple'], 0],
    // BRE by default: | ( ) + are characters; \| \( \) \+ are operators.
    ["grep 'apple|cherry' /d/a.txt", undefined, [], 1],
    ["grep 'apple\\|cherry' /d/a.txt", undefined, ['apple', 'cherry'], 0],
    ["grep -E 'apple|cherry' /d/a.txt", undefined, ['apple', 'cherry'], 0],
    ["egrep '(an)+a$' /d/a.txt", undefined, ['Banana'], 0],
    ["grep 'a(b)' -", 'a(b)\nab\n', ['a(b)'], 0],
    ["grep -F 'a.c' -", 'abc\na.c\n', ['a.c'], 0],
    ["grep -o -E '[0-9]+' -", 'a1b22\nnone\n333\n', ['1', '22', '333'], 0],
    ["grep -on 'b*' -", 'abbc\nx\n', ['1:bb'], 0],
  ])('%s', async (script, stdin, lines, code) => {
    const r = await run(script, stdin);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual(lines);
    expect(r.code).toBe(code);
  });

  it('refuses a pattern it cannot match in linear time, with busybox words', async () => {
    const r = await run("grep '\\(a\\)\\1' /d/a.txt");
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["grep: bad regex '\\(a\\)\\1': backreferences are not supported: `\\1`"]);
    expect((await run("grep -E '(' /d/a.txt")).err).toEqual(["grep: bad regex '(': unmatched ( or \\("]);
  });

  it('answers at once where backtracking would freeze the kubelet', async () => {
    // With RegExp, 33 characters froze a kubelet for 26 s; 64 would never end.
    const line = `${'a'.repeat(33)}!`;
    expect((await run(`grep -E '^(a+)+$'`, `${line}\n${'a'.repeat(64)}!\n`)).code).toBe(1);
    expect((await run(`grep -c '^\\(a\\+\\)\\+$'`, `${line}\n${'a'.repeat(33)}\n`)).out).toEqual(['1']);
  });
});

describe('[[ =~ ]] in the shell', () => {
  it.each<[string, string[], number]>([
    ['X=v1.32.0; [[ $X =~ ^v([0-9]+)\\.([0-9]+) ]] && echo $BASH_REMATCH', ['v1.32'], 0],
    ['[[ abc =~ ^b ]] || echo no', ['no'], 0],
    ['[[ ! abc =~ ^b ]] && echo not', ['not'], 0],
    ['[[ abc == abc ]] && echo same', ['same'], 0],
    ["re='('; [[ a =~ $re ]]; echo $?", ['2'], 0],
  ])('%s', async (script, lines, code) => {
    const r = await run(script);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual(lines);
    expect(r.code).toBe(code);
  });

  it('answers at once where backtracking would freeze the kubelet', async () => {
    const r = await run(`S=${'a'.repeat(64)}!; [[ $S =~ ^(a+)+$ ]] || echo no`);
    expect(r.out).toEqual(['no']);
  });
});
