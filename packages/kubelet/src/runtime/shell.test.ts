import { describe, expect, it } from 'vitest';
import { FakeClock } from '@kemu/api';
import { containerFiles, runScript, scriptOf, type ShellEnv } from './shell.js';

function env(clock = new FakeClock()): { env: ShellEnv; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    env: {
      hostname: 'pod-1', vars: { HOSTNAME: 'pod-1', GREETING: 'hi' }, files: containerFiles('pod-1', '127.244.9.2', { '/app/a.txt': 'A\n' }),
      localhost: '127.244.9.2', print: (l, s) => (s === 'err' ? err : out).push(l),
      sleep: (ms, signal) => clock.sleep(ms, signal), now: () => clock.now(),
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
    await new Promise((r) => setImmediate(r));          // the script reaches its sleep
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
