/**
 * Request bodies: read with a size limit, then decode by Content-Type into a plain object.
 * JSON, YAML and Kubernetes protobuf are accepted for objects; patches keep their own types.
 */
import type { IncomingMessage } from 'node:http';
import { type CST, Composer, type Document, isMap, isPair, isScalar, isSeq } from 'yaml';
import { badRequest, tooLarge, unsupportedMediaType, type KubeObject } from '@kemu/api';
import { decodeProtobufBody } from '../protobuf/index.js';
import { MAX_JSON_DEPTH, MAX_YAML_DEPTH, jsonDeeperThan, yamlTokensWithin } from './nesting.js';

/** kube-apiserver's limit for a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The media type without parameters, lower case; '' when absent. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export type BodyFormat = 'json' | 'yaml' | 'protobuf';

export function objectBodyFormat(contentType: string | undefined): BodyFormat {
  const t = mediaType(contentType);
  if (t === '' || t === 'application/json' || t === '*/*') return 'json';
  if (t === 'application/yaml' || t === 'application/x-yaml' || t === 'text/yaml') return 'yaml';
  if (t === 'application/vnd.kubernetes.protobuf') return 'protobuf';
  throw unsupportedMediaType(contentType ?? '');
}

/** Parses JSON or YAML text into a value; malformed or too deeply nested input is a 400. */
export function parseText(buf: Buffer, format: 'json' | 'yaml'): unknown {
  const text = buf.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is empty');
  if (format === 'json') {
    if (jsonDeeperThan(text)) throw badRequest(`error decoding json: exceeded max depth of ${MAX_JSON_DEPTH}`);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw badRequest(`error decoding json: ${(err as Error).message}`);
    }
  }
  const tokens = yamlTokensWithin(text);
  if (!tokens) throw badRequest(`error decoding yaml: exceeded max depth of ${MAX_YAML_DEPTH}`);
  try {
    return composeYaml(tokens);
  } catch (err) {
    throw badRequest(`error decoding yaml: ${(err as Error).message}`);
  }
}

/**
 * The one document of the tokens as a plain value. Duplicate keys are an error (as in kube's YAML
 * decoding), found with one Set per mapping: the library's own check compares every pair of keys,
 * which took minutes on a mapping of 100,000 keys.
 */
function composeYaml(tokens: CST.Token[]): unknown {
  const docs: Document.Parsed[] = [...new Composer({ uniqueKeys: false }).compose(tokens)];
  if (docs.length === 0) return null;
  if (docs.length > 1) throw new Error('the body holds more than one YAML document');
  const doc = docs[0];
  if (doc.errors.length > 0) throw doc.errors[0];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined) {
          if (seen.has(key)) throw new Error(`mapping key ${JSON.stringify(key)} already defined`);
          seen.add(key);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item);
    else if (isPair(node)) stack.push(node.key, node.value);
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/** Decodes an object body (create, update, subresource posts). */
export function decodeObjectBody(buf: Buffer, contentType: string | undefined): KubeObject {
  const format = objectBodyFormat(contentType);
  const value = format === 'protobuf' ? decodeProtobufBody(buf) : parseText(buf, format);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('Object in the request body is not a JSON object');
  }
  const obj = value as KubeObject;
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) throw badRequest('metadata must be an object');
  return obj;
}
