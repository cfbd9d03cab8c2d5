/** Types of gen-protobuf.mjs, for its tests. */
export interface ProtoSource { name: string; text: string }
export const PROTO_DIR: string;
export const OUTPUT: string;
export const COMMAND: string;
export function readSources(dir?: string): ProtoSource[];
export function generate(sources?: ProtoSource[]): string;
