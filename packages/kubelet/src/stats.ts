/**
 * The kubelet's Summary API (`GET /stats/summary`, what metrics-server scrapes) for the simulated
 * runtime: per running container a CPU rate and a working set. Usage is simulated data, stable
 * per container with a slow wobble over time:
 * - memory: the container's KEMU_MEMORY_USAGE when set, else 8–40 MiB picked from its id;
 * - CPU: 1–15 millicores picked from its id, ±30 % over a minute.
 * The node's usage is the sum over its pods plus a fixed system overhead (100m, 256 MiB).
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Clock } from '@kemu/api';
import type { ContainerInstance } from './runtime/container.js';
import type { SimRuntime } from './runtime/runtime.js';

export interface CpuStats {
  time: string;
  usageNanoCores: number;
  usageCoreNanoSeconds: number;
}
export interface MemoryStats {
  time: string;
  workingSetBytes: number;
  usageBytes: number;
}
export interface ContainerStats {
  name: string;
  startTime: string;
  cpu: CpuStats;
  memory: MemoryStats;
}
export interface PodStats {
  podRef: { name: string; namespace: string; uid: string };
  startTime: string;
  containers: ContainerStats[];
  cpu: CpuStats;
  memory: MemoryStats;
}
export interface StatsSummary {
  node: { startTime: string; cpu: CpuStats; memory: MemoryStats };
  pods: PodStats[];
}

const SYSTEM_CPU_NANOCORES = 100_000_000;
const SYSTEM_MEMORY_BYTES = 256 * 1024 * 1024;
const MiB = 1024 * 1024;

/** A number in [0, 1) fixed by `seed`. */
function unit(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) / 2 ** 32;
}

/** The simulated usage of one running container at `now` (ms). */
export function containerUsage(
  c: Pick<ContainerInstance, 'id' | 'startedAt' | 'behaviour'> & { memory?: { used: number } },
  now: number,
): { nanoCores: number; bytes: number; coreNanoSeconds: number } {
  const base = (1 + Math.floor(unit(`cpu/${c.id}`) * 15)) * 1_000_000;
  const wobble = 1 + 0.3 * Math.sin((now / 60_000) * 2 * Math.PI + unit(`phase/${c.id}`) * 2 * Math.PI);
  const nanoCores = Math.round(base * wobble);
  // plus what its processes really hold (files, variables, buffers: runtime/memory-account.ts)
  const bytes = (c.behaviour.memoryBytes ?? Math.round((8 + unit(`mem/${c.id}`) * 32) * MiB)) + (c.memory?.used ?? 0);
  const seconds = Math.max(0, (now - (c.startedAt ?? now)) / 1000);
  return { nanoCores, bytes, coreNanoSeconds: Math.round(base * seconds) };
}

export function statsSummary(runtime: SimRuntime, now: number, nodeStartedAt = now): StatsSummary {
  const time = new Date(now).toISOString();
  const pods: PodStats[] = [];
  for (const sb of runtime.listSandboxes()) {
    const containers: ContainerStats[] = [];
    for (const [name, slot] of sb.containers) {
      const inst = slot.current;
      if (!inst || inst.state !== 'running') continue;
      const u = containerUsage(inst, now);
      containers.push({
        name,
        startTime: new Date(inst.startedAt ?? now).toISOString(),
        cpu: { time, usageNanoCores: u.nanoCores, usageCoreNanoSeconds: u.coreNanoSeconds },
        memory: { time, workingSetBytes: u.bytes, usageBytes: u.bytes },
      });
    }
    if (containers.length === 0) continue;
    pods.push({
      podRef: { name: sb.name, namespace: sb.namespace, uid: sb.uid },
      startTime: new Date(sb.createdAt).toISOString(),
      containers,
      cpu: sumCpu(
        time,
        containers.map((c) => c.cpu),
      ),
      memory: sumMemory(
        time,
        containers.map((c) => c.memory),
      ),
    });
  }
  const podCpu = sumCpu(
    time,
    pods.map((p) => p.cpu),
  );
  const podMem = sumMemory(
    time,
    pods.map((p) => p.memory),
  );
  return {
    node: {
      startTime: new Date(nodeStartedAt).toISOString(),
      cpu: { ...podCpu, usageNanoCores: podCpu.usageNanoCores + SYSTEM_CPU_NANOCORES },
      memory: {
        ...podMem,
        workingSetBytes: podMem.workingSetBytes + SYSTEM_MEMORY_BYTES,
        usageBytes: podMem.usageBytes + SYSTEM_MEMORY_BYTES,
      },
    },
    pods,
  };
}

function sumCpu(time: string, xs: CpuStats[]): CpuStats {
  return {
    time,
    usageNanoCores: xs.reduce((a, x) => a + x.usageNanoCores, 0),
    usageCoreNanoSeconds: xs.reduce((a, x) => a + x.usageCoreNanoSeconds, 0),
  };
}

function sumMemory(time: string, xs: MemoryStats[]): MemoryStats {
  return { time, workingSetBytes: xs.reduce((a, x) => a + x.workingSetBytes, 0), usageBytes: xs.reduce((a, x) => a + x.usageBytes, 0) };
}

const processStartedAt = Date.now();

/** Answers `GET /stats/summary`. */
export function serveStatsSummary(runtime: SimRuntime, clock: Clock, res: ServerResponse): void {
  const body = JSON.stringify(statsSummary(runtime, clock.now(), processStartedAt));
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
}
