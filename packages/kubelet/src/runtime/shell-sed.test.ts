/** sed in the simulated shell: the common commands, POSIX dialects, on the linear-time engine. */
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
    files: containerFiles('pod-1', '127.244.9.2', { '/d/a.txt': 'one\ntwo\nthree\n', '/d/b.txt': 'four\n' }),
    localhost: '127.244.9.2',
    print: (l, s) => (s === 'err' ? err : out).push(l),
    sleep: (ms, signal) => clock.sleep(ms, signal),
    now: () => clock.now(),
  };
  const code = await new ShellSession(env).run(script, new AbortController().signal, stdin === undefined ? undefined : Buffer.from(stdin));
  return { code, out, err, files: env.files };
}

describe('sed in the shell', () => {
  it.each<[string, string | undefined, string[]]>([
    ["sed 's/o/0/' /d/a.txt", undefined, ['0ne', 'tw0', 'three']],
    ["sed 's/e/E/g' /d/a.txt", undefined, ['onE', 'two', 'thrEE']],
    ["sed 's/e/E/2' /d/a.txt", undefined, ['one', 'two', 'threE']],
    ["sed -n '2p' /d/a.txt", undefined, ['two']],
    ["sed '2d' /d/a.txt", undefined, ['one', 'three']],
    ["sed -n '$p' /d/a.txt /d/b.txt", undefined, ['four']],
    ["sed -n '/^t/p' /d/a.txt", undefined, ['two', 'three']],
    ["sed '/two/,$d' /d/a.txt", undefined, ['one']],
    ["sed -n '/one/,/two/!p' /d/a.txt", undefined, ['three']],
    ["sed '2q' /d/a.txt", undefined, ['one', 'two']],
    ["sed -n '$=' /d/a.txt", undefined, ['3']],
    ["sed -e 's/one/1/' -e 's/two/2/' /d/a.txt", undefined, ['1', '2', 'three']],
    ["sed 's/one/1/; s/three/3/' /d/a.txt", undefined, ['1', 'two', '3']],
    ["sed -n 's/TWO/2/Ip' /d/a.txt", undefined, ['2']],
    // BRE by default, ERE with -E; & and \1 in the replacement.
    ["sed 's/\\(.*\\)=\\(.*\\)/\\2=\\1/'", 'a=b\n', ['b=a']],
    ["sed -E 's/(.*)=(.*)/\\2=\\1/'", 'a=b\n', ['b=a']],
    ["sed 's/(x)/[&]/'", 'f(x)\n', ['f[(x)]']],
    ["sed 's|/usr|/opt|g'", '/usr/bin:/usr/lib\n', ['/opt/bin:/opt/lib']],
    ["sed 's/x*/-/g'", 'abc\n', ['-a-b-c-']],
  ])('%s', async (script, stdin, lines) => {
    const r = await run(script, stdin);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual(lines);
    expect(r.code).toBe(0);
  });

  it('edits a file in place', async () => {
    const r = await run("sed -i 's/two/2/' /d/a.txt && cat /d/a.txt");
    expect(r.out).toEqual(['one', '2', 'three']);
    expect(r.files['/d/a.txt']).toBe('one\n2\nthree\n');
  });

  it('refuses what it cannot run', async () => {
    expect((await run("sed 's/\\(a\\)\\1/x/' /d/a.txt")).err).toEqual(['sed: bad regex: backreferences are not supported: `\\1`']);
    expect((await run("sed 'y/a/b/' /d/a.txt")).err).toEqual(['sed: unsupported command y']);
    expect((await run("sed 's/a/b' /d/a.txt")).code).toBe(1);
  });

  it('answers at once where backtracking would freeze the kubelet', async () => {
    const r = await run("sed -E 's/^(a+)+$/match/'", `${'a'.repeat(64)}!\n${'a'.repeat(64)}\n`);
    expect(r.out).toEqual([`${'a'.repeat(64)}!`, 'match']);
  });
});
