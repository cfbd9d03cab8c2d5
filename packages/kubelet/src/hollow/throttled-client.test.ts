import { describe, expect, it } from 'vitest';
import { R, type KubeObject, type ResourceInfo } from '@kemu/api';
import type { WriteOptions } from '@kemu/client';
import { FakeClient } from '@kemu/client/testing';
import { throttledClient } from './throttled-client.js';

/** The ConfigMap shape this test writes. */
type ConfigMap = KubeObject & { data?: Record<string, string> };

/** A FakeClient whose creates wait until released one by one. */
class GatedClient extends FakeClient {
  open = 0;
  peak = 0;
  readonly started: string[] = [];
  readonly gates: (() => void)[] = [];
  override async create<T extends KubeObject>(r: ResourceInfo, ns: string | undefined, obj: T, o?: WriteOptions): Promise<T> {
    this.open++;
    this.peak = Math.max(this.peak, this.open);
    this.started.push(obj.metadata.name!);
    await new Promise<void>((resolve) => this.gates.push(resolve));
    try {
      return await super.create(r, ns, obj, o);
    } finally {
      this.open--;
    }
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('throttledClient', () => {
  it('keeps at most maxInFlight requests open and runs the queued ones in order', async () => {
    const inner = new GatedClient();
    const throttled = throttledClient(inner, 3);
    const calls = Array.from({ length: 10 }, (_, i) =>
      throttled.create<ConfigMap>(R.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` } }),
    );
    await tick();
    expect(inner.gates.length).toBe(3);
    expect(throttled.throttle.queued()).toBe(7);
    while (inner.gates.length) {
      inner.gates.shift()!();
      await tick();
    }
    const made = await Promise.all(calls);
    const names = Array.from({ length: 10 }, (_, i) => `cm-${i}`);
    expect(made.map((c) => c.metadata.name)).toEqual(names);
    expect(inner.started).toEqual(names);
    expect(inner.peak).toBe(3);
    expect(throttled.throttle.active()).toBe(0);
  });

  it('frees the slot of a failed request', async () => {
    const throttled = throttledClient(new FakeClient(), 1);
    await expect(throttled.get(R.configmaps, 'default', 'missing')).rejects.toThrow(/not found/);
    await expect(throttled.get(R.configmaps, 'default', 'missing')).rejects.toThrow(/not found/);
    expect(throttled.throttle.active()).toBe(0);
  });

  it('does not hold a slot for a watch', async () => {
    const throttled = throttledClient(new FakeClient(), 1);
    const abort = new AbortController();
    const it = throttled.watch(R.configmaps, {}, abort.signal)[Symbol.asyncIterator]();
    const next = it.next();
    await throttled.create(R.configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
    expect((await next).value).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'a' } } });
    abort.abort();
  });
});
