import { expandComponentName } from '../component-names.js';
import { findComponent, readState, updateComponent, type ClusterState, type ComponentRecord } from '../state.js';
import type { StartedProcess } from '../processes.js';
import { awaitHealthy, kill, launch, signal, stateOf, terminate } from '../supervisor.js';

export type ChaosVerb = 'kill' | 'stop' | 'start' | 'restart' | 'pause' | 'resume';

export function requireState(home: string): ClusterState {
  const state = readState(home);
  if (!state) throw new Error(`no kemu cluster in ${home} (start one with \`kemu up\`)`);
  return state;
}

/**
 * kill = SIGKILL, stop = SIGTERM (then SIGKILL after 5 s), pause/resume = SIGSTOP/SIGCONT,
 * start = start a component that is down, restart = start again with the recorded command
 * (killing it first if it still runs). What kill or stop ended is marked `stopped` before the
 * signal goes, so the supervisor leaves it down until start or restart.
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
      case 'kill': {
        const cur = markStopped(home, rec, 'kemu kill');
        print((await kill(cur)) ? `${name} (pid ${cur.pid}) killed` : `${name} is not running`);
        break;
      }
      case 'stop': {
        const cur = markStopped(home, rec, 'kemu stop');
        if (stateOf(cur) === 'dead') {
          print(`${name} is not running`);
          break;
        }
        const killed = await terminate([cur], 5000);
        print(killed.length ? `${name} (pid ${cur.pid}) ignored SIGTERM for 5 s: killed` : `${name} (pid ${cur.pid}) stopped`);
        break;
      }
      case 'pause':
        print(signal(rec, 'SIGSTOP') ? `${name} (pid ${rec.pid}) paused` : `${name} is not running`);
        break;
      case 'resume':
        print(signal(rec, 'SIGCONT') ? `${name} (pid ${rec.pid}) resumed` : `${name} is not running`);
        break;
      case 'start': {
        if (stateOf(rec) !== 'dead') {
          print(`${name} is already running (pid ${rec.pid})`);
          break;
        }
        const started = startAgain(home, rec);
        await awaitHealthy(rec, started, 30_000);
        print(`${name} started (pid ${rec.pid})`);
        break;
      }
      case 'restart': {
        // Stopped while it is killed, so the supervisor does not start it too.
        await kill(markStopped(home, rec, 'kemu restart'));
        const started = startAgain(home, rec);
        await awaitHealthy(rec, started, 30_000);
        print(`${name} restarted (pid ${rec.pid})`);
        break;
      }
    }
  }
}

/**
 * Records that a chaos verb is ending `rec`'s process (before the signal is sent). Returns the
 * record as state.json has it now: the supervisor may have started a newer process meanwhile.
 */
function markStopped(home: string, rec: ComponentRecord, reason: string): ComponentRecord {
  const cur = updateComponent(home, rec.name, (r) => {
    r.stopped = true;
    if (stateOf(r) !== 'dead') r.lastExit = reason;
  });
  return cur ?? rec;
}

/** Starts `rec` with its recorded command and clears `stopped`, in one write of state.json. */
function startAgain(home: string, rec: ComponentRecord): StartedProcess {
  const started = launch(rec);
  updateComponent(home, rec.name, (r) => {
    r.pid = rec.pid;
    r.startedAt = rec.startedAt;
    r.stopped = false;
  });
  return started;
}
