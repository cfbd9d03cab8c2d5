/**
 * `tar` for the simulated shell — what `kubectl cp` runs in the container:
 *   from the pod: `tar cf - <path>`           → a ustar archive on stdout (names without the leading /)
 *   to the pod:   `tar [--no-same-…] -xmf - [-C dir]` ← an archive on stdin (ustar, GNU or PAX names)
 * Only regular files and directories; contents are UTF-8 text like the rest of ShellFs.
 */
import type { BuiltinIo } from './shell-builtins.js';

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, type: '0' | '5', mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  h.write(name, 0, 100, 'utf8');
  h.write(octal(type === '5' ? 0o755 : 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0' + '00', 257, 'ascii');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

/** Builds an archive of `paths` (files and whole directories). */
export function createTar(io: BuiltinIo, paths: string[], base: string): { archive: Buffer; missing: string[] } {
  const parts: Buffer[] = [];
  const missing: string[] = [];
  const now = io.env.now();
  const nameOf = (abs: string) => (base === '/' ? abs.slice(1) : abs.slice(base.length + 1));
  for (const p of paths) {
    const abs = io.path(p.startsWith('/') ? p : `${base}/${p}`);
    if (io.fs.isFile(abs)) {
      const data = Buffer.from(io.fs.read(abs)!, 'utf8');
      parts.push(header(nameOf(abs), data.length, '0', now), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
    } else if (io.fs.isDir(abs)) {
      const dirs = new Set<string>([abs]);
      const files = io.fs.allFiles().filter((f) => f.startsWith(abs === '/' ? '/' : abs + '/'));
      for (const f of files) for (let d = f.slice(0, f.lastIndexOf('/')); d.length > abs.length; d = d.slice(0, d.lastIndexOf('/'))) dirs.add(d);
      for (const d of [...dirs].sort()) if (d !== '/') parts.push(header(nameOf(d) + '/', 0, '5', now));
      for (const f of files) {
        const data = Buffer.from(io.fs.read(f)!, 'utf8');
        parts.push(header(nameOf(f), data.length, '0', now), data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
      }
    } else {
      missing.push(p);
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return { archive: Buffer.concat(parts), missing };
}

export interface TarEntry { name: string; type: 'file' | 'dir'; data: Buffer }

export function readTar(buf: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let pos = 0;
  let longName: string | undefined;
  while (pos + BLOCK <= buf.length) {
    const h = buf.subarray(pos, pos + BLOCK);
    if (h.every((b) => b === 0)) break;
    const str = (off: number, len: number) => h.subarray(off, off + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156] || 48);
    const prefix = h.subarray(257, 262).toString('ascii') === 'ustar' ? str(345, 155) : '';
    let name = longName ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
    longName = undefined;
    const data = buf.subarray(pos + BLOCK, pos + BLOCK + size);
    pos += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') { longName = data.toString('utf8').replace(/\0.*$/s, ''); continue; }
    if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (path) longName = path[1];
      continue;
    }
    if (type === 'g') continue;
    name = name.replace(/^\.?\/+/, '');
    if (type === '5') out.push({ name: name.replace(/\/$/, ''), type: 'dir', data: Buffer.alloc(0) });
    else if (type === '0' || type === '7') out.push({ name, type: 'file', data: Buffer.from(data) });
  }
  return out;
}

export function tarCommand(args: string[], io: BuiltinIo): number {
  let mode: 'c' | 'x' | 't' | undefined;
  let file: string | undefined;
  let dir = io.cwd();
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      if (a === '--directory') dir = io.path(args[++i] ?? '.');
      else if (a.startsWith('--directory=')) dir = io.path(a.slice(12));
      continue;                                    // --no-same-owner, --no-same-permissions, …
    }
    if (a === '-C') { dir = io.path(args[++i] ?? '.'); continue; }
    const bundle = a.startsWith('-') ? a.slice(1) : i === 0 ? a : undefined;
    if (bundle === undefined) { operands.push(a); continue; }
    for (const f of bundle) {
      if (f === 'c' || f === 'x' || f === 't') mode = f;
      else if (f === 'f') file = args[++i];
      else if (f === 'C') dir = io.path(args[++i] ?? '.');
    }
  }
  if (!mode) { io.err("tar: need at least one option of -[cxt]"); return 1; }
  if (file !== undefined && file !== '-') { io.err(`tar: only '-' (stdin/stdout) is supported as the archive`); return 1; }
  if (mode === 'c') {
    if (operands.length === 0) { io.err('tar: empty archive'); return 1; }
    const { archive, missing } = createTar(io, operands, dir);
    for (const m of missing) io.err(`tar: ${m}: No such file or directory`);
    io.raw(archive);
    return missing.length ? 1 : 0;
  }
  let entries: TarEntry[];
  try {
    entries = readTar(io.stdin ?? Buffer.alloc(0));
  } catch (e) {
    io.err(`tar: invalid tar magic (${(e as Error).message})`);
    return 1;
  }
  if (mode === 't') { if (entries.length) io.out(entries.map((e) => e.name + (e.type === 'dir' ? '/' : '')).join('\n')); return 0; }
  if (!io.fs.isDir(dir)) { io.err(`tar: can't change directory to '${dir}': No such file or directory`); return 1; }
  let st = 0;
  for (const e of entries) {
    const target = io.path(`${dir}/${e.name}`);
    const problem = e.type === 'dir' ? io.fs.mkdir(target, true) : (io.fs.mkdir(target.slice(0, target.lastIndexOf('/')) || '/', true), io.fs.write(target, e.data.toString('utf8')));
    if (problem) { io.err(`tar: can't open '${e.name}': ${problem}`); st = 1; }
  }
  return st;
}
