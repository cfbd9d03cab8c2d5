import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  FLAG_FIN,
  FrameReader,
  FrameType,
  HeaderCompressor,
  HeaderDecompressor,
  RstStatus,
  SPDY3_DICTIONARY,
  SpdySession,
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  pingFrame,
  type SpdyStream,
} from './index.js';

/** Two sessions wired back to back through their transports. */
function pair(onStream: (s: SpdyStream) => void) {
  const toServer: Buffer[] = [];
  const toClient: Buffer[] = [];
  const server = new SpdySession(
    {
      write: (b) => {
        toClient.push(b);
        client.receive(b);
      },
      close: () => client.transportClosed(),
    },
    { role: 'server', onStream },
  );
  const client: SpdySession = new SpdySession(
    {
      write: (b) => {
        toServer.push(b);
        server.receive(b);
      },
      close: () => server.transportClosed(),
    },
    { role: 'client' },
  );
  return { server, client, toServer, toClient };
}

const next = (s: SpdyStream, ev: string) => new Promise<any>((r) => s.once(ev, r));

describe('SPDY/3 dictionary', () => {
  it('is the 1423 bytes of draft 3 section 2.6.10.1', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(SPDY3_DICTIONARY.subarray(0, 11).toString('latin1')).toBe('\0\0\0\x07options');
    expect(SPDY3_DICTIONARY.subarray(-8).toString('latin1')).toBe('*,enq=0.');
  });
});

describe('SPDY framing', () => {
  it('cuts a byte stream into frames however it is split', () => {
    const bytes = Buffer.concat([dataFrame(3, FLAG_FIN, Buffer.from('hello')), pingFrame(7), dataFrame(5, 0, Buffer.alloc(0))]);
    for (let cut = 1; cut < bytes.length; cut += 3) {
      const r = new FrameReader();
      const frames = [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut))];
      expect(frames).toHaveLength(3);
      expect(frames[0]).toMatchObject({ control: false, streamId: 3, flags: FLAG_FIN });
      expect((frames[0] as { data: Buffer }).data.toString()).toBe('hello');
      expect(frames[1]).toMatchObject({ control: true, version: 3, type: FrameType.PING, flags: 0 });
      expect((frames[1] as { payload: Buffer }).payload.readUInt32BE(0)).toBe(7);
      expect(frames[2]).toMatchObject({ control: false, streamId: 5 });
      expect(r.pending).toBe(0);
    }
  });

  it('writes control frame headers as 1|version|type|flags|length', () => {
    const f = controlFrame(FrameType.RST_STREAM, 0, Buffer.alloc(8));
    expect([...f.subarray(0, 8)]).toEqual([0x80, 0x03, 0x00, 0x03, 0x00, 0x00, 0x00, 0x08]);
  });
});

describe('SPDY header blocks', () => {
  it('encodes count, then length-prefixed lowercase names and values', () => {
    const block = encodeHeaderBlock({ StreamType: 'error', port: '8080' });
    expect(block.readUInt32BE(0)).toBe(2);
    expect(decodeHeaderBlock(block)).toEqual({ streamtype: 'error', port: '8080' });
  });

  it('compresses in one continuous zlib context with the dictionary', async () => {
    const c = new HeaderCompressor();
    const first = await c.compress({ streamtype: 'data', port: '80', requestid: '0' });
    const second = await c.compress({ streamtype: 'data', port: '80', requestid: '1' });
    // An independent inflater with the dictionary reads the concatenation (Z_SYNC_FLUSH boundaries).
    const plain = zlib.inflateSync(Buffer.concat([first, second]), {
      dictionary: SPDY3_DICTIONARY,
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
    const a = encodeHeaderBlock({ streamtype: 'data', port: '80', requestid: '0' });
    expect(decodeHeaderBlock(plain.subarray(0, a.length))).toEqual({ streamtype: 'data', port: '80', requestid: '0' });
    expect(decodeHeaderBlock(plain.subarray(a.length))).toEqual({ streamtype: 'data', port: '80', requestid: '1' });
    c.close();
  });

  it('decompresses what a dictionary deflater wrote, block after block', async () => {
    const def = zlib.createDeflate({ dictionary: SPDY3_DICTIONARY });
    const blocks: Buffer[] = [];
    for (const h of [{ streamtype: 'error' }, { streamtype: 'stdout' }]) {
      blocks.push(
        await new Promise<Buffer>((resolve) => {
          const out: Buffer[] = [];
          const on = (b: Buffer) => out.push(b);
          def.on('data', on);
          def.write(encodeHeaderBlock(h));
          def.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            def.off('data', on);
            resolve(Buffer.concat(out));
          });
        }),
      );
    }
    const d = new HeaderDecompressor();
    expect(await d.decompress(blocks[0])).toEqual({ streamtype: 'error' });
    expect(await d.decompress(blocks[1])).toEqual({ streamtype: 'stdout' });
    d.close();
    def.close();
  });

  it('rejects a truncated block', () => {
    expect(() => decodeHeaderBlock(Buffer.from([0, 0, 0, 1, 0, 0, 0, 9, 97]))).toThrow(/truncated/);
  });
});

describe('SPDY session', () => {
  it('opens, replies, exchanges data both ways and half-closes', async () => {
    const accepted: SpdyStream[] = [];
    const got: string[] = [];
    const { client } = pair((s) => {
      accepted.push(s);
      s.reply();
      s.on('data', (d: Buffer) => {
        got.push(d.toString());
        s.write(d.toString().toUpperCase());
      });
      s.on('end', () => s.end());
    });
    const a = client.openStream({ streamtype: 'data', port: '8080', requestid: '0' });
    const replied = next(a, 'reply');
    a.write('ping');
    const echoed = next(a, 'data');
    expect(await replied).toEqual({});
    expect((await echoed).toString()).toBe('PING');
    expect(accepted[0].headers).toEqual({ streamtype: 'data', port: '8080', requestid: '0' });
    expect(accepted[0].id).toBe(1);
    const ended = next(a, 'end');
    a.end();
    await ended;
    expect(got).toEqual(['ping']);
    // A second stream reuses the same zlib contexts.
    const b = client.openStream({ streamtype: 'error', port: '8080', requestid: '1' });
    await next(b, 'reply');
    expect(accepted[1]).toMatchObject({ id: 3, headers: { streamtype: 'error', port: '8080', requestid: '1' } });
  });

  it('echoes the peer pings and reports resets', async () => {
    let serverStream: SpdyStream | undefined;
    const { client, toClient } = pair((s) => {
      serverStream = s;
      s.reply();
    });
    client.receive(Buffer.alloc(0));
    const s = client.openStream({ streamtype: 'data' });
    await next(s, 'reply');
    const reset = next(serverStream!, 'reset');
    s.reset(RstStatus.CANCEL);
    await reset;
    // A raw client PING (odd id) comes back unchanged.
    const before = toClient.length;
    (client as unknown as { transport: { write(b: Buffer): void } }).transport.write(pingFrame(5));
    await new Promise((r) => setImmediate(r));
    expect(toClient.slice(before).some((b) => b.equals(pingFrame(5)))).toBe(true);
  });

  it('closes on a protocol error instead of crashing', async () => {
    let closed: Error | undefined;
    const writes: Buffer[] = [];
    const server = new SpdySession(
      { write: (b) => writes.push(b), close: () => {} },
      {
        role: 'server',
        onClose: (err) => {
          closed = err;
        },
      },
    );
    server.receive(controlFrame(FrameType.SYN_STREAM, 0, Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 2, 3])));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed?.message).toMatch(/header compression failed/);
    expect(server.isClosed).toBe(true);
  });
});
