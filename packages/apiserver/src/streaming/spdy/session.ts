/**
 * A SPDY/3.1 session over any byte transport (a TCP socket after `Upgrade: SPDY/3.1`, or the
 * binary messages of a WebSocket tunnel). It is what kubectl's moby/spdystream talks to:
 * - the peer opens streams with SYN_STREAM (client ids odd, server ids even); `onStream` gets them,
 *   and they must be answered with `reply()` (kubectl blocks until the SYN_REPLY);
 * - DATA frames carry bytes, FLAG_FIN half-closes a direction, RST_STREAM aborts a stream;
 * - PINGs from the peer are echoed; SETTINGS and WINDOW_UPDATE are read and ignored — spdystream
 *   does no flow control, so neither do we when sending;
 * - header blocks share one zlib context per direction, so every incoming frame is handled in
 *   order through one promise chain, and every outgoing frame leaves through another.
 */
import { EventEmitter } from 'node:events';
import {
  FLAG_FIN,
  FrameReader,
  FrameType,
  GoAwayStatus,
  RstStatus,
  SPDY_VERSION,
  SpdyProtocolError,
  dataFrame,
  goAwayFrame,
  pingFrame,
  rstStreamFrame,
  synReplyFrame,
  synStreamFrame,
  type RawFrame,
} from './frames.js';
import { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './header-block.js';

/** Where the session's bytes go. */
export interface SpdyTransport {
  write(chunk: Buffer): void;
  /** Closes the underlying connection. */
  close(): void;
}

export interface SpdySessionOptions {
  /** 'server' accepts odd (client) stream ids and opens even ones; 'client' the reverse. */
  role: 'server' | 'client';
  /** A stream the peer opened. */
  onStream?: (stream: SpdyStream) => void;
  /** The session ended (GOAWAY, protocol error, transport closed). Called once. */
  onClose?: (err?: Error) => void;
}

/** DATA frames we send are cut to this size. */
const MAX_DATA_CHUNK = 32 * 1024;

/**
 * One stream. Events: `data` (Buffer), `end` (the peer half-closed), `reset` (RST_STREAM or the
 * session died), `reply` (headers of the peer's SYN_REPLY, client role).
 */
export class SpdyStream extends EventEmitter {
  /** The peer sent FIN (or the stream was reset). */
  remoteEnded = false;
  /** We sent FIN (or the stream was reset). */
  localEnded = false;
  private replied = false;

  constructor(
    readonly id: number,
    readonly headers: SpdyHeaders,
    private readonly session: SpdySession,
  ) {
    super();
  }

  /** Sends SYN_REPLY (once); `fin` also half-closes our side. */
  reply(headers: SpdyHeaders = {}, fin = false): void {
    if (this.replied) return;
    this.replied = true;
    if (fin) this.localEnded = true;
    this.session.sendReply(this.id, headers, fin);
    this.maybeForget();
  }

  write(data: Buffer | string): void {
    if (this.localEnded) return;
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    for (let i = 0; i < buf.length; i += MAX_DATA_CHUNK) this.session.sendData(this.id, buf.subarray(i, i + MAX_DATA_CHUNK), false);
  }

  /** Half-closes our direction (empty DATA with FLAG_FIN). Idempotent. */
  end(data?: Buffer | string): void {
    if (data !== undefined) this.write(data);
    if (this.localEnded) return;
    this.localEnded = true;
    this.session.sendData(this.id, Buffer.alloc(0), true);
    this.maybeForget();
  }

  /** Aborts the stream in both directions. */
  reset(status: number = RstStatus.CANCEL): void {
    if (this.localEnded && this.remoteEnded) return;
    this.session.sendReset(this.id, status);
    this.onReset();
  }

  /** @internal */
  onData(data: Buffer, fin: boolean): void {
    if (this.remoteEnded) return;
    if (data.length) this.emit('data', data);
    if (fin) {
      this.remoteEnded = true;
      this.emit('end');
      this.maybeForget();
    }
  }

  /** @internal */
  onReset(): void {
    const wasOpen = !(this.localEnded && this.remoteEnded);
    this.localEnded = true;
    this.remoteEnded = true;
    this.session.forget(this.id);
    if (wasOpen) this.emit('reset');
  }

  private maybeForget(): void {
    if (this.localEnded && this.remoteEnded) this.session.forget(this.id);
  }
}

export class SpdySession {
  private readonly reader = new FrameReader();
  private readonly inflater = new HeaderDecompressor();
  private readonly deflater = new HeaderCompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private inbound: Promise<void> = Promise.resolve();
  private outbound: Promise<void> = Promise.resolve();
  private nextId: number;
  private lastPeerId = 0;
  private closed = false;

  constructor(
    private readonly transport: SpdyTransport,
    private readonly opts: SpdySessionOptions,
  ) {
    this.nextId = opts.role === 'server' ? 2 : 1;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Feeds bytes read from the transport. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: RawFrame[];
    try {
      frames = this.reader.push(chunk);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    for (const f of frames) {
      this.inbound = this.inbound.then(() => (this.closed ? undefined : this.handle(f))).catch((err: Error) => this.fail(err));
    }
  }

  /** Opens a stream (client role, and tests); resolves once the SYN_STREAM is on the wire. */
  openStream(headers: SpdyHeaders, fin = false): SpdyStream {
    const id = this.nextId;
    this.nextId += 2;
    const stream = new SpdyStream(id, headers, this);
    if (fin) stream.localEnded = true;
    this.streams.set(id, stream);
    this.enqueue(async () => synStreamFrame(id, fin ? FLAG_FIN : 0, await this.deflater.compress(headers)));
    return stream;
  }

  /** Sends GOAWAY, resets what is open and closes the transport once queued frames are out. */
  close(err?: Error): void {
    if (this.closed) return;
    this.enqueue(async () => goAwayFrame(this.lastPeerId, err ? GoAwayStatus.PROTOCOL_ERROR : GoAwayStatus.OK));
    this.closed = true;
    void this.outbound.then(() => this.transport.close());
    this.teardown(err);
  }

  /** The transport went away underneath us. */
  transportClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.teardown();
  }

  /** @internal */ sendReply(id: number, headers: SpdyHeaders, fin: boolean): void {
    this.enqueue(async () => synReplyFrame(id, fin ? FLAG_FIN : 0, await this.deflater.compress(headers)));
  }
  /** @internal */ sendData(id: number, data: Buffer, fin: boolean): void {
    this.enqueue(async () => dataFrame(id, fin ? FLAG_FIN : 0, data));
  }
  /** @internal */ sendReset(id: number, status: number): void {
    this.enqueue(async () => rstStreamFrame(id, status));
  }
  /** @internal */ forget(id: number): void {
    this.streams.delete(id);
  }

  private enqueue(build: () => Promise<Buffer>): void {
    if (this.closed) return;
    const run = async () => {
      const frame = await build();
      if (!this.transportGone) this.transport.write(frame);
    };
    this.outbound = this.outbound.then(run).catch((err: Error) => this.fail(err));
  }

  private transportGone = false;

  private teardown(err?: Error): void {
    for (const s of [...this.streams.values()]) s.onReset();
    this.streams.clear();
    void this.outbound.then(() => {
      this.transportGone = true;
      this.inflater.close();
      this.deflater.close();
    });
    this.opts.onClose?.(err);
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.close(err instanceof SpdyProtocolError ? err : new SpdyProtocolError(err.message));
  }

  private async handle(f: RawFrame): Promise<void> {
    if (!f.control) {
      const s = this.streams.get(f.streamId);
      if (!s) {
        // Data for a stream we already closed: tell the peer, unless it is just its late FIN.
        if (f.data.length > 0 || !(f.flags & FLAG_FIN)) this.sendReset(f.streamId, RstStatus.INVALID_STREAM);
        return;
      }
      s.onData(f.data, (f.flags & FLAG_FIN) !== 0);
      return;
    }
    if (f.version !== SPDY_VERSION) throw new SpdyProtocolError(`unsupported SPDY version ${f.version}`);
    const p = f.payload;
    switch (f.type) {
      case FrameType.SYN_STREAM: {
        if (p.length < 10) throw new SpdyProtocolError('short SYN_STREAM');
        const id = p.readUInt32BE(0) & 0x7fffffff;
        const headers = await this.inflater.decompress(p.subarray(10));
        const peerParity = this.opts.role === 'server' ? 1 : 0;
        if (id === 0 || id % 2 !== peerParity || id <= this.lastPeerId) {
          this.sendReset(id, RstStatus.PROTOCOL_ERROR);
          return;
        }
        this.lastPeerId = id;
        const stream = new SpdyStream(id, headers, this);
        this.streams.set(id, stream);
        if (f.flags & FLAG_FIN) stream.remoteEnded = true;
        if (this.opts.onStream) this.opts.onStream(stream);
        else stream.reset(RstStatus.REFUSED_STREAM);
        return;
      }
      case FrameType.SYN_REPLY: {
        if (p.length < 4) throw new SpdyProtocolError('short SYN_REPLY');
        const id = p.readUInt32BE(0) & 0x7fffffff;
        const headers = await this.inflater.decompress(p.subarray(4));
        const s = this.streams.get(id);
        if (!s) return;
        s.emit('reply', headers);
        if (f.flags & FLAG_FIN) s.onData(Buffer.alloc(0), true);
        return;
      }
      case FrameType.HEADERS: {
        if (p.length < 4) throw new SpdyProtocolError('short HEADERS');
        await this.inflater.decompress(p.subarray(4)); // keeps the zlib context in step
        const s = this.streams.get(p.readUInt32BE(0) & 0x7fffffff);
        if (s && f.flags & FLAG_FIN) s.onData(Buffer.alloc(0), true);
        return;
      }
      case FrameType.RST_STREAM: {
        if (p.length < 8) throw new SpdyProtocolError('short RST_STREAM');
        this.streams.get(p.readUInt32BE(0) & 0x7fffffff)?.onReset();
        return;
      }
      case FrameType.PING: {
        if (p.length < 4) throw new SpdyProtocolError('short PING');
        const id = p.readUInt32BE(0);
        // Pings the peer initiated have the peer's parity: echo them.
        if (id % 2 === (this.opts.role === 'server' ? 1 : 0)) this.enqueue(async () => pingFrame(id));
        return;
      }
      case FrameType.GOAWAY:
        this.close();
        return;
      default:
        return; // SETTINGS, WINDOW_UPDATE, CREDENTIAL, unknown types: nothing to do
    }
  }
}
