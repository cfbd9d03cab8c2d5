/** Types of bench/lib/wrk.js for its test. */
export interface WrkErrors { connect: number; read: number; write: number; timeout: number; non2xx3xx: number; total: number }
export function parseWrk(stdout: string): { rps: number; p99Ms: number; requests: number; errors: WrkErrors };
export function sumErrors(list: WrkErrors[]): WrkErrors;
export function describeErrors(e: WrkErrors): string;
