/** The `kemu` command line (commander): parses, then calls the command modules. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { COMPONENT_NAME_HELP } from './component-names.js';
import { chaos, type ChaosVerb } from './commands/chaos.js';
import { down, stopCluster } from './commands/down.js';
import { logs } from './commands/logs.js';
import { runNodeAgent } from './commands/node-agent.js';
import { status } from './commands/status.js';
import { up } from './commands/up.js';
import { reportComponentChanges } from './commands/watch.js';
import { kemuHome, readState } from './state.js';
import { ComponentSupervisor } from './component-supervisor.js';
import { processHost } from './supervisor.js';
import { hasClusterPki, writeClusterPki } from './pki.js';

const print = (s: string) => {
  process.stdout.write(s + '\n');
};
const printErr = (s: string) => {
  process.stderr.write(s + '\n');
};

function int(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('not an integer');
  return n;
}

/** Runs an action; a thrown error becomes `kemu: <message>` on stderr and exit code 1. */
function action<A extends unknown[]>(fn: (...args: A) => Promise<void | boolean>) {
  return async (...args: A) => {
    try {
      if ((await fn(...args)) === false) process.exitCode = 1;
    } catch (err) {
      printErr(`kemu: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  };
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export function buildProgram(): Command {
  const program = new Command('kemu')
    .description(
      'kemu — a Kubernetes cluster emulator: a real multi-process control plane on loopback addresses, driven with the real kubectl.\n' +
        'State, logs and the kubeconfig live in $KEMU_HOME (default ./.kemu).',
    )
    .showHelpAfterError()
    .addHelpText(
      'after',
      `\nComponents (for kill, stop, restart, pause, resume, logs): ${COMPONENT_NAME_HELP}.\n` +
        'A bare scheduler or controller-manager means every replica; node-<i> means kubelet-<i> and proxy-<i>.',
    );

  program
    .command('up')
    .description('start a cluster: redis, apiserver, controller-manager, scheduler, and a kubelet + proxy per node')
    .option('--nodes <n>', 'number of nodes', int, 3)
    .addOption(new Option('--profile <profile>', 'timing profile').choices(['fast', 'realistic']).default('fast'))
    .option('--detach', 'return once every node is Ready (default: stay in the foreground; Ctrl-C stops the cluster)', false)
    .option('--scheduler-replicas <n>', 'scheduler replicas (leader-elected)', int, 1)
    .option('--controller-manager-replicas <n>', 'controller-manager replicas (leader-elected)', int, 1)
    .addOption(
      new Option(
        '--storage <kind>',
        "store: a local redis-server, or the apiserver's embedded in-memory store (default: redis when installed)",
      ).choices(['redis', 'memory']),
    )
    .option('--port <port>', 'apiserver port on 127.0.0.1', int, 6443)
    .option('--hollow-nodes <n>', 'also simulate n hollow nodes in one kubelet process (node-<nodes+1> …; no proxy for them)', int, 0)
    .addOption(
      new Option('--hollow-mode <mode>', 'hollow nodes run pods fully (containers listen on pod IPs) or status-only (no sockets)')
        .choices(['full', 'status-only'])
        .default('status-only'),
    )
    .option(
      '--insecure-http',
      'serve the API over plain HTTP without authentication (loopback teaching mode; default: HTTPS with a cluster CA and bearer tokens)',
      false,
    )
    .option(
      '--apiservers <n>',
      'apiserver processes on the one Redis, on ports --port, --port+1, …; clients and the kubeconfig fail over between them',
      int,
      1,
    )
    .option('--durable', 'redis-server fsyncs every write before acknowledging it (appendfsync always; default everysec)', false)
    .action(
      action(
        async (o: {
          nodes: number;
          profile: string;
          detach: boolean;
          schedulerReplicas: number;
          controllerManagerReplicas: number;
          storage?: 'redis' | 'memory';
          port: number;
          insecureHttp: boolean;
          apiservers: number;
          durable: boolean;
          hollowNodes: number;
          hollowMode: 'full' | 'status-only';
        }) => {
          const home = kemuHome();
          const interrupted = untilSignal();
          const started = up(home, o, print);
          const first = await Promise.race([started.then(() => 'up' as const), interrupted]);
          if (first !== 'up') {
            printErr(`kemu: interrupted (${first}); stopping what was started`);
            const state = readState(home);
            if (state) await stopCluster(state, 3000, print);
            process.exit(130);
          }
          if (o.detach) {
            process.exit(0);
          }
          print('Running in the foreground: Ctrl-C stops the cluster (or use --detach).');
          const watching = new AbortController();
          reportComponentChanges(home, print, watching.signal);
          const sig = await interrupted;
          watching.abort();
          print(`\n${sig}: stopping the cluster…`);
          await down(home, {}, print);
        },
      ),
    );

  program
    .command('status')
    .description('show every component: pid, address, whether it answers, which replica leads')
    .action(action(() => status(kemuHome(), print, printErr)));

  const verbs: [ChaosVerb, string][] = [
    ['kill', 'SIGKILL a component; it stays down (the supervisor leaves it) until kemu start or kemu restart'],
    ['stop', 'SIGTERM a component (SIGKILL after 5 s); it stays down until kemu start or kemu restart'],
    ['start', 'start a component that is down with its recorded command'],
    ['restart', 'start a component again with its recorded command (killing it first if it runs)'],
    ['pause', 'SIGSTOP a component'],
    ['resume', 'SIGCONT a paused component'],
  ];
  for (const [verb, description] of verbs) {
    program
      .command(`${verb} <component>`)
      .description(description)
      .action(action((target: string) => chaos(kemuHome(), verb, target, print)));
  }

  program
    .command('supervise', { hidden: true })
    .description('restart components that exit on their own, with the kubelet back-off (started by kemu up)')
    .action(
      action(async () => {
        const home = kemuHome();
        const state = readState(home);
        if (!state) throw new Error(`no kemu cluster in ${home}`);
        const ac = new AbortController();
        process.once('SIGTERM', () => ac.abort());
        process.once('SIGINT', () => ac.abort());
        await new ComponentSupervisor(home, state.createdAt, state.profile, processHost).run(ac.signal);
      }),
    );

  program
    .command('logs <component>')
    .description("print a component's log (JSON lines)")
    .option('-f, --follow', 'keep printing new lines', false)
    .action(
      action(async (target: string, o: { follow: boolean }) => {
        const ac = new AbortController();
        process.once('SIGINT', () => ac.abort());
        await logs(kemuHome(), target, { follow: o.follow, signal: ac.signal }, (s) => process.stdout.write(s));
      }),
    );

  program
    .command('down')
    .description('stop every component (SIGTERM, then SIGKILL after a few seconds); data and logs stay unless --purge')
    .option('--purge', 'also remove logs, redis data and the kubeconfig', false)
    .action(action((o: { purge: boolean }) => down(kemuHome(), o, print)));

  program
    .command('node-agent')
    .description("run one node's kubelet and proxy in the foreground (what docker-compose node containers run)")
    .requiredOption('--node <i>', 'node number (node-<i>, IP 127.10.0.<i>)', int)
    .option('--apiserver-port <port>', 'apiserver port on 127.0.0.1', int, 6443)
    .option('--kubelet-port <port>', 'kubelet API port on the node IP', int, 10250)
    .requiredOption('--proxy-healthz-port <port>', 'proxy /healthz port', int)
    .addOption(new Option('--profile <profile>', 'timing profile').choices(['fast', 'realistic']).default('fast'))
    .option('--pki-dir <dir>', 'the cluster PKI folder written by `kemu pki` (HTTPS and tokens); without it: plain HTTP')
    .option('--reserved-addresses <list>', "the cluster's component addresses, which the proxy never binds for a Service")
    .action(
      action(
        async (o: {
          node: number;
          apiserverPort: number;
          kubeletPort: number;
          proxyHealthzPort: number;
          profile: string;
          pkiDir?: string;
          reservedAddresses?: string;
        }) => {
          process.exitCode = await runNodeAgent(o);
        },
      ),
    );

  program
    .command('pki')
    .description(
      'write the cluster PKI (CA, apiserver certificate, tokens.csv, one kubeconfig per component) unless the folder already holds one',
    )
    .requiredOption('--dir <dir>', 'where to write it')
    .option('--nodes <n>', 'number of nodes (one identity each)', int, 3)
    .option('--server <url>', 'the apiserver URL written into the kubeconfigs', 'https://127.0.0.1:6443')
    .option('--force', 'write a new serving certificate and new tokens even when present', false)
    .action(
      action(async (o: { dir: string; nodes: number; server: string; force: boolean }) => {
        if (!o.force && hasClusterPki(o.dir, o.nodes)) {
          print(`PKI already present in ${o.dir}`);
          return;
        }
        await writeClusterPki(o.dir, { nodes: o.nodes, server: o.server });
        print(`PKI written to ${o.dir} (admin kubeconfig: ${o.dir}/admin.kubeconfig)`);
      }),
    );

  return program;
}
