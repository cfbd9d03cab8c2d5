import { describe, expect, it } from 'vitest';
import { resolveImage } from './image-catalog.js';
import { parseImageRef } from './image-ref.js';

describe('resolveImage', () => {
  it.each([
    ['gcr.io/google-samples/kubernetes-bootcamp:v1', 'bootcamp', 1, 'gcr.io/google-samples/kubernetes-bootcamp:v1'],
    ['jocatalin/kubernetes-bootcamp:v2', 'bootcamp', 2, 'docker.io/jocatalin/kubernetes-bootcamp:v2'],
    ['docker.io/jocatalin/kubernetes-bootcamp:v1', 'bootcamp', 1, 'docker.io/jocatalin/kubernetes-bootcamp:v1'],
    ['nginx', 'nginx', undefined, 'docker.io/library/nginx:latest'],
    ['nginx:1.14.2', 'nginx', undefined, 'docker.io/library/nginx:1.14.2'],
    ['library/nginx:alpine', 'nginx', undefined, 'docker.io/library/nginx:alpine'],
    ['busybox:1.36', 'shell', undefined, 'docker.io/library/busybox:1.36'],
    ['registry.example.com:5000/team/app:3', 'echo', undefined, 'registry.example.com:5000/team/app:3'],
    ['myorg/whatever', 'echo', undefined, 'docker.io/myorg/whatever:latest'],
  ])('%s runs %s', (image, app, version, name) => {
    const r = resolveImage(image);
    expect(r.found).toBe(true);
    if (!r.found) return;
    expect(r.record.app).toBe(app);
    expect(r.record.params?.version).toBe(version);
    expect(r.name).toBe(name);
    expect(r.imageID).toMatch(/@sha256:[0-9a-f]{64}$/);
  });

  it.each([
    'jocatalin/kubernetes-bootcamp:v10',
    'gcr.io/google-samples/kubernetes-bootcamp:v2',
    'gcr.io/google-samples/kubernetes-bootcamp',
  ])('%s does not exist', (image) => {
    const r = resolveImage(image);
    expect(r.found).toBe(false);
    if (r.found) return;
    expect(r.reason).toBe('NotFound');
    expect(r.message).toContain('not found');
  });

  it.each(['', 'Nginx:Latest', 'nginx:', 'a b'])('"%s" is an invalid image name', (image) => {
    const r = resolveImage(image);
    expect(r).toMatchObject({ found: false, reason: 'InvalidImageName' });
  });

  it('gives the same imageID for the same image everywhere', () => {
    const a = resolveImage('nginx:1.27');
    const b = resolveImage('docker.io/library/nginx:1.27');
    expect(a.found && b.found && a.imageID === b.imageID).toBe(true);
  });

  it('parses digests', () => {
    const ref = parseImageRef('nginx@sha256:' + 'a'.repeat(64));
    expect(ref).toMatchObject({ repository: 'docker.io/library/nginx', tag: '' });
    expect(resolveImage('nginx@sha256:' + 'a'.repeat(64))).toMatchObject({ found: true });
  });
});
