/**
 * SPDY/3.1 as kubectl speaks it (moby/spdystream): framing, header blocks compressed with the
 * SPDY/3 zlib dictionary, and a session with streams. Used for exec's SPDY fallback and for
 * port-forward (plain, or tunnelled in a WebSocket).
 */
export { SPDY3_DICTIONARY } from './dictionary.js';
export { FLAG_FIN, FrameReader, FrameType, RstStatus, controlFrame, dataFrame, pingFrame } from './frames.js';
export { HeaderCompressor, HeaderDecompressor, decodeHeaderBlock, encodeHeaderBlock, type SpdyHeaders } from './header-block.js';
export { SpdySession, SpdyStream, type SpdySessionOptions, type SpdyTransport } from './session.js';
