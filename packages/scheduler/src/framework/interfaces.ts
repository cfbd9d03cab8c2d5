/**
 * One interface per extension point, as in kube-scheduler's framework. A plugin implements the
 * points it needs; the profile (config.ts) says which plugins run at which point.
 */
import type { Clock, Pod } from '@kemu/api';
import type { Client } from '@kemu/client';
import type { Logger } from 'pino';
import type { CycleState } from './cycle-state.js';
import type { NodeInfo } from './node-info.js';
import type { Status } from './status.js';

/** Scores are normalised to [0, MAX_NODE_SCORE] before weights apply. */
export const MAX_NODE_SCORE = 100;

export interface Plugin {
  readonly name: string;
}

/** Runs once per cycle before Filter; a rejection fails the pod on every node. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined;
}

/** May the pod run on this node? */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined;
}

/** Runs once per cycle over the feasible nodes, before Score. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined;
}

export interface NodeScore {
  name: string;
  score: number;
}

/** How good is this (feasible) node? `normalizeScore` maps raw scores onto [0, MAX_NODE_SCORE] in place. */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, node: NodeInfo): number;
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): void;
}

/** Binds the pod to the node. Returning a `Skip` status hands over to the next bind plugin. */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined>;
}

/** What plugins may use from the scheduler that builds them. */
export interface Handle {
  client: Client;
  clock: Clock;
  logger: Logger;
}

export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

export const isPreFilter = (p: Plugin): p is PreFilterPlugin => typeof (p as PreFilterPlugin).preFilter === 'function';
export const isFilter = (p: Plugin): p is FilterPlugin => typeof (p as FilterPlugin).filter === 'function';
export const isPreScore = (p: Plugin): p is PreScorePlugin => typeof (p as PreScorePlugin).preScore === 'function';
export const isScore = (p: Plugin): p is ScorePlugin => typeof (p as ScorePlugin).score === 'function';
export const isBind = (p: Plugin): p is BindPlugin => typeof (p as BindPlugin).bind === 'function';
