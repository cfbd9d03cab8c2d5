import { describe, expect, it } from 'vitest';
import { FakeClock, type Container } from '@kemu/api';
import { ContainerInstance } from './container.js';
import { resolveImage } from './image-catalog.js';
import { followLog, LogBuffer, MAX_LOG_LINE_LENGTH } from './log-buffer.js';
import { MemoryAccount, MemoryPool, OutOfMemoryError } from './memory-account.js';
import { containerFiles, MAX_SCRIPT_LENGTH, runScript, YIELD_EVERY_STEPS, type ShellEnv } from './shell.js';

const MiB = 1024 * 1024;

function env(extra: Partial<ShellEnv> = {}): { env: ShellEnv; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const clock = new FakeClock();
  return {
    out,
    err,
    env: {
      hostname: 'pod-1',
      vars: { HOSTNAME: 'pod-1' },
      files: containerFiles('pod-1', '127.244.9.2'),
      localhost: '127.244.9.2',
      print: (l, s) => (s === 'err' ? err : out).push(l),
      sleep: (ms, signal) => clock.sleep(ms, signal),
      now: () => clock.now(),
      ...extra,
    },
  };
}

const never = new AbortController().signal;
/** Doubles $x n times, starting from 64 characters. */
const grow = (n: number) => `x=${'a'.repeat(64)}; for i in ${Array.from({ length: n }, (_, i) => i).join(' ')}; do x=$x$x; done`;

describe('a container script cannot take the kubelet down', () => {
  it('stops shells nested too deep, with or without a pipeline', async () => {
    for (const body of ['echo x; sh /tmp/r | cat', 'echo x; sh /tmp/r']) {
      const e = env();
      const code = await runScript(e.env, `echo '${body}' > /tmp/r; sh /tmp/r`, never);
      expect(code).toBe(body.endsWith('cat') ? 0 : 2);
      expect(e.err).toEqual(['sh: recursion too deep']);
    }
  });

  it('refuses a script too long to parse in one step', async () => {
    const e = env({ files: { ...containerFiles('p', '127.0.0.1'), '/big': `${'a'.repeat(MAX_SCRIPT_LENGTH)}\n` } });
    expect(await runScript(e.env, 'sh /big; echo after $?', never)).toBe(0);
    expect(e.err).toEqual(['sh: script too long']);
    expect(e.out).toEqual(['after 2']);
  });

  it('refuses blocks nested too deep as a syntax error', async () => {
    const e = env();
    const script = `${'while false; do '.repeat(300)}:${'; done'.repeat(300)}`;
    expect(await runScript(e.env, script, never)).toBe(2);
    expect(e.err).toEqual(['sh: syntax error: blocks nested too deep']);
  });

  it.each([
    ['while true; do echo x; done', 143],
    [`for i in ${'1 '.repeat(4 * YIELD_EVERY_STEPS)}; do echo x; done; while true; do :; done`, 143],
  ])('gives the event loop a turn within a bounded number of steps: %s', async (script, code) => {
    const e = env();
    const abort = new AbortController();
    const done = runScript(e.env, script, abort.signal);
    const seen = await new Promise<number>((resolve) => setImmediate(() => resolve(e.out.length)));
    abort.abort();
    expect(await done).toBe(code);
    expect(seen).toBeLessThanOrEqual(YIELD_EVERY_STEPS);
  });

  it('OOM-kills a script whose variables pass the memory limit', async () => {
    let kills = 0;
    const pool = new MemoryPool(1024 * MiB);
    const memory = new MemoryAccount(1 * MiB, pool, () => kills++);
    const e = env({ memory });
    await expect(runScript(e.env, grow(20), never)).rejects.toBeInstanceOf(OutOfMemoryError);
    expect(kills).toBe(1);
  });

  it('OOM-kills a script whose files pass the memory limit, and only charges what it holds', async () => {
    const pool = new MemoryPool(1024 * MiB);
    const memory = new MemoryAccount(4 * MiB, pool, () => {});
    const fine = env({ memory });
    // 1 MiB written and removed 40 times: never more than 2 MiB held
    const churn = `${grow(14)}; for i in ${'1 '.repeat(40)}; do echo $x > /tmp/f; rm /tmp/f; done; echo ok`;
    expect(await runScript(fine.env, churn, never)).toBe(0);
    expect(fine.out).toEqual(['ok']);
    expect(memory.used).toBe(0); // variables given back when the shell ends, files removed
    const files = `${grow(14)}; for i in ${Array.from({ length: 40 }, (_, i) => i).join(' ')}; do echo $x > /tmp/f$i; done`;
    await expect(runScript(env({ memory }).env, files, never)).rejects.toBeInstanceOf(OutOfMemoryError);
    expect(memory.exceeded).toBe(true);
    expect(memory.used).toBeGreaterThan(3 * MiB); // the files written before the kill stay
    memory.release();
    expect(pool.used).toBe(0);
  });

  it('OOM-kills a container past the process-wide pool even under a larger limit', () => {
    const pool = new MemoryPool(2 * MiB);
    const a = new MemoryAccount(8 * MiB, pool, () => {});
    let killed = false;
    const b = new MemoryAccount(8 * MiB, pool, () => {
      killed = true;
    });
    a.charge(1.5 * MiB);
    expect(() => b.charge(1 * MiB)).toThrow(OutOfMemoryError);
    expect(killed).toBe(true);
  });

  it('counts pipeline buffers against the limit', async () => {
    const memory = new MemoryAccount(1 * MiB, new MemoryPool(1024 * MiB), () => {});
    const e = env({ memory, files: { ...containerFiles('p', '127.0.0.1'), '/big': 'a'.repeat(MiB) } });
    await expect(runScript(e.env, 'cat /big | cat | wc -c', never)).rejects.toBeInstanceOf(OutOfMemoryError);
  });

  it('ends a container that writes 40 × 128 MB to files as OOMKilled (137)', async () => {
    const clock = new FakeClock();
    const res = resolveImage('busybox');
    if (!res.found) throw new Error('busybox is in the catalog');
    const script = `x=a; for i in ${Array.from({ length: 27 }, (_, i) => i).join(' ')}; do x=$x$x; done; for i in ${Array.from({ length: 40 }, (_, i) => i).join(' ')}; do echo $x > /tmp/f$i; done`;
    const container: Container = { name: 'bomb', image: 'busybox', command: ['sh', '-c', script] };
    const exited = new Promise<ContainerInstance>((resolve) => {
      const inst = new ContainerInstance({
        id: 'c1',
        pod: { name: 'bomb', namespace: 'default', uid: 'u1', hostname: 'bomb' },
        nodeName: 'node-1',
        podIP: '127.244.9.3',
        container,
        env: {},
        record: res.record,
        clock,
        onExit: resolve,
      });
      void inst.start();
    });
    const inst = await exited;
    expect([inst.exitCode, inst.reason]).toEqual([137, 'OOMKilled']);
    expect(inst.memory.used).toBe(0);
  });

  it("refuses writes past a writable volume's capacity with ENOSPC, whichever container writes", async () => {
    const data: Record<string, string> = {};
    const mounts = [{ path: '/data', files: data, readOnly: false, capacityBytes: 4096 }];
    const one = env({ mounts });
    const fill = `${grow(5)}; echo $x > /data/a; echo $x > /data/b`; // 2 KiB each, with their overhead past 4 KiB
    expect(await runScript(one.env, fill, never)).toBe(1);
    expect(one.err).toEqual(['echo: write error: No space left on device']);
    const other = env({ mounts });
    expect(await runScript(other.env, 'rm /data/a; echo small > /data/b && echo ok', never)).toBe(0);
    expect(other.out).toEqual(['ok']);
  });

  it('leaks no JavaScript through names that are Object.prototype members', async () => {
    const data: Record<string, string> = {};
    const e = env({ mounts: [{ path: '/data', files: data, readOnly: false }] });
    expect(await runScript(e.env, 'cat /data/__proto__', never)).toBe(1);
    expect(e.err).toEqual(["cat: can't open '/data/__proto__': No such file or directory"]);
    const v = env();
    const braced = ['$', '{hasOwnProperty}'].join('');
    const script = `echo "[$constructor][$__proto__][$toString][${braced}]"; __proto__=set; echo $__proto__; printenv constructor || echo unset`;
    expect(await runScript(v.env, script, never)).toBe(0);
    expect(v.out).toEqual(['[][][][]', 'set', 'unset']);
    const f = env({ mounts: [{ path: '/data', files: data, readOnly: false }] });
    expect(await runScript(f.env, 'echo kept > /data/__proto__; cat /data/__proto__; ls /data', never)).toBe(0);
    expect(f.out).toEqual(['kept', '__proto__']);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
  });
});

