/**
 * HTTP watch of a resource served through a conversion: newline-delimited WatchEvents (or Table
 * events) from registry/converted-reads.ts, ending at timeoutSeconds, on disconnect or on shutdown.
 */
import type { KubeObject } from '@kemu/api';
import { watchConverted, watchStartRevision } from '../../registry/converted-reads.js';
import { toTable } from '../../tables/index.js';
import { tableOptions } from '../responses.js';
import type { RequestScope } from '../scope.js';
import { selection } from '../selection.js';

export async function serveConvertedWatch(s: RequestScope): Promise<void> {
  const { r, res, query: q, info } = s;
  const { clock } = s.deps.ctx;
  const closing = s.deps.closing;
  const sel = selection(r, q, info.name);
  const table = tableOptions(s);
  const from = watchStartRevision(q.get('resourceVersion'));
  const timeout = Number(q.get('timeoutSeconds') ?? '0');
  const ac = new AbortController();
  const abort = () => ac.abort();
  res.on('close', abort);
  closing.addEventListener('abort', abort, { once: true });
  const cancelTimeout = timeout !== 0 && Number.isFinite(timeout) ? clock.setTimeout(abort, Math.max(0, timeout * 1000)) : undefined;
  res.writeHead(200, {
    'Content-Type': table ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  let headersSent = false;
  const write = (type: string, object: unknown) => {
    if (!ac.signal.aborted && !res.writableEnded) res.write(JSON.stringify({ type, object }) + '\n');
  };
  try {
    for await (const ev of watchConverted(s.store, s.converted!, info.namespace, sel, from, ac.signal)) {
      if (ev.type === 'ERROR' || !table) {
        write(ev.type, ev.object);
        continue;
      }
      write(ev.type, toTable(r, [ev.object as KubeObject], clock.now(), { includeObject: table.includeObject, noHeaders: headersSent }));
      headersSent = true;
    }
  } finally {
    cancelTimeout?.();
    closing.removeEventListener('abort', abort);
    res.off('close', abort);
    if (!res.writableEnded) res.end();
  }
}
