/**
 * PodTemplate was added as docs/ADDING-A-KIND.md describes (one descriptor file, one registry
 * line): the generic registry serves it with defaults, validation, discovery and a Table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/harness.js';

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const PATH = '/api/v1/namespaces/default/podtemplates';

const template = (name: string) => ({
  apiVersion: 'v1',
  kind: 'PodTemplate',
  metadata: { name },
  template: {
    metadata: { labels: { app: name, tier: 'web' } },
    spec: {
      containers: [
        { name: 'c', image: 'nginx:1.25' },
        { name: 'side', image: 'busybox' },
      ],
    },
  },
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('PodTemplate', () => {
  it('is discovered in core/v1 as a namespaced resource', async () => {
    const r = await h.req('GET', '/api/v1');
    expect(r.body.resources).toContainEqual(
      expect.objectContaining({ name: 'podtemplates', namespaced: true, kind: 'PodTemplate', singularName: 'podtemplate' }),
    );
  });

  it('creates, gets and lists a template with its pod spec defaulted', async () => {
    const created = await h.req('POST', PATH, template('web'));
    expect(created.status).toBe(201);
    expect(created.body.template.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
    });
    expect(created.body.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    const got = await h.req('GET', `${PATH}/web`);
    expect(got.status).toBe(200);
    expect(got.body.metadata.uid).toBe(created.body.metadata.uid);
    const list = await h.req('GET', PATH);
    expect(list.body.kind).toBe('PodTemplateList');
    expect(list.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['web']);
  });

  it("prints kubectl's columns as a Table", async () => {
    const t = await h.req('GET', PATH, undefined, { accept: TABLE_ACCEPT });
    expect(t.body.kind).toBe('Table');
    expect(t.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Containers', 'Images', 'Pod Labels']);
    expect(t.body.rows[0].cells).toEqual(['web', 'c,side', 'nginx:1.25,busybox', 'app=web,tier=web']);
  });

  it('rejects a template without containers', async () => {
    const r = await h.req('POST', PATH, {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'empty' },
      template: { spec: { containers: [] } },
    });
    expect(r.status).toBe(422);
    expect(r.body.details.causes).toContainEqual(expect.objectContaining({ field: 'template.spec.containers' }));
  });
});
