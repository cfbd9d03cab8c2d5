/**
 * Request bodies: read with a size limit, then decode by Content-Type into a plain object.
 * JSON, YAML and Kubernetes protobuf are accepted for objects; patches keep their own types.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest, tooLarge, unsupportedMediaType, type KubeObject } from '@kemu/api';
import { decodeProtobufBody } from '../protobuf/index.js';
import { MAX_JSON_DEPTH, MAX_YAML_DEPTH, jsonDeeperThan, yamlDeeperThan } from './nesting.js';

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
  if (format === 'json' ? jsonDeeperThan(text) : yamlDeeperThan(text)) {
    const limit = format === 'json' ? MAX_JSON_DEPTH : MAX_YAML_DEPTH;
    throw badRequest(`error decoding ${format}: exceeded max depth of ${limit}`);
  }
  try {
    return format === 'json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    const what = format === 'json' ? 'json' : 'yaml';
    throw badRequest(`error decoding ${what}: ${(err as Error).message}`);
  }
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
