/** Request bodies of writes: an object (JSON, YAML or protobuf), a patch by its media type, DeleteOptions. */
import type { IncomingMessage } from 'node:http';
import { patchTypeOf, unsupportedMediaType, type KubeObject, type PatchType } from '@kemu/api';
import { decodeObjectBody, mediaType, parseText, readBody } from '../http/body.js';
import { parseDeleteOptions, type DeleteOptionsBody } from '../registry/delete-options.js';

export async function readObject(req: IncomingMessage): Promise<KubeObject> {
  const buf = await readBody(req);
  return decodeObjectBody(buf, req.headers['content-type']);
}

/** 415 for a Content-Type that is no patch format. */
export async function readPatch(req: IncomingMessage): Promise<{ type: PatchType; patch: unknown }> {
  const ct = req.headers['content-type'];
  const type = patchTypeOf(ct);
  if (!type) throw unsupportedMediaType(ct ?? '');
  const buf = await readBody(req);
  const patch = parseText(buf, type === 'apply' ? 'yaml' : 'json');
  return { type, patch };
}

/** DeleteOptions from the body (JSON or YAML) and the query. */
export async function readDeleteOptions(req: IncomingMessage, q: URLSearchParams): Promise<DeleteOptionsBody> {
  const buf = await readBody(req);
  const body = buf.length ? parseText(buf, mediaType(req.headers['content-type']) === 'application/yaml' ? 'yaml' : 'json') : undefined;
  return parseDeleteOptions(body, q);
}
