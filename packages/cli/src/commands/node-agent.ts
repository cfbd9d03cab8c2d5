import { spawn, type ChildProcess } from 'node:child_process';
import { commandLine, kubeletSpec, proxySpec, type ComponentSpec } from '../components.js';
import { repoRoot } from '../root.js';

export interface NodeAgentOptions {
  node: number;
  apiserverPort: number;
  kubeletPort: number;
  proxyHealthzPort: number;
  profile: string;
  /** The cluster PKI folder (HTTPS + the node's and kube-proxy's tokens); absent: plain HTTP. */
  pkiDir?: string;
  /** The proxy's --reserved-addresses: the cluster's component addresses (components.ts reservedAddresses). */
  reservedAddresses?: string;
}

/** The two processes of one node: its kubelet and its proxy, with the same flags `kemu up` uses. */
export function nodeAgentSpecs(o: NodeAgentOptions): ComponentSpec[] {
  const plan = {
    apiserverPort: o.apiserverPort,
    kubeletPort: o.kubeletPort,
    profile: o.profile,
    healthzPort: () => o.proxyHealthzPort,
    pki: o.pkiDir,
  };
  const proxy = proxySpec(plan, o.node);
  if (o.reservedAddresses) proxy.args.push('--reserved-addresses', o.reservedAddresses);
  return [kubeletSpec(plan, o.node), proxy];
}

/**
 * Runs a node's kubelet and proxy in the foreground (docker-compose's node containers): output
 * passes through, SIGTERM/SIGINT are forwarded, and when either exits the other is stopped and
 * the agent exits with the same code, so the container's restart policy sees one failure.
 */
export function runNodeAgent(o: NodeAgentOptions): Promise<number> {
  const root = repoRoot();
  const children: ChildProcess[] = nodeAgentSpecs(o).map((spec) => {
    const { command, args } = commandLine(spec, root);
    return spawn(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  });
  const forward = (sig: NodeJS.Signals) => () => {
    for (const c of children) c.kill(sig);
  };
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGINT', forward('SIGINT'));
  return new Promise((resolve) => {
    let first: number | undefined;
    let remaining = children.length;
    for (const c of children) {
      c.once('exit', (code, signal) => {
        first ??= code ?? (signal ? 128 + 15 : 1);
        for (const other of children) if (other !== c && other.exitCode === null && other.signalCode === null) other.kill('SIGTERM');
        if (--remaining === 0) resolve(first);
      });
    }
  });
}
