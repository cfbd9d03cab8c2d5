/**
 * `tar` for the simulated shell — what `kubectl cp` runs in the container:
 *   from the pod: `tar cf - <path>`           → a ustar archive on stdout (names without the leading /)
 *   to the pod:   `tar [--no-same-…] -xmf - [-C dir]` ← an archive on stdin (ustar, GNU or PAX names)
 * Only regular files and directories; contents are UTF-8 text like the rest of ShellFs.
 * Archives are written and read by tar-stream.
 */
import { extract, pack, type Header } from 'tar-stream';
import type { BuiltinIo } from './shell-builtins.js';

/** Builds an archive of `paths` (files and whole directories). */
export async function createTar(io: BuiltinIo, paths: string[], base: string): Promise<{ archive: Buffer; missing: string[] }> {
  const archive = pack();
  const missing: string[] = [];
  const mtime = new Date(io.env.now());
  const nameOf = (abs: string) => (base === '/' ? abs.slice(1) : abs.slice(base.length + 1));
  const file = (abs: string) => {
    const data = Buffer.from(io.fs.read(abs)!, 'utf8');
    archive.entry({ name: nameOf(abs), type: 'file', size: data.length, mode: 0o644, mtime, uname: 'root', gname: 'root' }, data);
  };
  for (const p of paths) {
    const abs = io.path(p.startsWith('/') ? p : `${base}/${p}`);
    if (io.fs.isFile(abs)) {
      file(abs);
    } else if (io.fs.isDir(abs)) {
      const dirs = new Set<string>([abs]);
      const files = io.fs.allFiles().filter((f) => f.startsWith(abs === '/' ? '/' : abs + '/'));
      for (const f of files)
        for (let d = f.slice(0, f.lastIndexOf('/')); d.length > abs.length; d = d.slice(0, d.lastIndexOf('/'))) dirs.add(d);
      for (const d of [...dirs].sort()) {
        if (d !== '/') archive.entry({ name: nameOf(d) + '/', type: 'directory', mode: 0o755, mtime, uname: 'root', gname: 'root' });
      }
      for (const f of files) file(f);
    } else {
      missing.push(p);
    }
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return { archive: Buffer.concat(chunks), missing };
}

export interface TarEntry {
  name: string;
  type: 'file' | 'dir';
  data: Buffer;
}

/** The files and directories of an archive (ustar, GNU or PAX names); other entry types are skipped. */
export async function readTar(buf: Buffer): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  const reader = extract();
  reader.end(buf);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const header: Header = entry.header;
    const name = header.name.replace(/^\.?\/+/, '');
    if (header.type === 'directory') out.push({ name: name.replace(/\/$/, ''), type: 'dir', data: Buffer.alloc(0) });
    else if (header.type === 'file' || header.type === 'contiguous-file') out.push({ name, type: 'file', data: Buffer.concat(chunks) });
  }
  return out;
}

export async function tarCommand(args: string[], io: BuiltinIo): Promise<number> {
  let mode: 'c' | 'x' | 't' | undefined;
  let file: string | undefined;
  let dir = io.cwd();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      if (a === '--directory') dir = io.path(args[++i] ?? '.');
      else if (a.startsWith('--directory=')) dir = io.path(a.slice(12));
      continue; // --no-same-owner, --no-same-permissions, …
    }
    if (a === '-C') {
      dir = io.path(args[++i] ?? '.');
      continue;
    }
    const bundle = a.startsWith('-') ? a.slice(1) : i === 0 ? a : undefined;
    if (bundle === undefined) {
      operands.push(a);
      continue;
    }
    for (const f of bundle) {
      if (f === 'c' || f === 'x' || f === 't') mode = f;
      else if (f === 'f') file = args[++i];
      else if (f === 'C') dir = io.path(args[++i] ?? '.');
    }
  }
  if (!mode) {
    io.err('tar: need at least one option of -[cxt]');
    return 1;
  }
  if (file !== undefined && file !== '-') {
    io.err(`tar: only '-' (stdin/stdout) is supported as the archive`);
    return 1;
  }
  if (mode === 'c') {
    if (operands.length === 0) {
      io.err('tar: empty archive');
      return 1;
    }
    const { archive, missing } = await createTar(io, operands, dir);
    for (const m of missing) io.err(`tar: ${m}: No such file or directory`);
    io.raw(archive);
    return missing.length ? 1 : 0;
  }
  let entries: TarEntry[];
  try {
    entries = await readTar(io.stdin ?? Buffer.alloc(0));
  } catch (e) {
    io.err(`tar: invalid tar magic (${(e as Error).message})`);
    return 1;
  }
  if (mode === 't') {
    if (entries.length) io.out(entries.map((e) => e.name + (e.type === 'dir' ? '/' : '')).join('\n'));
    return 0;
  }
  if (!io.fs.isDir(dir)) {
    io.err(`tar: can't change directory to '${dir}': No such file or directory`);
    return 1;
  }
  let st = 0;
  for (const e of entries) {
    const target = io.path(`${dir}/${e.name}`);
    const problem =
      e.type === 'dir'
        ? io.fs.mkdir(target, true)
        : (io.fs.mkdir(target.slice(0, target.lastIndexOf('/')) || '/', true), io.fs.write(target, e.data.toString('utf8')));
    if (problem) {
      io.err(`tar: can't open '${e.name}': ${problem}`);
      st = 1;
    }
  }
  return st;
}
