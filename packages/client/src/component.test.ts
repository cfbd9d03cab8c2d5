import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { portFlag, runComponent, type ComponentHost } from './component.js';
import { silentLogger } from './logger.js';

function fakeHost(argv: string[]) {
  const signals = new EventEmitter();
  let exited: (code: number) => void = () => {};
  const exitCode = new Promise<number>((resolve) => {
    exited = resolve;
  });
  const stderr: string[] = [];
  const levels: (string | undefined)[] = [];
  const host: ComponentHost = {
    argv,
    on: (signal, fn) => signals.on(signal, fn),
    exit: (code) => exited(code),
    stderr: { write: (s: string) => stderr.push(s) },
    logger: (_name, level) => {
      levels.push(level);
      return silentLogger;
    },
  };
  return { host, signals, exitCode, stderr, levels };
}

const flags = { port: { type: 'string', default: '80' }, name: { type: 'string' } } as const;

describe('runComponent', () => {
  it('hands the parsed flags to start and exits with the code it resolves with', async () => {
    const h = fakeHost(['--name', 'x', '--log-level', 'debug']);
    let seen: unknown;
    void runComponent(
      {
        name: 'c',
        flags,
        start: async (values) => {
          seen = values;
          return 3;
        },
      },
      h.host,
    );
    expect(await h.exitCode).toBe(3);
    expect(seen).toEqual({ port: '80', name: 'x', 'log-level': 'debug' });
    expect(h.levels).toEqual(['debug']);
  });

  it('aborts on the first SIGTERM and waits for start to finish', async () => {
    const h = fakeHost([]);
    let aborts = 0;
    void runComponent(
      {
        name: 'c',
        flags,
        start: (_, { signal }) =>
          new Promise((resolve) =>
            signal.addEventListener('abort', () => {
              aborts++;
              resolve(0);
            }),
          ),
      },
      h.host,
    );
    await new Promise((r) => setImmediate(r));
    h.signals.emit('SIGTERM');
    h.signals.emit('SIGINT');
    expect(await h.exitCode).toBe(0);
    expect(aborts).toBe(1);
  });

  it('closes a started handle on SIGINT, then exits 0', async () => {
    const h = fakeHost([]);
    const events: string[] = [];
    void runComponent(
      {
        name: 'c',
        flags,
        start: async () => ({
          close: async () => {
            events.push('closed');
          },
        }),
      },
      h.host,
    );
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual([]);
    h.signals.emit('SIGINT');
    expect(await h.exitCode).toBe(0);
    expect(events).toEqual(['closed']);
  });

  it('reports bad flags and failed starts on stderr and exits 1', async () => {
    const bad = fakeHost(['--nope']);
    void runComponent({ name: 'kubelet', flags, start: async () => 0 }, bad.host);
    expect(await bad.exitCode).toBe(1);
    expect(bad.stderr.join('')).toMatch(/^kubelet: .*--nope/);

    const failing = fakeHost(['--port', 'x']);
    void runComponent(
      {
        name: 'proxy',
        flags,
        start: async (v) => {
          portFlag('port', v.port);
          return 0;
        },
      },
      failing.host,
    );
    expect(await failing.exitCode).toBe(1);
    expect(failing.stderr).toEqual(['proxy: --port: invalid port "x"\n']);
  });
});

describe('portFlag', () => {
  it('accepts 0‥65535 and rejects the rest', () => {
    expect(portFlag('port', '0')).toBe(0);
    expect(portFlag('port', '10250')).toBe(10250);
    for (const v of ['', '-1', '65536', '1.5', 'http', undefined]) expect(() => portFlag('port', v)).toThrow(`--port: invalid port "${v}"`);
  });
});

describe('runComponent restarts', () => {
  /** A host whose back-off sleeps are recorded and end at once (or when the signal aborts). */
  function restartingHost(argv: string[], clock: { t: number }) {
    const h = fakeHost(argv);
    const sleeps: number[] = [];
    h.host.sleep = async (ms, signal) => {
      sleeps.push(ms);
      if (!signal.aborted) clock.t += ms;
    };
    h.host.now = () => clock.t;
    return { ...h, sleeps };
  }

  it('starts again after an exit code in restartOn, with the kubelet back-off, and exits with any other code', async () => {
    const clock = { t: 0 };
    const h = restartingHost([], clock);
    const codes = [1, 1, 1, 7];
    let starts = 0;
    void runComponent(
      {
        name: 'kube-scheduler',
        flags,
        restartOn: [1],
        start: async () => {
          starts++;
          return codes.shift()!;
        },
      },
      h.host,
    );
    expect(await h.exitCode).toBe(7);
    expect(starts).toBe(4);
    expect(h.sleeps).toEqual([10_000, 20_000, 40_000]);
  });

  it('resets the back-off after a run of 10 minutes and caps it at 5 minutes', async () => {
    const clock = { t: 0 };
    const h = restartingHost([], clock);
    const runs = [0, 0, 0, 0, 0, 0, 0, 601_000, 0];
    void runComponent(
      {
        name: 'c',
        flags,
        restartOn: [1],
        start: async () => {
          if (!runs.length) return 0;
          clock.t += runs.shift()!;
          return 1;
        },
      },
      h.host,
    );
    expect(await h.exitCode).toBe(0);
    expect(h.sleeps).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 10_000, 20_000]);
  });

  it('exits 0 when SIGTERM arrives during the back-off, without starting again', async () => {
    const h = fakeHost([]);
    let starts = 0;
    let wake: () => void = () => {};
    h.host.sleep = (_ms, signal) =>
      new Promise((resolve) => {
        wake = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    void runComponent(
      {
        name: 'c',
        flags,
        restartOn: [1],
        start: async () => {
          starts++;
          return 1;
        },
      },
      h.host,
    );
    await new Promise((r) => setImmediate(r));
    h.signals.emit('SIGTERM');
    expect(await h.exitCode).toBe(0);
    expect(starts).toBe(1);
    wake();
  });
});
