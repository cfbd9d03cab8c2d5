import { R, type Deployment, type KubeObject, type ReplicaSet } from '@kemu/api';
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture } from '../testing/fixture.js';
import { deployment, pod, template } from '../testing/objects.js';
import { DeploymentController } from './controller.js';
import { computeHash } from './pod-template-hash.js';

const labels = { app: 'web' };
let f: Fixture;
let c: DeploymentController;
afterEach(() => f?.stop());

async function setup(objects: KubeObject[]) {
  f = new Fixture(objects);
  c = new DeploymentController(f.ctx);
  await f.start();
}

const getD = () => f.client.tracked<Deployment>(R.deployments, 'default', 'web')!;
const rss = () =>
  f.client
    .trackedList<ReplicaSet>(R.replicasets)
    .sort(
      (a, b) =>
        Number(a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) -
        Number(b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
    );
const sizes = () => rss().map((rs) => `${rs.metadata.annotations?.['deployment.kubernetes.io/revision']}:${rs.spec.replicas}`);
const scalingEvents = () => f.events.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);

/** Plays the ReplicaSet controller and kubelet: `available` of the RS's pods are up. */
async function rsStatus(name: string, available: number, replicas?: number) {
  const rs = f.client.tracked<ReplicaSet>(R.replicasets, 'default', name)!;
  await f.client.updateStatus<ReplicaSet>(R.replicasets, {
    ...rs,
    status: {
      replicas: replicas ?? rs.spec.replicas ?? 0,
      fullyLabeledReplicas: replicas ?? rs.spec.replicas ?? 0,
      readyReplicas: available,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation,
    },
  });
}

/** Syncs after the informers caught up, as the controller would on the next event. */
async function sync() {
  await f.settle();
  await c.sync('default/web');
  await f.settle();
}

async function setTemplate(image: string) {
  const d = getD();
  await f.client.update<Deployment>(R.deployments, { ...d, spec: { ...d.spec, template: template(labels, image) } });
}

/** kubectl rollout status' completeness test (kubectl-wire.md §5). */
function rolloutDone(d: Deployment): boolean {
  const s = d.status ?? {};
  return (
    (d.metadata.generation ?? 0) <= (s.observedGeneration ?? 0) &&
    (s.updatedReplicas ?? 0) >= (d.spec.replicas ?? 1) &&
    (s.replicas ?? 0) <= (s.updatedReplicas ?? 0) &&
    (s.availableReplicas ?? 0) >= (s.updatedReplicas ?? 0)
  );
}

/** A deployment of 2 whose revision-1 ReplicaSet is fully available. */
async function rolledOut(extra: Partial<Deployment['spec']> = {}) {
  await setup([deployment('web', 2, labels, extra)]);
  await sync();
  const [rs1] = rss();
  await rsStatus(rs1.metadata.name!, 2);
  await sync();
  return rs1;
}

