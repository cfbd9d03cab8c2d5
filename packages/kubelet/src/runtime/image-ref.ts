/**
 * Image references as the container runtime normalizes them: `nginx` is
 * `docker.io/library/nginx:latest`, `jocatalin/kubernetes-bootcamp:v2` lives on docker.io.
 */

export interface ImageRef {
  /** What the pod spec said. */
  raw: string;
  /** Registry host, e.g. `docker.io`, `gcr.io`, `localhost:5000`. */
  registry: string;
  /** Registry host + path, e.g. `docker.io/library/nginx`. */
  repository: string;
  /** `latest` when neither tag nor digest was given. */
  tag: string;
  digest?: string;
}

/** Parses an image reference; returns undefined for syntactically invalid ones. */
export function parseImageRef(raw: string): ImageRef | undefined {
  const s = raw.trim();
  if (!s || /\s/.test(s)) return undefined;
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  if (parts.some((p) => !p)) return undefined;
  let registry = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) registry = parts.shift()!;
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (!parts.every((p) => /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(p))) return undefined;
  return { raw: s, registry, repository: `${registry}/${parts.join('/')}`, tag: tag ?? (digest ? '' : 'latest'), digest };
}

/** The normalized name the runtime reports in containerStatuses[].image. */
export function normalizedName(ref: ImageRef): string {
  return ref.digest ? `${ref.repository}@${ref.digest}` : `${ref.repository}:${ref.tag}`;
}
