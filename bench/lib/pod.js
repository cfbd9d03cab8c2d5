/**
 * A running, ReplicaSet-owned pod as kemu stores it: ≈ 1.6 KB of msgpack, the size the
 * reference ceilings (shared/reference/storage.md §5) were measured with.
 */
export function benchPod(i, namespace = 'bench') {
  const name = `web-7c9d8f6b5d-${String(i).padStart(6, '0')}`;
  const ip = `127.244.${1 + (i % 200)}.${2 + (i % 250)}`;
  const t = '2026-01-01T00:00:00Z';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: `5f0c1e7a-0000-4000-8000-${String(i).padStart(12, '0')}`,
      creationTimestamp: t,
      generateName: 'web-7c9d8f6b5d-',
      labels: { app: 'web', 'pod-template-hash': '7c9d8f6b5d', tier: 'frontend' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': t },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-7c9d8f6b5d',
          uid: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      nodeName: `node-${1 + (i % 20)}`,
      schedulerName: 'default-scheduler',
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    },
    status: {
      phase: 'Running',
      qosClass: 'Burstable',
      hostIP: `127.10.0.${1 + (i % 20)}`,
      podIP: ip,
      startTime: t,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: t,
      })),
      containerStatuses: [
        {
          name: 'web',
          ready: true,
          started: true,
          restartCount: 0,
          image: 'docker.io/library/nginx:1.27',
          containerID: `containerd://${String(i).padStart(64, '0')}`,
          state: { running: { startedAt: t } },
        },
      ],
    },
  };
}
