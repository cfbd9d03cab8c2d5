import { describe, expect, it } from 'vitest';
import { R } from '../resources.js';
import type { KubeObject } from '../types.js';
import { applyJsonSchemaDefaults, defaultObject, imageTag } from './index.js';

const pod = (spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec,
});

describe('imageTag', () => {
  it.each([
    ['nginx', 'latest'],
    ['nginx:latest', 'latest'],
    ['nginx:1.25', '1.25'],
    ['localhost:5000/app', 'latest'],
    ['localhost:5000/app:v2', 'v2'],
    ['nginx@sha256:abc', ''],
    ['nginx:1.25@sha256:abc', '1.25'],
  ])('%s → %s', (image, tag) => expect(imageTag(image)).toBe(tag));
});

describe('defaultObject', () => {
  it('never mutates its input and drops null fields', () => {
    const input = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', creationTimestamp: null },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    } as unknown as KubeObject;
    const before = structuredClone(input);
    const out = defaultObject(R.pods, input);
    expect(input).toEqual(before);
    expect(out.metadata).toEqual({ name: 'p' });
  });

  it('defaults a pod like Kubernetes', () => {
    const out = defaultObject(R.pods, pod({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] }));
    expect((out as any).spec).toEqual({
      containers: [
        {
          name: 'c',
          image: 'nginx',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          imagePullPolicy: 'Always',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
        },
      ],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  });

  it('leaves the service account, priority and not-ready tolerations to admission', () => {
    const spec = (defaultObject(R.pods, pod({ containers: [{ name: 'c', image: 'nginx' }] })) as any).spec;
    expect(spec).not.toHaveProperty('serviceAccountName');
    expect(spec).not.toHaveProperty('serviceAccount');
    expect(spec).not.toHaveProperty('priority');
    expect(spec).not.toHaveProperty('tolerations');
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ])('defaults imagePullPolicy of %s to %s', (image, policy) => {
    const out = defaultObject(R.pods, pod({ containers: [{ name: 'c', image }] })) as any;
    expect(out.spec.containers[0].imagePullPolicy).toBe(policy);
  });

  it('keeps values that are set', () => {
    const out = defaultObject(
      R.pods,
      pod({
        containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never' }],
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 0,
        enableServiceLinks: false,
        serviceAccountName: 'robot',
        tolerations: [{ operator: 'Exists' }],
      }),
    ) as any;
    expect(out.spec).toMatchObject({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      serviceAccountName: 'robot',
    });
    expect(out.spec.containers[0].imagePullPolicy).toBe('Never');
    expect(out.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('defaults probes, HTTP actions, requests from limits and volumes', () => {
    const out = defaultObject(
      R.pods,
      pod({
        containers: [
          {
            name: 'c',
            image: 'i:1',
            livenessProbe: { httpGet: { port: 8080 } },
            readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
            resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
            volumeMounts: [{ name: 'v', mountPath: '/v' }],
            env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          },
        ],
        volumes: [{ name: 'v' }, { name: 's', secret: { secretName: 'x' } }, { name: 'cm', configMap: { name: 'y', defaultMode: 256 } }],
      }),
    ) as any;
    const c = out.spec.containers[0];
    expect(c.livenessProbe).toEqual({
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.readinessProbe).toEqual({
      tcpSocket: { port: 80 },
      timeoutSeconds: 1,
      periodSeconds: 5,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.resources).toEqual({ limits: { cpu: '500m' }, requests: { memory: '64Mi', cpu: '500m' } });
    expect(c.env[0].valueFrom.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'metadata.name' });
    expect(out.spec.volumes).toEqual([
      { name: 'v', emptyDir: {} },
      { name: 's', secret: { secretName: 'x', defaultMode: 420 } },
      { name: 'cm', configMap: { name: 'y', defaultMode: 256 } },
    ]);
  });

  it('defaults a deployment, and its template as a PodSpec (not as a Pod)', () => {
    const out = defaultObject(R.deployments, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'd' } },
        template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
        strategy: {},
      },
    }) as any;
    expect(out.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    });
    expect(out.spec.template.spec).toEqual({
      containers: [
        {
          name: 'c',
          image: 'nginx:1',
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          resources: {},
        },
      ],
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
    });
  });

  it('leaves a Recreate strategy without rollingUpdate and keeps replicas 0', () => {
    const out = defaultObject(R.deployments, { metadata: { name: 'd' }, spec: { replicas: 0, strategy: { type: 'Recreate' } } }) as any;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    expect(out.spec.replicas).toBe(0);
  });

  it('defaults replica sets and replication controllers', () => {
    const rs = defaultObject(R.replicasets, {
      metadata: { name: 'r' },
      spec: { selector: {}, template: { spec: { containers: [] } } },
    }) as any;
    expect(rs.spec.replicas).toBe(1);
    expect(rs.spec.template.spec.restartPolicy).toBe('Always');
    const rc = defaultObject(R.replicationcontrollers, {
      metadata: { name: 'rc' },
      spec: { template: { metadata: { labels: { name: 'x' } }, spec: { containers: [] } } },
    }) as any;
    expect(rc.spec.selector).toEqual({ name: 'x' });
    expect(rc.metadata.labels).toEqual({ name: 'x' });
    expect(rc.spec.replicas).toBe(1);
  });

  it.each([
    [
      'ClusterIP',
      { type: undefined },
      { type: 'ClusterIP', sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' },
    ],
    ['NodePort', { type: 'NodePort' }, { type: 'NodePort', externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' }],
    ['LoadBalancer', { type: 'LoadBalancer' }, { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true }],
  ])('defaults a %s service', (_name, extra, expected) => {
    const out = defaultObject(R.services, {
      metadata: { name: 's' },
      spec: { ...extra, ports: [{ port: 80 }, { port: 81, targetPort: 'http', protocol: 'UDP' }] },
    }) as any;
    expect(out.spec).toMatchObject(expected);
    expect(out.spec.ports).toEqual([
      { port: 80, protocol: 'TCP', targetPort: 80 },
      { port: 81, targetPort: 'http', protocol: 'UDP' },
    ]);
  });

  it('gives ExternalName services no IP families and ClientIP affinity a timeout', () => {
    const en = defaultObject(R.services, { metadata: { name: 's' }, spec: { type: 'ExternalName', externalName: 'example.com' } }) as any;
    expect(en.spec).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
    const aff = defaultObject(R.services, { metadata: { name: 's' }, spec: { sessionAffinity: 'ClientIP', ports: [{ port: 1 }] } }) as any;
    expect(aff.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });

  it('defaults namespaces, nodes, secrets, endpoints and endpoint slices', () => {
    expect(defaultObject(R.namespaces, { metadata: { name: 'dev' }, spec: {}, status: {} })).toEqual({
      metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev' } },
      spec: {},
      status: { phase: 'Active' },
    });
    // Defaulting runs on every write: a finalized namespace (spec.finalizers emptied) must stay finalized.
    expect((defaultObject(R.namespaces, { metadata: { name: 'dev' }, spec: { finalizers: [] } }) as any).spec.finalizers).toEqual([]);
    expect(
      (defaultObject(R.nodes, { metadata: { name: 'n' }, status: { capacity: { cpu: '4', pods: '110' } } }) as any).status.allocatable,
    ).toEqual({ cpu: '4', pods: '110' });
    expect((defaultObject(R.secrets, { metadata: { name: 's' } }) as any).type).toBe('Opaque');
    expect((defaultObject(R.endpoints, { metadata: { name: 'e' }, subsets: [{ ports: [{ port: 80 }] }] }) as any).subsets[0].ports).toEqual(
      [{ port: 80, protocol: 'TCP' }],
    );
    expect(
      (
        defaultObject(R.endpointslices, {
          metadata: { name: 'e' },
          addressType: 'IPv4',
          endpoints: [],
          ports: [{ port: 80 }, { name: 'http', port: 81 }],
        }) as any
      ).ports,
    ).toEqual([
      { port: 80, name: '', protocol: 'TCP' },
      { name: 'http', port: 81, protocol: 'TCP' },
    ]);
  });
});

describe('defaultObject: quantities', () => {
  it('canonicalizes resource quantities of containers and nodes', () => {
    const out = defaultObject(
      R.pods,
      pod({ containers: [{ name: 'c', image: 'i:1', resources: { limits: { cpu: 0.5, memory: '1024Mi' }, requests: { cpu: '2000m' } } }] }),
    ) as any;
    expect(out.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '2', memory: '1Gi' } });
    const node = defaultObject(R.nodes, {
      metadata: { name: 'n' },
      status: { capacity: { cpu: '4', memory: '16384Mi', pods: '110' } },
    }) as any;
    expect(node.status.allocatable).toEqual({ cpu: '4', memory: '16Gi', pods: '110' });
  });
});

describe('defaultObject: secrets', () => {
  it('merges the write-only stringData into data', () => {
    const out = defaultObject(R.secrets, { metadata: { name: 's' }, data: { a: 'YQ==', b: 'Yg==' }, stringData: { b: 'B', c: 'ç' } });
    expect(out).toEqual({ metadata: { name: 's' }, type: 'Opaque', data: { a: 'YQ==', b: 'Qg==', c: 'w6c=' } });
  });

  it('keeps a "__proto__" key of stringData (a valid Secret key) as a data field', () => {
    const out = defaultObject(R.secrets, { metadata: { name: 's' }, stringData: JSON.parse('{"__proto__":"v"}') }) as KubeObject & {
      data: object;
    };
    expect(JSON.stringify(out.data)).toBe('{"__proto__":"dg=="}');
  });
});

describe('applyJsonSchemaDefaults', () => {
  it('fills a property named "__proto__" as a plain field, never Object.prototype', () => {
    const schema = JSON.parse(
      '{"properties":{"spec":{"properties":{"__proto__":{"properties":{"injected":{"default":"yes"}}},"size":{"default":3}}}}}',
    );
    const absent = { spec: {} } as { spec: Record<string, unknown> };
    applyJsonSchemaDefaults(schema, absent);
    expect(JSON.stringify(absent)).toBe('{"spec":{"size":3}}');
    const present = { spec: JSON.parse('{"__proto__":{}}') } as { spec: Record<string, unknown> };
    applyJsonSchemaDefaults(schema, present);
    expect(JSON.stringify(present)).toBe('{"spec":{"__proto__":{"injected":"yes"},"size":3}}');
    expect(({} as Record<string, unknown>).injected).toBeUndefined();
  });
});
