/**
 * kube-apiserver's static token file (`--token-auth-file`): a CSV with one credential a line,
 * `token,user,uid[,"group1,group2,…"]`. Blank lines and lines starting with `#` are skipped.
 */
import { readFileSync } from 'node:fs';
import type { UserInfo } from './user.js';

export class TokenFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenFileError';
  }
}

/** Splits one CSV record: fields separated by commas, a field may be double-quoted ("" escapes "). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new TokenFileError('unterminated quoted field');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += line[i++];
      }
      out.push(v);
      if (i < line.length && line[i] !== ',') throw new TokenFileError('text after a quoted field');
      i++;
    } else {
      const end = line.indexOf(',', i);
      const stop = end < 0 ? line.length : end;
      out.push(line.slice(i, stop).trim());
      i = stop + 1;
    }
  }
  return out;
}

/** Parses the file's text into token → user. Duplicate tokens and short records are errors. */
export function parseTokenFile(text: string, source = 'token file'): Map<string, UserInfo> {
  const users = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let fields: string[];
    try {
      fields = csvFields(line);
    } catch (err) {
      throw new TokenFileError(`${source}:${index + 1}: ${(err as Error).message}`);
    }
    if (fields.length < 3)
      throw new TokenFileError(`${source}:${index + 1}: expected token,user,uid[,groups], got ${fields.length} fields`);
    const [token, name, uid, groups] = fields;
    if (!token || !name) throw new TokenFileError(`${source}:${index + 1}: token and user must not be empty`);
    if (users.has(token)) throw new TokenFileError(`${source}:${index + 1}: duplicate token`);
    users.set(token, {
      name,
      uid,
      groups: groups
        ? groups
            .split(',')
            .map((g) => g.trim())
            .filter(Boolean)
        : [],
    });
  });
  return users;
}

export function readTokenFile(path: string): Map<string, UserInfo> {
  return parseTokenFile(readFileSync(path, 'utf8'), path);
}

/** One CSV line for a credential (the inverse of parseTokenFile, for whoever writes the file). */
export function tokenFileLine(token: string, user: UserInfo): string {
  const groups = user.groups.length ? `,"${user.groups.join(',')}"` : '';
  return `${token},${user.name},${user.uid}${groups}`;
}