describe('the log buffer', () => {
  it('keeps at most maxBytes, dropping the oldest lines, and cuts very long lines', () => {
    const logs = new LogBuffer(1000, 100);
    for (let i = 0; i < 20; i++) logs.append(i, `line-${String(i).padStart(4, '0')}`); // 9 characters each
    expect(logs.snapshot().map((l) => l.text)).toEqual(Array.from({ length: 11 }, (_, i) => `line-${String(i + 9).padStart(4, '0')}`));
    const big = new LogBuffer();
    big.append(0, 'y'.repeat(MAX_LOG_LINE_LENGTH * 3));
    expect(big.snapshot()[0].text.length).toBe(MAX_LOG_LINE_LENGTH);
  });

  it('feeds a follower at its own pace, off the appending stack, losing what the ring dropped meanwhile', async () => {
    const logs = new LogBuffer(3);
    const got: string[] = [];
    let release = () => {};
    let ended = false;
    followLog(
      logs,
      logs.lastSeq,
      (line) => {
        got.push(line.text);
        return line.text === 'a' ? new Promise<void>((r) => (release = r)) : true;
      },
      () => (ended = true),
    );
    logs.append(0, 'a');
    expect(got).toEqual([]); // not on the appender's stack
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(['a']); // the reader is full
    for (const t of ['b', 'c', 'd', 'e']) logs.append(0, t);
    logs.close();
    release();
    await new Promise((r) => setImmediate(r));
    expect(got).toEqual(['a', 'c', 'd', 'e']); // b was rotated away
    expect(ended).toBe(true);
  });
});
