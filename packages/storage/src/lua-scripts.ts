/**
 * The Lua scripts of src/lua, one per atomic store operation, registered on an ioredis
 * connection with defineCommand (EVALSHA, falling back to EVAL).
 */
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

// The .lua files stay in src/lua: `../src/lua/` resolves to them from both src/ (tests) and dist/.
const LUA_DIR = new URL('../src/lua/', import.meta.url);

type Arg = string | Buffer | number;

/** The commands defineLuaCommands adds; `…Buffer` variants return bulk strings as Buffers. */
export interface LuaCommands {
  kemuCreate(
    obj: string,
    index: string,
    rev: string,
    log: string,
    ttl: string,
    key: string,
    value: Buffer,
    deadline: string,
  ): Promise<[number, number]>;
  kemuUpdateBuffer(
    obj: string,
    rev: string,
    log: string,
    ttl: string,
    key: string,
    expected: string,
    value: Buffer,
    deadline: string,
  ): Promise<[number, number, Buffer?]>;
  kemuDeleteBuffer(
    obj: string,
    index: string,
    rev: string,
    log: string,
    ttl: string,
    key: string,
    expected: string,
  ): Promise<[number, number, Buffer?]>;
  kemuListBuffer(index: string, rev: string, min: Arg, max: Arg, objectPrefix: string): Promise<(number | Buffer)[]>;
  kemuCompact(meta: string, log: string, rev: string, revision: string): Promise<[number, number]>;
  kemuInit(meta: string, rev: string, newId: string, createdAt: string, seenId: string, seenRev: string): Promise<[string, number, number]>;
}

const SCRIPTS: [name: string, file: string, keys: number][] = [
  ['kemuCreate', 'create.lua', 5],
  ['kemuUpdate', 'update.lua', 4],
  ['kemuDelete', 'delete.lua', 5],
  ['kemuList', 'list.lua', 2],
  ['kemuCompact', 'compact.lua', 3],
  ['kemuInit', 'init.lua', 2],
];

const sources = new Map<string, string>();

function source(file: string): string {
  let s = sources.get(file);
  if (s === undefined) {
    s = readFileSync(new URL(file, LUA_DIR), 'utf8');
    sources.set(file, s);
  }
  return s;
}

export function defineLuaCommands(conn: Redis): Redis & LuaCommands {
  for (const [name, file, numberOfKeys] of SCRIPTS) conn.defineCommand(name, { numberOfKeys, lua: source(file) });
  return conn as Redis & LuaCommands;
}

/**
 * Runs init.lua with a plain EVAL. On a server that has never seen our scripts (a fresh Redis, a
 * promoted replica) an EVALSHA answers NOSCRIPT and ioredis re-sends it as EVAL only after the
 * commands queued behind it — so writes resent on reconnect would run before the lost-writes
 * check. A plain EVAL keeps init first in the connection's pipeline.
 */
export function evalInit(
  conn: Redis,
  meta: string,
  rev: string,
  newId: string,
  createdAt: string,
  seenId: string,
  seenRev: string,
): Promise<[string, number, number]> {
  return conn.eval(source('init.lua'), 2, meta, rev, newId, createdAt, seenId, seenRev) as Promise<[string, number, number]>;
}
