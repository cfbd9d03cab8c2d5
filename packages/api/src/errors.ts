/**
 * The Kubernetes `Status` object and the one place that builds failure Statuses.
 * Every error that crosses the wire is an ApiError made by a factory below; callers
 * test errors with the predicates (`isNotFound(err)`), never by parsing messages.
 */

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'ServerTimeout'
  | 'Timeout'
  | 'TooManyRequests'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'ServiceUnavailable'
  | '';

export interface StatusCause {
  type?: string;
  message?: string;
  field?: string;
  reason?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { resourceVersion?: string; continue?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** An error that carries the Status the apiserver answers with. */
export class ApiError extends Error {
  readonly status: Status;
  constructor(status: Status) {
    super(status.message ?? status.reason ?? 'unknown error');
    this.name = 'ApiError';
    this.status = status;
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): StatusReason {
    return this.status.reason ?? '';
  }
}

/** What a resource is called in error messages: `pods`, `deployments.apps`. */
export interface Qualified {
  group: string;
  resource: string;
}

function qualifiedName(q: Qualified): string {
  return q.group ? `${q.resource}.${q.group}` : q.resource;
}

export function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
}

export function successStatus(details?: StatusDetails): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}

export const notFound = (q: Qualified, name: string) =>
  failure(404, 'NotFound', `${qualifiedName(q)} "${name}" not found`, { name, group: q.group, kind: q.resource });

export const alreadyExists = (q: Qualified, name: string) =>
  failure(409, 'AlreadyExists', `${qualifiedName(q)} "${name}" already exists`, { name, group: q.group, kind: q.resource });

export const conflict = (
  q: Qualified,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
) =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(q)} "${name}": ${why}`, {
    name,
    group: q.group,
    kind: q.resource,
  });

export const invalid = (kind: string, group: string, name: string, causes: StatusCause[]) =>
  failure(
    422,
    'Invalid',
    `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { name, group, kind, causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })) },
  );

export const badRequest = (message: string) => failure(400, 'BadRequest', message);
export const unauthorized = (message = 'Unauthorized') => failure(401, 'Unauthorized', message);
export const forbidden = (message: string) => failure(403, 'Forbidden', message);
export const methodNotAllowed = (message = 'the server does not allow this method on the requested resource') =>
  failure(405, 'MethodNotAllowed', message);
export const notAcceptable = (message: string) => failure(406, 'NotAcceptable', message);
export const gone = (message: string) => failure(410, 'Gone', message);
/** The 410 that watches and lists at a compacted revision answer. */
export const expired = (message: string) => failure(410, 'Expired', message);
export const tooLarge = (message = 'Request entity too large') => failure(413, 'RequestEntityTooLarge', message);
export const unsupportedMediaType = (contentType: string) =>
  failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType})`,
  );
export const internalError = (message: string) => failure(500, 'InternalError', `Internal error occurred: ${message}`);
export const serviceUnavailable = (message: string) => failure(503, 'ServiceUnavailable', message);
/** kube's NewTimeoutError: 504, the request's outcome is unknown (e.g. a write whose reply never came). */
export const timeout = (message: string, retryAfterSeconds = 0) =>
  failure(504, 'Timeout', `Timeout: ${message}`, retryAfterSeconds > 0 ? { retryAfterSeconds } : undefined);
export const tooLargeResourceVersion = (requested: string, current: string) =>
  failure(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });

function reasonOf(err: unknown): StatusReason | undefined {
  if (err instanceof ApiError) return err.reason;
  const s = (err as { status?: Status } | undefined)?.status;
  return s && typeof s === 'object' ? s.reason : undefined;
}
export const isNotFound = (err: unknown) => reasonOf(err) === 'NotFound';
export const isAlreadyExists = (err: unknown) => reasonOf(err) === 'AlreadyExists';
export const isConflict = (err: unknown) => reasonOf(err) === 'Conflict';
export const isGone = (err: unknown) => reasonOf(err) === 'Gone' || reasonOf(err) === 'Expired';
export const isInvalid = (err: unknown) => reasonOf(err) === 'Invalid';
export const isTooManyRequests = (err: unknown) => reasonOf(err) === 'TooManyRequests';
export const isMethodNotAllowed = (err: unknown) => reasonOf(err) === 'MethodNotAllowed';
