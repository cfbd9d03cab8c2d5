/**
 * @kemu/scheduler — kube-scheduler's shape: a scheduling queue (active, backoff, unschedulable),
 * a cache of nodes and pods with assumed pods, and a framework of plugins per extension point
 * (Filter, Score, Bind) chosen by a profile. `Scheduler` runs one pod at a time and binds
 * asynchronously; main.ts runs it under leader election on Lease kube-system/kube-scheduler.
 */
export { Scheduler, type SchedulerOptions, type ScheduleResult } from './scheduler.js';
export { SchedulingQueue, type QueuedPodInfo, type SchedulingQueueOptions } from './scheduling-queue.js';
export { SchedulerCache } from './cache.js';
export { fitErrorMessage } from './fit-error.js';
export { Framework, type NodeToStatus } from './framework/framework.js';
export { defaultProfile, DEFAULT_SCHEDULER_NAME, type Profile, type ScoreEntry } from './framework/config.js';
export { NodeInfo } from './framework/node-info.js';
export { CycleState } from './framework/cycle-state.js';
export * from './framework/interfaces.js';
export * from './framework/status.js';
export { mergeRegistries, type Registry } from './framework/registry.js';
export { inTreeRegistry } from './plugins/index.js';
