import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeCommit, environment, environmentHeader } from './lib/environment.js';

describe('the environment recorded with every benchmark result', () => {
  it("names the checkout's commit and the machine", () => {
    const env = environment();
    expect(env.commit).toBe(execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim());
    expect(env.node).toBe(process.version);
    expect(env.nproc).toBeGreaterThan(0);
    expect(env.loadavgAtStart).toHaveLength(3);
    expect(Date.parse(env.date)).not.toBeNaN();
    const header = environmentHeader(env);
    for (const part of [env.commit, env.node, env.cpu, env.kernel, `redis-server ${env.redis}`]) expect(header).toContain(part);
  });

  it('says when tracked files differ from the commit', () => {
    expect(describeCommit({ commit: 'abc1234', dirty: false, changedFiles: 0 })).toBe('abc1234');
    expect(describeCommit({ commit: 'abc1234', dirty: true, changedFiles: 1 })).toBe('abc1234 + uncommitted changes in 1 file');
  });
});
