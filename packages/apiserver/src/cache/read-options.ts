/**
 * The read options of get, list and watch requests (`resourceVersion`, `resourceVersionMatch`,
 * `limit`, `continue`, `sendInitialEvents`), parsed and validated as kube-apiserver does
 * (ValidateListOptions): malformed values are a 400, forbidden combinations a 422 on ListOptions.
 */
import { badRequest, invalid, type StatusCause } from '@kemu/api';

export type ResourceVersionMatch = '' | 'Exact' | 'NotOlderThan';

export interface ReadOptions {
  /** '' (most recent, consistent), '0' (any) or a decimal revision. */
  resourceVersion: string;
  match: ResourceVersionMatch;
}

export interface ListOptions extends ReadOptions {
  /** 0 = no limit. */
  limit: number;
  continue: string;
}

export interface WatchOptions extends ReadOptions {
  /** undefined = not set (legacy: initial state only for resourceVersion ""/"0"). */
  sendInitialEvents: boolean | undefined;
  allowWatchBookmarks: boolean;
}

/** The revision a resourceVersion names; 0 for "" and "0". */
export function revisionOf(rv: string): number {
  return rv === '' ? 0 : Number(rv);
}

const MAX_UINT64 = 2n ** 64n - 1n;

function parseResourceVersion(q: URLSearchParams): string {
  const rv = q.get('resourceVersion') ?? '';
  // As kube-apiserver's strconv.ParseUint(rv, 10, 64): decimal digits that fit in a uint64.
  if (rv !== '' && (!/^\d+$/.test(rv) || BigInt(rv) > MAX_UINT64)) throw badRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return rv;
}

function listOptionsInvalid(causes: StatusCause[]): never {
  throw invalid('ListOptions', 'meta.k8s.io', '', causes);
}

const forbidden = (field: string, why: string): StatusCause => ({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${why}` });
const notSupported = (field: string, value: string, supported: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

export function parseGetOptions(q: URLSearchParams): ReadOptions {
  const resourceVersion = parseResourceVersion(q);
  const match = (q.get('resourceVersionMatch') ?? '') as ResourceVersionMatch;
  if (match !== '' && match !== 'Exact' && match !== 'NotOlderThan') {
    listOptionsInvalid([notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', ''])]);
  }
  return { resourceVersion, match: resourceVersion === '' ? '' : match };
}

export function parseListOptions(q: URLSearchParams): ListOptions {
  const resourceVersion = parseResourceVersion(q);
  const match = q.get('resourceVersionMatch') ?? '';
  const cont = q.get('continue') ?? '';
  const limitText = q.get('limit');
  let limit = 0;
  if (limitText !== null && limitText !== '') {
    if (!/^-?\d+$/.test(limitText)) throw badRequest(`invalid limit: ${JSON.stringify(limitText)}`);
    limit = Math.max(0, Number(limitText));
  }
  const causes: StatusCause[] = [];
  if (match !== '') {
    if (resourceVersion === '')
      causes.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (cont !== '') causes.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== 'Exact' && match !== 'NotOlderThan')
      causes.push(notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
    if (match === 'Exact' && resourceVersion === '0')
      causes.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (q.get('sendInitialEvents') !== null) causes.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  if (causes.length) listOptionsInvalid(causes);
  if (cont !== '' && resourceVersion !== '' && resourceVersion !== '0') {
    throw badRequest('specifying resource version is not allowed when using continue');
  }
  return { resourceVersion, match: match as ResourceVersionMatch, limit, continue: cont };
}

export function parseWatchOptions(q: URLSearchParams): WatchOptions {
  const resourceVersion = parseResourceVersion(q);
  const match = q.get('resourceVersionMatch') ?? '';
  const sie = q.get('sendInitialEvents');
  const allowWatchBookmarks = q.get('allowWatchBookmarks') === 'true';
  let sendInitialEvents: boolean | undefined;
  if (sie !== null) {
    if (sie !== 'true' && sie !== 'false') throw badRequest(`invalid sendInitialEvents: ${JSON.stringify(sie)}`);
    sendInitialEvents = sie === 'true';
  }
  const causes: StatusCause[] = [];
  if (sendInitialEvents !== undefined) {
    if (match !== 'NotOlderThan')
      causes.push(forbidden('resourceVersionMatch', `sendInitialEvents requires setting resourceVersionMatch to NotOlderThan`));
    if (sendInitialEvents && !allowWatchBookmarks)
      causes.push(forbidden('allowWatchBookmarks', 'allowWatchBookmarks must be set to true when sendInitialEvents is true'));
  } else if (match !== '') {
    causes.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
  }
  if (match !== '' && match !== 'NotOlderThan') causes.push(notSupported('resourceVersionMatch', match, ['NotOlderThan', '']));
  if (causes.length) listOptionsInvalid(causes);
  return { resourceVersion, match: match as ResourceVersionMatch, sendInitialEvents, allowWatchBookmarks };
}
