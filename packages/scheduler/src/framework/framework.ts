/**
 * Runs a profile's plugins for one pod: PreFilter → Filter (per node) → PreScore → Score,
 * NormalizeScore and weights → Bind. Built once from a Profile and a Registry.
 */
import type { Pod } from '@kemu/api';
import type { Profile } from './config.js';
import { CycleState } from './cycle-state.js';
import {
  isBind,
  isFilter,
  isPreFilter,
  isPreScore,
  isScore,
  MAX_NODE_SCORE,
  type BindPlugin,
  type FilterPlugin,
  type Handle,
  type NodeScore,
  type Plugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from './interfaces.js';
import type { NodeInfo } from './node-info.js';
import type { Registry } from './registry.js';
import { asStatus, type Status } from './status.js';

/** Why each node was rejected, keyed by node name. */
export type NodeToStatus = Map<string, Status>;

export class Framework {
  readonly schedulerName: string;
  private readonly percentage: number;
  private readonly preFilters: PreFilterPlugin[] = [];
  private readonly filters: FilterPlugin[] = [];
  private readonly preScores: PreScorePlugin[] = [];
  private readonly scores: { plugin: ScorePlugin; weight: number }[] = [];
  private readonly binders: BindPlugin[] = [];

  constructor(profile: Profile, registry: Registry, handle: Handle) {
    this.schedulerName = profile.schedulerName;
    this.percentage = profile.percentageOfNodesToScore ?? 0;
    const built = new Map<string, Plugin>();
    const get = (name: string): Plugin => {
      let p = built.get(name);
      if (!p) {
        const factory = registry.get(name);
        if (!factory) throw new Error(`plugin "${name}" is not registered`);
        p = factory(profile.pluginConfig?.[name], handle);
        built.set(name, p);
      }
      return p;
    };
    for (const name of profile.plugins.filter) {
      const p = get(name);
      if (!isFilter(p)) throw new Error(`plugin "${name}" does not implement Filter`);
      if (isPreFilter(p)) this.preFilters.push(p);
      this.filters.push(p);
    }
    for (const { name, weight } of profile.plugins.score) {
      const p = get(name);
      if (!isScore(p)) throw new Error(`plugin "${name}" does not implement Score`);
      if (isPreScore(p)) this.preScores.push(p);
      this.scores.push({ plugin: p, weight });
    }
    for (const name of profile.plugins.bind) {
      const p = get(name);
      if (!isBind(p)) throw new Error(`plugin "${name}" does not implement Bind`);
      this.binders.push(p);
    }
  }

  runPreFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | undefined {
    for (const p of this.preFilters) {
      const s = guard(() => p.preFilter(state, pod, nodes));
      if (s) return { ...s, plugin: p.name };
    }
    return undefined;
  }

  /** The first rejection for this node, or undefined when every filter passes. */
  runFilter(state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    // Runs for every node of every cycle: no closure per call.
    for (const p of this.filters) {
      let s: Status | undefined;
      try {
        s = p.filter(state, pod, node);
      } catch (err) {
        s = asStatus(err);
      }
      if (s) return { ...s, plugin: p.name };
    }
    return undefined;
  }

  /** Weighted sum of normalised scores per feasible node. */
  runScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): NodeScore[] | Status {
    for (const p of this.preScores) {
      const s = guard(() => p.preScore(state, pod, nodes));
      if (s) return { ...s, plugin: p.name };
    }
    const totals: NodeScore[] = new Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) totals[i] = { name: nodes[i].name, score: 0 };
    for (const { plugin, weight } of this.scores) {
      try {
        const scores: NodeScore[] = new Array(nodes.length);
        for (let i = 0; i < nodes.length; i++) scores[i] = { name: totals[i].name, score: plugin.score(state, pod, nodes[i]) };
        plugin.normalizeScore?.(state, pod, scores);
        for (let i = 0; i < scores.length; i++) {
          const v = Math.max(0, Math.min(MAX_NODE_SCORE, scores[i].score));
          totals[i].score += v * weight;
        }
      } catch (err) {
        return { ...asStatus(err), plugin: plugin.name };
      }
    }
    return totals;
  }

  async runBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | undefined> {
    for (const p of this.binders) {
      let s: Status | undefined;
      try {
        s = await p.bind(state, pod, nodeName);
      } catch (err) {
        s = asStatus(err);
      }
      if (s?.code === 'Skip') continue;
      return s ? { ...s, plugin: p.name } : undefined;
    }
    return { code: 'Error', reasons: ['no bind plugin bound the pod'] };
  }

  newCycleState(): CycleState {
    return new CycleState();
  }

  /** The profile's percentageOfNodesToScore (0: adaptive). */
  get percentageOfNodesToScore(): number {
    return this.percentage;
  }
}

function guard(fn: () => Status | undefined): Status | undefined {
  try {
    return fn();
  } catch (err) {
    return asStatus(err);
  }
}