describe('DeploymentController', () => {
  it('creates the first ReplicaSet with revision 1', async () => {
    const d = deployment('web', 2, labels);
    await setup([d]);
    await sync();

    const [rs] = rss();
    const hash = computeHash(d.spec.template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs.spec.template!.metadata!.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.replicas).toBe(2);
    expect(rs.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '2',
      'deployment.kubernetes.io/max-replicas': '3',
    });
    expect(rs.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true },
    ]);
    expect(scalingEvents()).toEqual([`Scaled up replica set web-${hash} from 0 to 2`]);

    let cur = getD();
    expect(cur.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(cur.status).toMatchObject({
      observedGeneration: 1,
      replicas: 0,
      updatedReplicas: 0,
      availableReplicas: 0,
      unavailableReplicas: 2,
    });
    expect(cur.status!.conditions!.find((x) => x.type === 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetCreated',
      message: `Created new replica set "web-${hash}"`,
    });
    expect(cur.status!.conditions!.find((x) => x.type === 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
    });
    expect(rolloutDone(cur)).toBe(false);

    await rsStatus(rs.metadata.name!, 2);
    await sync();
    cur = getD();
    expect(cur.status).toMatchObject({ replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 0 });
    expect(cur.status!.conditions!.find((x) => x.type === 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    expect(cur.status!.conditions!.find((x) => x.type === 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "web-${hash}" has successfully progressed.`,
    });
    expect(rolloutDone(cur)).toBe(true);
  });

  it('copies kubernetes.io/change-cause onto the ReplicaSet', async () => {
    const d = deployment('web', 1, labels);
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'kubectl create deployment web --image=nginx' };
    await setup([d]);
    await sync();
    expect(rss()[0].metadata.annotations?.['kubernetes.io/change-cause']).toBe('kubectl create deployment web --image=nginx');
  });

  it('rolls a template change out step by step within maxSurge / maxUnavailable', async () => {
    const rs1 = await rolledOut();
    const old = rs1.metadata.name!;
    await setTemplate('nginx:2.0');
    await sync();

    // replicas 2: maxSurge 25% rounds up to 1, maxUnavailable 25% rounds down to 0.
    expect(sizes()).toEqual(['1:2', '2:1']);
    const rs2 = rss()[1].metadata.name!;
    expect(rs2).not.toBe(old);
    expect(getD().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    expect(getD().status!.conditions!.find((x) => x.type === 'Progressing')!.reason).toBe('NewReplicaSetCreated');
    expect(rolloutDone(getD())).toBe(false);

    // Nothing moves until the new pod is available.
    await sync();
    expect(sizes()).toEqual(['1:2', '2:1']);

    await rsStatus(rs2, 1);
    await sync();
    expect(sizes()).toEqual(['1:1', '2:1']);

    await rsStatus(old, 1);
    await sync();
    expect(sizes()).toEqual(['1:1', '2:2']);

    await rsStatus(rs2, 2);
    await sync();
    expect(sizes()).toEqual(['1:0', '2:2']);

    await rsStatus(old, 0);
    await sync();
    const d = getD();
    expect(d.status).toMatchObject({
      observedGeneration: 2,
      replicas: 2,
      updatedReplicas: 2,
      availableReplicas: 2,
      unavailableReplicas: 0,
    });
    expect(d.status!.conditions!.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(rolloutDone(d)).toBe(true);
    expect(scalingEvents()).toEqual([
      `Scaled up replica set ${old} from 0 to 2`,
      `Scaled up replica set ${rs2} from 0 to 1`,
      `Scaled down replica set ${old} from 2 to 1`,
      `Scaled up replica set ${rs2} from 1 to 2`,
      `Scaled down replica set ${old} from 1 to 0`,
    ]);
  });

  it('keeps old pods serving while the new ReplicaSet never becomes available, then reports ProgressDeadlineExceeded', async () => {
    const rs1 = await rolledOut();
    await setTemplate('nginx:does-not-exist');
    await sync();
    const rs2 = rss()[1].metadata.name!;
    await rsStatus(rs2, 0, 1); // the pod exists but is stuck in ErrImagePull
    for (let i = 0; i < 3; i++) await sync();
    expect(sizes()).toEqual(['1:2', '2:1']);
    expect(f.client.tracked<ReplicaSet>(R.replicasets, 'default', rs1.metadata.name!)!.spec.replicas).toBe(2);
    expect(getD().status).toMatchObject({ replicas: 3, updatedReplicas: 1, availableReplicas: 2, unavailableReplicas: 1 });
    expect(getD().status!.conditions!.find((x) => x.type === 'Available')!.status).toBe('True');

    await f.clock.advance(601_000);
    await sync();
    const p = getD().status!.conditions!.find((x) => x.type === 'Progressing')!;
    expect(p).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${rs2}" has timed out progressing.`,
    });
    expect(sizes()).toEqual(['1:2', '2:1']);
  });

  it('reuses the old ReplicaSet on rollback and gives it the next revision', async () => {
    const rs1 = await rolledOut();
    await setTemplate('nginx:2.0');
    await sync();
    const rs2 = rss()[1].metadata.name!;
    await rsStatus(rs2, 1);
    await sync();
    await rsStatus(rs1.metadata.name!, 1);
    await sync();
    await rsStatus(rs2, 2);
    await sync();
    await rsStatus(rs1.metadata.name!, 0);
    await sync();
    expect(sizes()).toEqual(['1:0', '2:2']);

    // kubectl rollout undo: the template of revision 1 comes back.
    await setTemplate('nginx:1.0');
    await sync();
    await sync();
    expect(rss()).toHaveLength(2);
    const back = f.client.tracked<ReplicaSet>(R.replicasets, 'default', rs1.metadata.name!)!;
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(back.spec.replicas).toBe(1);
    expect(getD().metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
  });

  it('does not roll out while paused, but still scales', async () => {
    const rs1 = await rolledOut();
    let d = getD();
    await f.client.update<Deployment>(R.deployments, { ...d, spec: { ...d.spec, paused: true, template: template(labels, 'nginx:2.0') } });
    await sync();
    expect(rss()).toHaveLength(1);
    expect(getD().status!.conditions!.find((x) => x.type === 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
    });

    d = getD();
    await f.client.update<Deployment>(R.deployments, { ...d, spec: { ...d.spec, replicas: 4 } });
    await sync();
    expect(rss()).toHaveLength(1);
    expect(f.client.tracked<ReplicaSet>(R.replicasets, 'default', rs1.metadata.name!)!.spec.replicas).toBe(4);
    expect(scalingEvents().at(-1)).toBe(`Scaled up replica set ${rs1.metadata.name} from 2 to 4`);

    d = getD();
    await f.client.update<Deployment>(R.deployments, { ...d, spec: { ...d.spec, paused: false } });
    await sync();
    expect(rss()).toHaveLength(2);
    expect(getD().status!.conditions!.find((x) => x.type === 'Progressing')!.reason).not.toBe('DeploymentPaused');
  });

  it('Recreate scales the old ReplicaSet to zero before creating the new one', async () => {
    const rs1 = await rolledOut({ strategy: { type: 'Recreate' } });
    const oldPods = [
      pod('web-old-1', { labels: { ...labels, 'pod-template-hash': rs1.metadata.labels!['pod-template-hash'] }, owner: rs1, ready: true }),
    ];
    for (const p of oldPods) f.client.add(p);
    await setTemplate('nginx:2.0');
    await sync();
    expect(sizes()).toEqual(['1:0']);

    // The old pod is still running: wait.
    await rsStatus(rs1.metadata.name!, 0, 0);
    await sync();
    expect(rss()).toHaveLength(1);

    await f.client.delete(R.pods, 'default', 'web-old-1', { gracePeriodSeconds: 0 });
    await sync();
    expect(sizes()).toEqual(['1:0', '2:2']);
    expect(scalingEvents().slice(-2)).toEqual([
      `Scaled down replica set ${rs1.metadata.name} from 2 to 0`,
      `Scaled up replica set ${rss()[1].metadata.name} from 0 to 2`,
    ]);
  });

  it('scales proportionally during a rollout', async () => {
    const rs1 = await rolledOut();
    await setTemplate('nginx:does-not-exist');
    await sync();
    expect(sizes()).toEqual(['1:2', '2:1']);
    const d = getD();
    await f.client.update<Deployment>(R.deployments, { ...d, spec: { ...d.spec, replicas: 4 } });
    await sync();
    // 3 replicas (max 3) become 4 + surge 1 = 5, split 2:1 → 3:2 rounded; all of the new size is used.
    const total = rss().reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    expect(total).toBe(5);
    expect(
      f.client.tracked<ReplicaSet>(R.replicasets, 'default', rs1.metadata.name!)!.metadata.annotations?.[
        'deployment.kubernetes.io/desired-replicas'
      ],
    ).toBe('4');
  });

  it('cleans up old ReplicaSets beyond revisionHistoryLimit', async () => {
    const rs1 = await rolledOut({ revisionHistoryLimit: 0, strategy: { type: 'Recreate' } });
    await setTemplate('nginx:2.0');
    await sync();
    await rsStatus(rs1.metadata.name!, 0, 0);
    await sync();
    const rs2 = rss().find((rs) => rs.metadata.name !== rs1.metadata.name)!;
    await rsStatus(rs2.metadata.name!, 2);
    await sync();
    await sync();
    expect(rss().map((rs) => rs.metadata.name)).toEqual([rs2.metadata.name]);
  });

  it('adopts a matching orphan ReplicaSet', async () => {
    const d = deployment('web', 1, labels);
    const hash = computeHash(d.spec.template);
    const orphan: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `web-${hash}`, namespace: 'default', labels: { ...labels, 'pod-template-hash': hash } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { ...labels, 'pod-template-hash': hash } },
        template: { ...template(labels), metadata: { labels: { ...labels, 'pod-template-hash': hash } } },
      },
    };
    await setup([d, orphan]);
    await sync();
    expect(rss()).toHaveLength(1);
    expect(rss()[0].metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    expect(rss()[0].metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });
});
