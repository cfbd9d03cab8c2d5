import { expandComponentName } from '../component-names.js';
import { findComponent, readState, writeState, type ClusterState } from '../state.js';
import { awaitHealthy, kill, launch, signal, stateOf, terminate } from '../supervisor.js';

export type ChaosVerb = 'kill' | 'stop' | 'restart' | 'pause' | 'resume';

export function requireState(home: string): ClusterState {
  const state = readState(home);
  if (!state) throw new Error(`no kemu cluster in ${home} (start one with \`kemu up\`)`);
  return state;
}

/**
 * kill = SIGKILL, stop = SIGTERM (then SIGKILL after 5 s), pause/resume = SIGSTOP/SIGCONT,
 * restart = start again with the recorded command (killing it first if it still runs).
 */
export async function chaos(home: string, verb: ChaosVerb, target: string, print: (s: string) => void): Promise<void> {
  const state = requireState(home);
  const names = expandComponentName(
    target,
    state.components.map((c) => c.name),
  );
  for (const name of names) {
    const rec = findComponent(state, name);
    switch (verb) {
      case 'kill':
        print((await kill(rec)) ? `${name} (pid ${rec.pid}) killed` : `${name} is not running`);
        break;
      case 'stop': {
        if (stateOf(rec) === 'dead') {
          print(`${name} is not running`);
          break;
        }
        const killed = await terminate([rec], 5000);
        print(killed.length ? `${name} (pid ${rec.pid}) ignored SIGTERM for 5 s: killed` : `${name} (pid ${rec.pid}) stopped`);
        break;
      }
      case 'pause':
        print(signal(rec, 'SIGSTOP') ? `${name} (pid ${rec.pid}) paused` : `${name} is not running`);
        break;
      case 'resume':
        print(signal(rec, 'SIGCONT') ? `${name} (pid ${rec.pid}) resumed` : `${name} is not running`);
        break;
      case 'restart': {
        await kill(rec);
        const started = launch(rec);
        writeState(state);
        await awaitHealthy(rec, started, 30_000);
        print(`${name} restarted (pid ${rec.pid})`);
        break;
      }
    }
  }
}
