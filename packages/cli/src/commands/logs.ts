import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { expandComponentName } from '../component-names.js';
import { paths, readState } from '../state.js';

/** Everything the component names stand for that has a log file. */
function logFiles(home: string, target: string): { name: string; file: string }[] {
  const state = readState(home);
  const names = state
    ? expandComponentName(
        target,
        state.components.map((c) => c.name),
      )
    : [target];
  return names.map((name) => ({ name, file: paths.log(home, name) })).filter((l) => existsSync(l.file));
}

/**
 * Prints a component's log (several, each line prefixed with the name, for a group such as
 * `scheduler` or `node-1`); with `follow`, keeps printing what is appended until `signal` aborts.
 */
export async function logs(
  home: string,
  target: string,
  opts: { follow?: boolean; signal?: AbortSignal },
  write: (s: string) => void,
): Promise<void> {
  const files = logFiles(home, target);
  if (files.length === 0) throw new Error(`no log for "${target}" in ${paths.logs(home)}`);
  const prefix = files.length > 1;
  const offsets = new Map(files.map((f) => [f.file, 0]));
  const partial = new Map<string, string>();
  const pump = () => {
    for (const f of files) {
      const size = statSync(f.file).size;
      let off = offsets.get(f.file)!;
      if (size < off) off = 0; // truncated
      if (size === off) continue;
      const buf = Buffer.alloc(size - off);
      const fd = openSync(f.file, 'r');
      try {
        readSync(fd, buf, 0, buf.length, off);
      } finally {
        closeSync(fd);
      }
      offsets.set(f.file, size);
      const text = (partial.get(f.file) ?? '') + buf.toString('utf8');
      const cut = text.lastIndexOf('\n') + 1;
      partial.set(f.file, text.slice(cut));
      const complete = text.slice(0, cut);
      if (!complete) continue;
      write(
        prefix
          ? complete
              .split('\n')
              .filter(Boolean)
              .map((l) => `[${f.name}] ${l}\n`)
              .join('')
          : complete,
      );
    }
  };
  pump();
  if (!opts.follow) {
    for (const [, rest] of partial) if (rest) write(rest + '\n');
    return;
  }
  await new Promise<void>((resolve) => {
    const timer = setInterval(pump, 250);
    opts.signal?.addEventListener(
      'abort',
      () => {
        clearInterval(timer);
        resolve();
      },
      { once: true },
    );
  });
}
