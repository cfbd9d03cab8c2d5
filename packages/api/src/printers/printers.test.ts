import { describe, expect, it } from 'vitest';
import { humanDuration } from './age.js';
import { summarizePod } from '../kinds/core/pod.js';
import { formatEndpoints } from '../kinds/core/endpoints.js';
import { formatHpaMetrics } from '../kinds/autoscaling/horizontal-pod-autoscaler.js';

const NOW = Date.parse('2026-01-01T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('humanDuration', () => {
  it.each([
    [0, '0s'],
    [2, '2s'],
    [119, '119s'],
    [120, '2m'],
    [310, '5m10s'],
    [600, '10m'],
    [179 * 60, '179m'],
    [3 * 3600, '3h'],
    [3 * 3600 + 300, '3h5m'],
    [10 * 3600, '10h'],
    [2 * 86400, '2d'],
    [2 * 86400 + 3600, '2d1h'],
    [30 * 86400, '30d'],
    [800 * 86400, '2y70d'],
    [-5, '<invalid>'],
  ])('%i seconds → %s', (s, text) => {
    expect(humanDuration(s * 1000)).toBe(text);
  });
});

const basePod = (status: any, extra: any = {}) =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: ago(60), ...(extra.metadata ?? {}) },
    spec: { containers: [{ name: 'a' }, { name: 'b' }], ...(extra.spec ?? {}) },
    status,
  }) as any;

describe('pod STATUS, READY and RESTARTS', () => {
  it('shows the phase when all containers run', () => {
    const s = summarizePod(
      basePod({
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
          { name: 'b', ready: true, restartCount: 0, state: { running: {} } },
        ],
      }),
      NOW,
    );
    expect(s).toEqual({ ready: '2/2', status: 'Running', restarts: '0' });
  });

  it('shows a waiting reason and restarts with the time of the last one', () => {
    const s = summarizePod(
      basePod({
        phase: 'Running',
        containerStatuses: [
          { name: 'a', ready: true, restartCount: 0, state: { running: {} } },
          {
            name: 'b',
            ready: false,
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: ago(30) } },
          },
        ],
      }),
      NOW,
    );
    expect(s).toEqual({ ready: '1/2', status: 'CrashLoopBackOff', restarts: '3 (30s ago)' });
  });

  it('shows ErrImagePull, Completed, ExitCode and Init states', () => {
    expect(
      summarizePod(
        basePod({
          phase: 'Pending',
          containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull' } } }],
        }),
        NOW,
      ).status,
    ).toBe('ErrImagePull');
    expect(
      summarizePod(
        basePod({
          phase: 'Succeeded',
          containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
        }),
        NOW,
      ).status,
    ).toBe('Completed');
    expect(
      summarizePod(
        basePod({
          phase: 'Failed',
          containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }],
        }),
        NOW,
      ).status,
    ).toBe('ExitCode:2');
    const init = basePod(
      {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'i', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
      },
      { spec: { initContainers: [{ name: 'i' }] } },
    );
    expect(summarizePod(init, NOW).status).toBe('Init:0/1');
  });

  it('shows Terminating for a pod being deleted', () => {
    expect(summarizePod(basePod({ phase: 'Running' }, { metadata: { deletionTimestamp: ago(0) } }), NOW).status).toBe('Terminating');
  });
});

describe('endpoints', () => {
  it('limits endpoints to three then counts the rest', () => {
    const ep = {
      metadata: {},
      subsets: [{ addresses: ['1', '2', '3', '4'].map((i) => ({ ip: `10.0.0.${i}` })), ports: [{ port: 80 }] }],
    } as any;
    expect(formatEndpoints(ep)).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
    expect(formatEndpoints({ metadata: {} } as any)).toBe('<none>');
  });
});

describe('HorizontalPodAutoscaler TARGETS', () => {
  it.each<[string, unknown[], unknown[] | undefined, string]>([
    ['no metrics', [], undefined, '<none>'],
    [
      'cpu before measuring',
      [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      undefined,
      'cpu: <unknown>/80%',
    ],
    [
      'cpu measured',
      [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 42 } } }],
      'cpu: 42%/80%',
    ],
    [
      'memory average value',
      [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }],
      [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '50Mi' } } }],
      'memory: 50Mi/100Mi',
    ],
    [
      'a pods metric',
      [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } }],
      undefined,
      '<unknown>/10',
    ],
    [
      'five metrics',
      Array.from({ length: 5 }, () => ({
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 1 } },
      })),
      undefined,
      'cpu: <unknown>/1%, cpu: <unknown>/1%, cpu: <unknown>/1%, cpu: <unknown>/1%, cpu: <unknown>/1%',
    ],
  ])('formats HPA targets: %s', (_n, specs, statuses, text) => {
    expect(formatHpaMetrics(specs as any, statuses as any)).toBe(text);
  });
});
