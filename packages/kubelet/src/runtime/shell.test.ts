import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kemu/api';
import { containerFiles, runScript, scriptOf, ShellSession, type ShellEnv } from './shell.js';
import { createTar, readTar } from './shell-tar.js';
import { ShellFs } from './shell-fs.js';

function env(clock = new FakeClock()): { env: ShellEnv; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    env: {
      hostname: 'pod-1',
      vars: { HOSTNAME: 'pod-1', GREETING: 'hi' },
      files: containerFiles('pod-1', '127.244.9.2', { '/app/a.txt': 'A\n' }),
      localhost: '127.244.9.2',
      print: (l, s) => (s === 'err' ? err : out).push(l),
      sleep: (ms, signal) => clock.sleep(ms, signal),
      now: () => clock.now(),
    },
  };
}

describe('the simulated shell', () => {
  it.each([
    ['echo $GREETING "world"; echo \'$GREETING\'', ['hi world', '$GREETING'], 0],
    ['false || echo fallback && echo chained', ['fallback', 'chained'], 0],
    ['true && exit 7; echo never', [], 7],
    ['for i in 1 2 3; do echo n$i; done', ['n1', 'n2', 'n3'], 0],
    ['cd /app && pwd && ls && cat a.txt', ['/app', 'a.txt', 'A'], 0],
    ['X=5; echo $X; nosuch; echo $?', ['5', '127'], 0],
    ['echo visible; echo hidden >/dev/null; echo err >&2', ['visible'], 0],
    ['cat /etc/hostname', ['pod-1'], 0],
  ])('%s', async (script, lines, code) => {
    const e = env();
    expect(await runScript(e.env, script, new AbortController().signal)).toBe(code);
    expect(e.out).toEqual(lines);
  });

  it('sleeps on the injected clock', async () => {
    const clock = new FakeClock();
    const e = env(clock);
    const done = runScript(e.env, 'echo a; sleep 5; echo b', new AbortController().signal);
    await new Promise((r) => setImmediate(r)); // the script reaches its sleep
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(4999);
    expect(e.out).toEqual(['a']);
    await clock.advance(1);
    expect(await done).toBe(0);
    expect(e.out).toEqual(['a', 'b']);
  });

  it('turns container argv into a script', () => {
    expect(scriptOf([])).toBeUndefined();
    expect(scriptOf(['sh'])).toBeUndefined();
    expect(scriptOf(['/bin/sh', '-c', 'echo hi'])).toBe('echo hi');
    expect(scriptOf(['sleep', '3600'])).toBe("'sleep' '3600'");
  });
});

