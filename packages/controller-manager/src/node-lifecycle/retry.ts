/** client-go's RetryOnConflict: re-reads and retries a write a few times when it loses a race. */
import { isConflict } from '@kemu/api';

export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConflict(err) || i >= attempts) throw err;
    }
  }
}
