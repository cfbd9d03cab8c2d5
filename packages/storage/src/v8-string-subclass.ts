/**
 * A workaround for a V8 performance cliff that ioredis triggers, imported before anything else
 * uses ioredis.
 *
 * ioredis 6 declares `class VerbatimString extends String` (built/resp/verbatim-string.js) and
 * constructs it only for RESP3 verbatim-string replies, which kemu never receives. On Node 20's
 * V8, a String subclass that is declared but never constructed makes String.prototype.charCodeAt
 * slow in optimized code for the whole process: msgpackr's pack of a 1.7 KB pod went from 7 µs
 * to 24 µs, and a JavaScript loop over a string's characters ran 2–5× slower, in every process
 * that had merely loaded ioredis. Constructing the class once restores the fast path (measured:
 * bench/RESULTS.md, "ioredis and charCodeAt").
 *
 * If a later ioredis moves or drops the file there is nothing to work around, so a failed require
 * is ignored.
 */
import { createRequire } from 'node:module';

try {
  const { VerbatimString } = createRequire(import.meta.url)('ioredis/built/resp/verbatim-string.js') as {
    VerbatimString: new (format: string, value: string) => unknown;
  };
  new VerbatimString('txt', '');
} catch {
  // Not there: nothing to do.
}