describe('the simulated shell, exec builtins', () => {
  const run = async (script: string, extra: Partial<ShellEnv> = {}, stdin?: string) => {
    const e = env();
    Object.assign(e.env, extra);
    let code: number;
    try {
      code = await new ShellSession(e.env).run(script, new AbortController().signal, stdin === undefined ? undefined : Buffer.from(stdin));
    } catch (err) {
      code = (err as { code: number }).code;
    }
    return { code, out: e.out, err: e.err, env: e.env };
  };

  it.each([
    ['echo a b c | wc -w', ['3']],
    ['printf "x\\ny\\nz\\n" | grep -v y | head -n 1', ['x']],
    ['seq 1 5 | tail -2 | sort -r', ['5', '4']],
    ["sh -c 'echo nested; exit 4' || echo failed $?", ['nested', 'failed 4']],
    ['echo hi > /tmp/f && echo there >> /tmp/f && cat /tmp/f && wc -l < /tmp/f', ['hi', 'there', '2']],
    ['mkdir -p /work/a && touch /work/a/x && ls /work /work/a && test -d /work/a && echo dir', ['/work:', 'a', '/work/a:', 'x', 'dir']],
    ['[ "$GREETING" = hi ] && echo same', ['same']],
    ['echo one two | tee /tmp/t >/dev/null; cat /tmp/t', ['one two']],
  ])('%s', async (script, lines) => {
    const r = await run(script);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual(lines);
  });

  it('reads stdin given to the script', async () => {
    expect((await run('cat', {}, 'piped\n')).out).toEqual(['piped']);
    expect((await run('grep -c b', {}, 'a\nb\nbb\n')).out).toEqual(['2']);
  });

  it('mounts volumes: read-only configMaps, writable emptyDirs', async () => {
    const data: Record<string, string> = {};
    const mounts = [
      { path: '/etc/config', files: { key: 'value\n' }, readOnly: true },
      { path: '/data', files: data, readOnly: false },
    ];
    const r = await run('ls /etc/config; cat /etc/config/key; echo x > /etc/config/key; echo saved > /data/f; ls /data', { mounts });
    expect(r.out).toEqual(['key', 'value', 'f']);
    expect(r.err).toEqual(["sh: can't create /etc/config/key: Read-only file system"]);
    expect(data).toEqual({ f: 'saved\n' });
  });

  it('resolves service names for nslookup and curl', async () => {
    const resolveHost = async (n: string) =>
      n === 'web' || n === 'web.default.svc.cluster.local' ? { fqdn: 'web.default.svc.cluster.local', ip: '127.96.0.44' } : undefined;
    const ok = await run('nslookup web', { resolveHost });
    expect(ok.out.join('\n')).toContain('Name:\tweb.default.svc.cluster.local\nAddress: 127.96.0.44');
    const bad = await run('nslookup nope', { resolveHost });
    expect(bad.code).toBe(1);
    expect(bad.out.join('\n')).toContain("** server can't find nope: NXDOMAIN");
    const curl = await run('curl -s http://nope/', { resolveHost });
    expect(curl.code).toBe(6);
    expect(curl.err).toEqual(['curl: (6) Could not resolve host: nope']);
  });

  it('lists and signals processes', async () => {
    const killed: [number, string][] = [];
    const extra: Partial<ShellEnv> = {
      processes: () => [
        { pid: 1, command: 'node server.js' },
        { pid: 7, command: 'ps' },
      ],
      kill: (pid, sig) => {
        if (pid !== 1) return false;
        killed.push([pid, sig]);
        return true;
      },
    };
    expect((await run('ps', extra)).out).toEqual([
      'PID   USER     TIME  COMMAND',
      '    1 root      0:00 node server.js',
      '    7 root      0:00 ps',
    ]);
    expect((await run('kill -9 1', extra)).code).toBe(0);
    const r = await run('kill 42', extra);
    expect(r.code).toBe(1);
    expect(r.err).toEqual(["sh: kill: can't kill pid 42: No such process"]);
    expect(killed).toEqual([[1, 'KILL']]);
  });

  it('round-trips files through tar', async () => {
    const src = env();
    src.env.files['/src/a.txt'] = 'A\n';
    src.env.files['/src/sub/b.txt'] = 'B'.repeat(700);
    const chunks: Buffer[] = [];
    src.env.write = (b) => chunks.push(b);
    expect(await new ShellSession(src.env).run('tar cf - /src', new AbortController().signal)).toBe(0);
    const archive = Buffer.concat(chunks);
    expect(archive.length % 512).toBe(0);
    expect((await readTar(archive)).map((e) => e.name)).toEqual(['src', 'src/sub', 'src/a.txt', 'src/sub/b.txt']);
    const dst = env();
    expect(
      await new ShellSession(dst.env).run('mkdir /dst && tar --no-same-owner -xmf - -C /dst', new AbortController().signal, archive),
    ).toBe(0);
    expect(dst.env.files['/dst/src/a.txt']).toBe('A\n');
    expect(dst.env.files['/dst/src/sub/b.txt']).toBe('B'.repeat(700));
    const fs = new ShellFs({ '/x': 'y' });
    expect((await createTar({ fs, env: dst.env, path: (p: string) => p } as never, ['/x'], '/')).archive.length).toBe(512 * 4);
  });

  it('keeps names longer than a ustar header holds', async () => {
    const src = env();
    const long = `/src/${'d'.repeat(120)}/${'f'.repeat(110)}.txt`;
    src.env.files[long] = 'L';
    const chunks: Buffer[] = [];
    src.env.write = (b) => chunks.push(b);
    expect(await new ShellSession(src.env).run('tar cf - /src', new AbortController().signal)).toBe(0);
    expect((await readTar(Buffer.concat(chunks))).map((e) => e.name)).toEqual(['src', `src/${'d'.repeat(120)}`, long.slice(1)]);
  });

  it('refuses an archive that is not a tar', async () => {
    const dst = env();
    expect(await new ShellSession(dst.env).run('tar -xf - -C /', new AbortController().signal, Buffer.from('garbage'.repeat(100)))).toBe(1);
    expect(dst.err).toEqual([expect.stringMatching(/^tar: invalid tar magic/)]);
  });
});
