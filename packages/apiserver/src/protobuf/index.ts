/**
 * Decoding of Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), as
 * the typed clients of kubectl send them: the 4-byte magic `k8s\0`, then a runtime.Unknown
 * envelope whose `raw` holds the object message named by its apiVersion/kind. The result is
 * the JSON object the same Go value would marshal to.
 */
import { badRequest, type KubeObject } from '@kemu/api';
import { convertMessage } from './decode.js';
import { lookupMessage, messageNameFor } from './registry.js';

export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

interface Unknown {
  typeMeta?: { apiVersion?: string; kind?: string };
  raw?: Uint8Array;
  contentEncoding?: string;
  contentType?: string;
}

/** Decodes a protobuf request body into its JSON-equivalent object; throws ApiError 400. */
export function decodeProtobufBody(body: Buffer): KubeObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(PROTOBUF_MAGIC)) {
    throw badRequest('the protobuf body does not start with the Kubernetes magic prefix "k8s\\x00"');
  }
  const envelopeType = lookupMessage('apimachinery.pkg.runtime.Unknown')!;
  let envelope: Unknown;
  try {
    envelope = envelopeType.decode(body.subarray(4)) as unknown as Unknown;
  } catch (err) {
    throw badRequest(`unable to decode the protobuf envelope: ${(err as Error).message}`);
  }
  const apiVersion = envelope.typeMeta?.apiVersion ?? '';
  const kind = envelope.typeMeta?.kind ?? '';
  if (!kind) throw badRequest("Object 'Kind' is missing in the protobuf body");
  if (envelope.contentEncoding) throw badRequest(`unsupported protobuf content encoding ${JSON.stringify(envelope.contentEncoding)}`);
  const name = messageNameFor(apiVersion, kind);
  const type = name ? lookupMessage(name) : undefined;
  if (!type) throw badRequest(`no kind "${kind}" is registered for version "${apiVersion}" in protobuf`);
  let msg: unknown;
  try {
    msg = type.decode(envelope.raw ?? new Uint8Array());
  } catch (err) {
    throw badRequest(`unable to decode ${kind} from protobuf: ${(err as Error).message}`);
  }
  const converted = convertMessage(msg as Record<string, unknown>, type) as Record<string, unknown>;
  const { metadata, ...rest } = converted;
  return { apiVersion, kind, metadata: (metadata as KubeObject['metadata']) ?? {}, ...rest };
}
