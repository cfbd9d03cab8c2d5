/** Types of bench/store.js for its smoke test. */
export interface StoreBenchOptions { secs?: number; reps?: number; conc?: number[]; watchN?: number; listN?: number; listReps?: number; only?: string[] }
export interface CasRow {
  conc: number; kemu: number; bare: number; ratio: number; ratioRuns: number[]; bareEncode: number; bareEncodeRatio: number; bareCodec: number; ratioToBareCodec: number;
  clientUs: Record<string, number>; redisUs: Record<string, number>; runs: Record<string, number[]>;
}
export interface StoreBenchResult {
  bench: 'store'; date: string; redis: string;
  machine: { nproc: number; cpu: string; loadavg: number[]; node: string };
  cas?: CasRow[];
  watch?: { n: number; received: number; p50: number; p99: number; max: number };
  watchApiserver?: { n: number; received: number; p50: number; p99: number; max: number };
  list?: { n: number; source: string; apiserverMs: number; apiserverRuns: number[]; bytes: number; storeListMs: number; storeRuns: number[] };
}
export function runStoreBench(opts?: StoreBenchOptions, log?: (line: string) => void): Promise<StoreBenchResult>;
export function apiserverHasCache(): boolean;
