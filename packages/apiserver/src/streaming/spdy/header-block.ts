/**
 * SPDY/3 name/value header blocks (draft 3, section 2.6.10):
 *   count:32, then per pair  len:32 name  len:32 value   (several values joined by NUL)
 * compressed with zlib and the SPDY/3 dictionary in ONE continuous context per direction, each
 * block ending on a Z_SYNC_FLUSH boundary. Names are lowercase on the wire.
 */
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { SpdyProtocolError } from './frames.js';

export type SpdyHeaders = Record<string, string>;

export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const parts: Buffer[] = [];
  const entries = Object.entries(headers);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length, 0);
  parts.push(count);
  for (const [name, value] of entries) {
    for (const s of [name.toLowerCase(), value]) {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length, 0);
      parts.push(len, b);
    }
  }
  return Buffer.concat(parts);
}

/** Decodes an uncompressed block; repeated values (NUL-separated) are joined with `, `. */
export function decodeHeaderBlock(block: Buffer): SpdyHeaders {
  let pos = 0;
  const u32 = () => {
    if (pos + 4 > block.length) throw new SpdyProtocolError('truncated header block');
    const v = block.readUInt32BE(pos);
    pos += 4;
    return v;
  };
  const str = () => {
    const len = u32();
    if (pos + len > block.length) throw new SpdyProtocolError('truncated header block');
    const s = block.subarray(pos, pos + len).toString('utf8');
    pos += len;
    return s;
  };
  const n = u32();
  const out: SpdyHeaders = {};
  for (let i = 0; i < n; i++) {
    const name = str().toLowerCase();
    const value = str();
    out[name] = value.split('\0').join(', ');
  }
  return out;
}

/**
 * One direction's zlib context. Calls are serialized: each resolves with exactly the output of
 * its own input, flushed with Z_SYNC_FLUSH.
 */
class ZlibContext {
  private chain: Promise<unknown> = Promise.resolve();
  private failed?: Error;

  constructor(private readonly z: zlib.Deflate | zlib.Inflate) {
    z.on('error', (err: Error) => {
      this.failed = err;
    });
  }

  process(input: Buffer): Promise<Buffer> {
    const run = () =>
      new Promise<Buffer>((resolve, reject) => {
        if (this.failed) {
          reject(new SpdyProtocolError(`header compression failed: ${this.failed.message}`));
          return;
        }
        const out: Buffer[] = [];
        const onData = (c: Buffer) => out.push(c);
        const onError = (err: Error) => {
          this.z.off('data', onData);
          reject(new SpdyProtocolError(`header compression failed: ${err.message}`));
        };
        this.z.on('data', onData);
        this.z.once('error', onError);
        this.z.write(input);
        this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
          this.z.off('data', onData);
          this.z.off('error', onError);
          if (this.failed) reject(new SpdyProtocolError(`header compression failed: ${this.failed.message}`));
          else resolve(Buffer.concat(out));
        });
      });
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  close(): void {
    this.z.close();
  }
}

export class HeaderCompressor {
  private readonly ctx = new ZlibContext(zlib.createDeflate({ dictionary: SPDY3_DICTIONARY }));
  compress(headers: SpdyHeaders): Promise<Buffer> {
    return this.ctx.process(encodeHeaderBlock(headers));
  }
  close(): void {
    this.ctx.close();
  }
}

export class HeaderDecompressor {
  private readonly ctx = new ZlibContext(zlib.createInflate({ dictionary: SPDY3_DICTIONARY }));
  async decompress(compressed: Buffer): Promise<SpdyHeaders> {
    return decodeHeaderBlock(await this.ctx.process(compressed));
  }
  close(): void {
    this.ctx.close();
  }
}
