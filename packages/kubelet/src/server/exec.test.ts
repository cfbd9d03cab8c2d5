import { describe, expect, it } from 'vitest';
import { StdinQueue } from './exec.js';

describe('exec stdin flow control', () => {
  it('pauses the socket above the high-water mark and resumes it below half of it', async () => {
    const calls: string[] = [];
    const q = new StdinQueue({ pause: () => calls.push('pause'), resume: () => calls.push('resume') }, 100);
    for (let i = 0; i < 5; i++) q.push(Buffer.alloc(30));
    expect(calls).toEqual(['pause']); // 120 bytes queued: paused once, however many chunks follow
    expect(q.queued).toBe(150);
    await q.read();
    await q.read();
    await q.read();
    expect(calls).toEqual(['pause']); // 60 bytes: still above half
    await q.read();
    expect(calls).toEqual(['pause', 'resume']);
    q.push(null);
    await q.read();
    expect(await q.read()).toBeNull();
  });

  it('drops stdin that comes after the command is done, and never stays paused', () => {
    const calls: string[] = [];
    const q = new StdinQueue({ pause: () => calls.push('pause'), resume: () => calls.push('resume') }, 100);
    q.push(Buffer.alloc(200));
    q.close();
    q.push(Buffer.alloc(200));
    expect(calls).toEqual(['pause', 'resume']);
    expect(q.queued).toBe(0);
  });
});
