/**
 * SPDY/3.1 framing (draft 3.1, section 2.2), big-endian:
 *   control frame  1 | version:15 (3) | type:16 | flags:8 | length:24 | payload
 *   data frame     0 | streamId:31              | flags:8 | length:24 | data
 * `FrameReader` cuts a byte stream (TCP or WebSocket messages, whose boundaries mean nothing) into
 * frames; header blocks stay compressed here (see header-block.ts).
 */

export const SPDY_VERSION = 3;

export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

export const FLAG_FIN = 0x01;

/** RST_STREAM status codes. */
export const RstStatus = {
  PROTOCOL_ERROR: 1,
  INVALID_STREAM: 2,
  REFUSED_STREAM: 3,
  CANCEL: 5,
  INTERNAL_ERROR: 6,
  STREAM_IN_USE: 8,
  STREAM_ALREADY_CLOSED: 9,
} as const;

/** GOAWAY status codes. */
export const GoAwayStatus = { OK: 0, PROTOCOL_ERROR: 1, INTERNAL_ERROR: 2 } as const;

export type RawFrame =
  | { control: false; streamId: number; flags: number; data: Buffer }
  | { control: true; version: number; type: number; flags: number; payload: Buffer };

export class SpdyProtocolError extends Error {}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE((((flags & 0xff) << 24) | payload.length) >>> 0, 4);
  return Buffer.concat([head, payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE((((flags & 0xff) << 24) | data.length) >>> 0, 4);
  return Buffer.concat([head, data]);
}

export function synReplyFrame(streamId: number, flags: number, headerBlock: Buffer): Buffer {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(streamId & 0x7fffffff, 0);
  return controlFrame(FrameType.SYN_REPLY, flags, Buffer.concat([id, headerBlock]));
}

export function synStreamFrame(streamId: number, flags: number, headerBlock: Buffer, priority = 0): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt32BE(streamId & 0x7fffffff, 0);
  fixed.writeUInt32BE(0, 4);
  fixed.writeUInt8((priority & 7) << 5, 8);
  return controlFrame(FrameType.SYN_STREAM, flags, Buffer.concat([fixed, headerBlock]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(streamId & 0x7fffffff, 0);
  p.writeUInt32BE(status, 4);
  return controlFrame(FrameType.RST_STREAM, 0, p);
}

export function pingFrame(id: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt32BE(id >>> 0, 0);
  return controlFrame(FrameType.PING, 0, p);
}

export function goAwayFrame(lastGoodStreamId: number, status: number): Buffer {
  const p = Buffer.alloc(8);
  p.writeUInt32BE(lastGoodStreamId & 0x7fffffff, 0);
  p.writeUInt32BE(status, 4);
  return controlFrame(FrameType.GOAWAY, 0, p);
}

/** Incremental frame parser: push bytes in, complete frames come out in order. */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RawFrame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: RawFrame[] = [];
    while (this.buf.length >= 8) {
      const word = this.buf.readUInt32BE(0);
      const flagsLen = this.buf.readUInt32BE(4);
      const length = flagsLen & 0xffffff;
      const flags = flagsLen >>> 24;
      if (this.buf.length < 8 + length) break;
      const body = this.buf.subarray(8, 8 + length);
      if (word & 0x80000000) {
        frames.push({ control: true, version: (word >>> 16) & 0x7fff, type: word & 0xffff, flags, payload: body });
      } else {
        frames.push({ control: false, streamId: word & 0x7fffffff, flags, data: body });
      }
      this.buf = this.buf.subarray(8 + length);
    }
    return frames;
  }

  /** Bytes received that do not yet make a whole frame. */
  get pending(): number {
    return this.buf.length;
  }
}
