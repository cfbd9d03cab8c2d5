/**
 * No Docker engine runs here, so this checks docker-compose.yml and the Dockerfile statically:
 * every component runs the entry point and flags the CLI itself would use (COMPOSE_PLAN built by
 * the CLI's own component definitions), and the node containers' `node-agent` commands parse with
 * the real `kemu` program into the kubelet and proxy the CLI would start.
 */
import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  buildProgram,
  commandLine,
  composeServiceOf,
  COMPOSE_PLAN,
  CLI_ENTRY,
  nodeAgentSpecs,
  planComponents,
  type NodeAgentOptions,
} from '@kemu/cli';

const root = new URL('../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as {
  services: Record<string, { command?: string[]; image?: string; build?: unknown; network_mode?: string; ports?: string[] }>;
};
const plan = planComponents(COMPOSE_PLAN);

/** Parses a node container's command with the real CLI program and returns its options. */
async function parseNodeAgent(command: string[]): Promise<NodeAgentOptions> {
  const program = buildProgram().exitOverride();
  const agent = program.commands.find((c) => c.name() === 'node-agent')!;
  let captured: NodeAgentOptions | undefined;
  agent.exitOverride().action((o: NodeAgentOptions) => {
    captured = o;
  });
  await program.parseAsync(command);
  if (!captured) throw new Error('node-agent action did not run');
  return captured;
}

describe('docker-compose.yml', () => {
  it('has the services of a 3-node kemu cluster', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['redis', 'apiserver', 'controller-manager', 'scheduler', 'node-1', 'node-2', 'node-3']),
    );
    const expected = new Set(plan.map((c) => composeServiceOf(c.name)));
    for (const name of Object.keys(compose.services)) {
      if (name !== 'fabric' && name !== 'pki') expect(expected.has(name), `unexpected service ${name}`).toBe(true);
    }
  });

  it('runs redis, apiserver, controller-manager and scheduler with the CLI entry points and flags', () => {
    for (const spec of plan.filter((c) => c.kind !== 'kubelet' && c.kind !== 'proxy')) {
      const service = compose.services[composeServiceOf(spec.name)];
      const { command, args } = commandLine(spec);
      expect(service.command, spec.name).toEqual([command, ...args]);
    }
  });

  it('runs on every node a node-agent that starts exactly the kubelet and proxy the CLI starts', async () => {
    for (let i = 1; i <= COMPOSE_PLAN.nodes; i++) {
      const command = compose.services[`node-${i}`].command!;
      expect(command.slice(0, 3)).toEqual(['node', CLI_ENTRY, 'node-agent']);
      const specs = nodeAgentSpecs(await parseNodeAgent(command));
      const want = plan.filter((c) => c.name === `kubelet-${i}` || c.name === `proxy-${i}`);
      expect(specs.map((s) => commandLine(s))).toEqual(want.map((s) => commandLine(s)));
    }
  });

  it('writes the cluster PKI once, where the apiserver and every component read their certificates and tokens', async () => {
    const pki = compose.services.pki.command!;
    expect(pki.slice(0, 3)).toEqual(['node', CLI_ENTRY, 'pki']);
    const program = buildProgram().exitOverride();
    const cmd = program.commands.find((c) => c.name() === 'pki')!;
    let captured: { dir: string; nodes: number; server: string } | undefined;
    cmd.exitOverride().action((o: typeof captured) => {
      captured = o;
    });
    await program.parseAsync(pki);
    expect(captured).toMatchObject({
      dir: COMPOSE_PLAN.pki,
      nodes: COMPOSE_PLAN.nodes,
      server: `https://127.0.0.1:${COMPOSE_PLAN.apiserverPort}`,
    });
    const apiserver = plan.find((c) => c.name === 'apiserver')!;
    expect(apiserver.args).toEqual(expect.arrayContaining(['--tls-cert-file', '--token-auth-file']));
    for (const spec of plan.filter((c) => c.kind !== 'redis' && c.kind !== 'apiserver')) {
      expect(spec.args[spec.args.indexOf('--kubeconfig') + 1], spec.name).toMatch(new RegExp(`^${COMPOSE_PLAN.pki}/[\\w-]+\\.kubeconfig$`));
    }
    const volumes = compose.services as Record<string, { volumes?: string[] }>;
    for (const name of ['apiserver', 'scheduler', 'controller-manager', 'node-1', 'pki']) {
      expect(volumes[name].volumes, name).toContain(`pki:${COMPOSE_PLAN.pki}`);
    }
  });

  it('points every entry point at a package that has a main.ts', () => {
    for (const spec of plan.filter((c) => c.entry)) {
      const src = spec.entry!.replace('/dist/main.js', '/src/main.ts');
      expect(existsSync(new URL(src, root)), src).toBe(true);
    }
    expect(existsSync(new URL(CLI_ENTRY.replace('/dist/main.js', '/src/main.ts'), root))).toBe(true);
  });

  it('shares one network namespace so the loopback fabric spans the containers', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (name === 'fabric') continue;
      expect(s.network_mode, name).toBe('service:fabric');
    }
    expect(compose.services.fabric.ports).toContain(`${COMPOSE_PLAN.apiserverPort}:${COMPOSE_PLAN.apiserverPort}`);
    expect(plan.find((c) => c.name === 'apiserver')!.args).toEqual(expect.arrayContaining(['--bind-address', '0.0.0.0']));
  });

  it('builds the kemu image from the Dockerfile on node:20 with npm ci and the build', () => {
    expect(compose.services.fabric.build).toBe('.');
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20\b/m);
    expect(dockerfile).toMatch(/npm ci && npm run build/);
    for (const [name, s] of Object.entries(compose.services)) {
      if (name !== 'redis') expect(s.image, name).toBe(compose.services.fabric.image);
    }
  });
});
