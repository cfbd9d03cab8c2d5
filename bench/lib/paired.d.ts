/** Types of bench/lib/paired.js for its test. */
export interface Metric {
  base: number[]; current: number[]; ratios: number[];
  baseMedian: number; currentMedian: number; medianRatio: number; better: 'higher' | 'lower';
}
export function groupBenchmarks(args: string[], names: string[]): { name: string; flags: string[] }[];
export function figures(result: object): Record<string, number>;
export const HEADLINES: Record<string, RegExp>;
export function higherIsBetter(path: string): boolean;
export function comparePairs(name: string, pairs: { base: object; current: object }[]): Record<string, Metric>;
export function resultLine(stdout: string): Record<string, unknown> | undefined;
