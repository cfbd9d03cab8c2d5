/**
 * The image catalog: which images exist and what their containers do, as data (KWOK-stage
 * style). A new simulated image is a new record here, not new code. `app` names one of the
 * behaviours in `apps.ts`; `params` parameterize it.
 *
 * Resolution (`resolveImage`):
 *  1. a record for the exact repository and tag (or a `*` tag record for the repository) wins;
 *  2. a repository the catalog knows with a tag it does not list does NOT exist → ErrImagePull;
 *  3. any other well-formed reference runs the generic echo server (`FALLBACK_IMAGE`).
 */
import { createHash } from 'node:crypto';
import { parseImageRef, normalizedName, type ImageRef } from './image-ref.js';

export type AppName = 'bootcamp' | 'nginx' | 'echo' | 'shell' | 'pause';

export interface ImageRecord {
  /** Normalized repository (`docker.io/library/nginx`). */
  repository: string;
  /** A tag, or `*` for every tag. */
  tag: string;
  app: AppName;
  params?: Record<string, string | number>;
  /** Reported in the Pulled event and node status images. */
  sizeBytes: number;
  /** How long a pull takes. */
  pullMs: number;
  /** Files `kubectl exec` sees in the container (path → content). */
  files?: Record<string, string>;
}

const bootcampServerJs = (v: number) => `var http = require('http');
var requests=0;
var podname= process.env.HOSTNAME;
var startTime;
var host;
var handleRequest = function(request, response) {
  response.setHeader('Content-Type', 'text/plain');
  response.writeHead(200);
  response.write("Hello Kubernetes bootcamp! | Running on: ");
  response.write(host);
  response.end(" | v=${v}\\n");
  console.log("Running On:" ,host, "| Total Requests:", ++requests,"| App Uptime:", (new Date() - startTime)/1000 , "seconds", "| Log Time:",new Date());
}
var www = http.createServer(handleRequest);
www.listen(8080,function () {
    startTime = new Date();;
    host = process.env.HOSTNAME;
    console.log ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " ,host, "\\n" );
});
`;
const NGINX_FILES = {
  '/usr/share/nginx/html/index.html':
    '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n',
  '/etc/nginx/conf.d/default.conf':
    'server {\n    listen       80;\n    server_name  localhost;\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n',
};

export const IMAGE_CATALOG: readonly ImageRecord[] = [
  {
    repository: 'gcr.io/google-samples/kubernetes-bootcamp',
    tag: 'v1',
    app: 'bootcamp',
    params: { version: 1 },
    sizeBytes: 211_336_459,
    pullMs: 800,
    files: { '/server.js': bootcampServerJs(1) },
  },
  {
    repository: 'docker.io/jocatalin/kubernetes-bootcamp',
    tag: 'v1',
    app: 'bootcamp',
    params: { version: 1 },
    sizeBytes: 211_336_459,
    pullMs: 800,
    files: { '/server.js': bootcampServerJs(1) },
  },
  {
    repository: 'docker.io/jocatalin/kubernetes-bootcamp',
    tag: 'v2',
    app: 'bootcamp',
    params: { version: 2 },
    sizeBytes: 211_337_174,
    pullMs: 800,
    files: { '/server.js': bootcampServerJs(2) },
  },
  {
    repository: 'docker.io/library/nginx',
    tag: '*',
    app: 'nginx',
    params: { port: 80 },
    sizeBytes: 72_995_104,
    pullMs: 500,
    files: NGINX_FILES,
  },
  { repository: 'docker.io/library/busybox', tag: '*', app: 'shell', sizeBytes: 2_167_176, pullMs: 200 },
  { repository: 'docker.io/library/alpine', tag: '*', app: 'shell', sizeBytes: 3_653_068, pullMs: 200 },
  { repository: 'docker.io/library/ubuntu', tag: '*', app: 'shell', sizeBytes: 29_754_290, pullMs: 400 },
  { repository: 'registry.k8s.io/pause', tag: '*', app: 'pause', sizeBytes: 320_368, pullMs: 100 },
  { repository: 'registry.k8s.io/e2e-test-images/agnhost', tag: '*', app: 'echo', sizeBytes: 51_000_000, pullMs: 400 },
];

/** What runs for an image the catalog does not know. */
export const FALLBACK_IMAGE: Omit<ImageRecord, 'repository' | 'tag'> = { app: 'echo', sizeBytes: 10_485_760, pullMs: 300 };

export type ImageResolution =
  | { found: true; ref: ImageRef; record: ImageRecord; name: string; imageID: string }
  | { found: false; ref?: ImageRef; reason: 'NotFound' | 'InvalidImageName'; message: string };

/** A stable fake content digest, so imageID is the same on every node and run. */
export function imageDigest(repository: string, tag: string): string {
  return 'sha256:' + createHash('sha256').update(`${repository}:${tag}`).digest('hex');
}

export function resolveImage(image: string | undefined, catalog: readonly ImageRecord[] = IMAGE_CATALOG): ImageResolution {
  const ref = image ? parseImageRef(image) : undefined;
  if (!ref) {
    return {
      found: false,
      reason: 'InvalidImageName',
      message: `Failed to apply default image tag "${image ?? ''}": couldn't parse image name "${image ?? ''}": invalid reference format`,
    };
  }
  const name = normalizedName(ref);
  const inRepo = catalog.filter((r) => r.repository === ref.repository);
  let record = ref.digest && !ref.tag ? inRepo[0] : (inRepo.find((r) => r.tag === ref.tag) ?? inRepo.find((r) => r.tag === '*'));
  if (!record && inRepo.length > 0) {
    return {
      found: false,
      ref,
      reason: 'NotFound',
      message: `rpc error: code = NotFound desc = failed to pull and unpack image "${name}": failed to resolve reference "${name}": ${name}: not found`,
    };
  }
  record ??= { ...FALLBACK_IMAGE, repository: ref.repository, tag: ref.tag };
  const digest = ref.digest ?? imageDigest(ref.repository, ref.tag);
  return { found: true, ref, record, name, imageID: `${ref.repository}@${digest}` };
}
