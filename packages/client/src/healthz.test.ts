import { afterEach, describe, expect, it } from 'vitest';
import { serveHealthz, type HealthzServer } from './healthz.js';

let srv: HealthzServer | undefined;
afterEach(async () => {
  await srv?.close();
  srv = undefined;
});

describe('serveHealthz', () => {
  it('answers 200 ok on /healthz', async () => {
    srv = await serveHealthz(0, '127.0.0.1');
    const res = await fetch(`http://127.0.0.1:${srv.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect((await fetch(`http://127.0.0.1:${srv.port}/nope`)).status).toBe(404);
  });

  it('answers 500 listing a failing check', async () => {
    let healthy = true;
    srv = await serveHealthz(0, '127.0.0.1', { informers: () => healthy, lease: async () => true });
    expect((await fetch(`http://127.0.0.1:${srv.port}/healthz`)).status).toBe(200);
    healthy = false;
    const res = await fetch(`http://127.0.0.1:${srv.port}/healthz`);
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('[-]informers failed');
    await srv.close();
    await srv.close();
  });
});
