/**
 * The filesystem a simulated shell sees: the container's own files (a flat map path → content,
 * writable) with volumes mounted over directories (configMap, secret, downwardAPI and projected
 * volumes read-only; emptyDir writable and shared by the pod's containers). Paths are absolute and
 * normalized; directories exist implicitly wherever a file or a mount lies below them.
 * Maps are read by own property only (a file named `__proto__` is a name like any other), and
 * every byte written is charged to the container's memory (memory-account.ts) before it is kept.
 */
import { FILE_OVERHEAD_BYTES, type MemoryLedger } from './memory-account.js';

export interface Mount {
  /** Absolute directory the volume is mounted at. */
  path: string;
  /** Relative path (no leading `/`) → content. Writable mounts are mutated in place. */
  files: Record<string, string>;
  readOnly: boolean;
  /** Bytes a writable volume holds at most (emptyDir sizeLimit…); past it writes fail with ENOSPC. */
  capacityBytes?: number;
}

/** What a writable volume holds at most unless it says (its data outlives the containers that write it). */
export const DEFAULT_VOLUME_CAPACITY_BYTES = 256 * 1024 * 1024;

/** Bytes held by each writable volume's files (the same map is mounted by every container of the pod). */
const volumeUsage = new WeakMap<Record<string, string>, number>();

function usageOf(files: Record<string, string>): number {
  let used = volumeUsage.get(files);
  if (used === undefined) {
    used = Object.entries(files).reduce((sum, [k, v]) => sum + fileCost(k, v), 0);
    volumeUsage.set(files, used);
  }
  return used;
}

/** Directories every container has. */
const BASE_DIRS = ['/bin', '/dev', '/etc', '/proc', '/tmp', '/usr', '/var', '/root'];

export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

function own(map: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

function setOwn(map: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

/** What a file of that name and content costs. */
const fileCost = (name: string, content: string | undefined) =>
  content === undefined ? 0 : FILE_OVERHEAD_BYTES + name.length + content.length;

export class ShellFs {
  /** Directories created with mkdir that hold no file yet. */
  private readonly dirs: Set<string>;

  constructor(
    private readonly files: Record<string, string>,
    private readonly mounts: readonly Mount[] = [],
    dirs?: Set<string>,
    private readonly memory?: MemoryLedger,
  ) {
    this.dirs = dirs ?? new Set();
  }

  private mountOf(p: string): { m: Mount; rel: string } | undefined {
    let best: Mount | undefined;
    for (const m of this.mounts) {
      if ((p === m.path || p.startsWith(m.path + '/')) && (!best || m.path.length > best.path.length)) best = m;
    }
    return best ? { m: best, rel: p === best.path ? '' : p.slice(best.path.length + 1) } : undefined;
  }

  read(p: string): string | undefined {
    const at = this.mountOf(p);
    if (at) return at.rel ? own(at.m.files, at.rel) : undefined;
    return own(this.files, p);
  }

  /** Writes a file; returns an error message (as sh prints it) or undefined. */
  write(p: string, content: string, append = false): string | undefined {
    if (this.isDir(p)) return 'Is a directory';
    const parent = p.slice(0, p.lastIndexOf('/')) || '/';
    if (!this.isDir(parent)) return 'No such file or directory';
    const at = this.mountOf(p);
    if (at?.m.readOnly) return 'Read-only file system';
    const [map, key] = at ? [at.m.files, at.rel] : [this.files, p];
    const old = own(map, key);
    const kept = append ? (old ?? '') : '';
    const delta = FILE_OVERHEAD_BYTES + key.length + kept.length + content.length - fileCost(key, old);
    if (at) {
      const used = usageOf(map);
      if (delta > 0 && used + delta > (at.m.capacityBytes ?? DEFAULT_VOLUME_CAPACITY_BYTES)) return 'No space left on device';
    }
    // Charged before the content is built: past the limit the writer dies and nothing is allocated.
    this.memory?.charge(delta);
    if (at) volumeUsage.set(map, usageOf(map) + delta);
    setOwn(map, key, kept + content);
    return undefined;
  }

  remove(p: string): string | undefined {
    const at = this.mountOf(p);
    if (at) {
      if (at.m.readOnly) return 'Read-only file system';
      return this.delete(at.m.files, at.rel);
    }
    return this.delete(this.files, p);
  }

  private delete(map: Record<string, string>, key: string): string | undefined {
    const old = own(map, key);
    if (old === undefined) return 'No such file or directory';
    delete map[key];
    if (volumeUsage.has(map)) volumeUsage.set(map, usageOf(map) - fileCost(key, old));
    this.memory?.charge(-fileCost(key, old));
    return undefined;
  }

  mkdir(p: string, parents: boolean): string | undefined {
    if (this.isDir(p)) return parents ? undefined : 'File exists';
    if (this.read(p) !== undefined) return 'File exists';
    const parent = p.slice(0, p.lastIndexOf('/')) || '/';
    if (!parents && !this.isDir(parent)) return 'No such file or directory';
    const at = this.mountOf(p);
    if (at?.m.readOnly) return 'Read-only file system';
    this.memory?.charge(FILE_OVERHEAD_BYTES + p.length);
    this.dirs.add(p);
    return undefined;
  }

  isFile(p: string): boolean {
    return this.read(p) !== undefined;
  }

  isDir(p: string): boolean {
    if (p === '/') return true;
    const prefix = p + '/';
    if (BASE_DIRS.includes(p) || this.dirs.has(p)) return true;
    if (this.mounts.some((m) => m.path === p || m.path.startsWith(prefix))) return true;
    const at = this.mountOf(p);
    if (at) return Object.keys(at.m.files).some((f) => f.startsWith(at.rel + '/'));
    return Object.keys(this.files).some((f) => f.startsWith(prefix)) || [...this.dirs].some((d) => d.startsWith(prefix));
  }

  /** Every file path, absolute, sorted. */
  allFiles(): string[] {
    const out = new Set<string>();
    for (const f of Object.keys(this.files)) if (!this.mountOf(f)) out.add(f);
    for (const m of this.mounts) for (const rel of Object.keys(m.files)) out.add(`${m.path}/${rel}`);
    return [...out].sort();
  }

  /** Names directly inside directory `p`. */
  list(p: string): string[] {
    const prefix = p === '/' ? '/' : p + '/';
    const names = new Set<string>();
    const add = (full: string) => {
      if (full.startsWith(prefix) && full.length > prefix.length) names.add(full.slice(prefix.length).split('/')[0]);
    };
    for (const f of this.allFiles()) add(f);
    for (const m of this.mounts) add(m.path);
    for (const d of this.dirs) add(d);
    for (const d of BASE_DIRS) add(d);
    return [...names].sort();
  }
}
