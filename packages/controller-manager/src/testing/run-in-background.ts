/**
 * Runs a controller the way the controller manager does — informers started, `workers` loops
 * over its queue — for tests that drive it through the fake client and clock rather than by
 * calling sync. Resolves once the caches have synced; `stop()` aborts and waits for it to return.
 */
import { setMaxListeners } from 'node:events';
import type { SharedInformerFactory } from '@kemu/client';
import type { Controller } from '../controller-context.js';

export async function runInBackground(informers: SharedInformerFactory, controller: Controller, workers = 1): Promise<() => Promise<void>> {
  const ac = new AbortController();
  // Every informer, queue and worker listens on this one signal.
  setMaxListeners(0, ac.signal);
  informers.start(ac.signal);
  const done = controller.run(workers, ac.signal);
  await informers.waitForCacheSync(ac.signal);
  return async () => {
    ac.abort();
    await done;
  };
}
