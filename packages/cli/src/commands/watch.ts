import { readState } from '../state.js';
import { stateOf } from '../supervisor.js';

/**
 * While `kemu up` runs in the foreground: reports components that stop or come back (chaos verbs
 * from other terminals included) until `signal` aborts. Keeps the process alive meanwhile.
 */
export function reportComponentChanges(home: string, print: (s: string) => void, signal: AbortSignal, intervalMs = 1000): void {
  const last = new Map<string, string>();
  const tick = () => {
    const state = readState(home);
    if (!state) return;
    for (const c of state.components) {
      const now = stateOf(c) === 'dead' ? 'down' : `up (pid ${c.pid})`;
      const before = last.get(c.name);
      if (before !== undefined && before !== now) print(`${new Date().toISOString()} ${c.name} is ${now}`);
      last.set(c.name, now);
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
