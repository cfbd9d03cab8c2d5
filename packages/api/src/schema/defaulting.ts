import { isObject } from '../meta.js';
/** Helpers of the kinds' defaulting functions, which mutate the object handed to them. */

type Obj = Record<string, any>;

export const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObject) : []);

export function child(o: Obj, key: string): Obj {
  if (!isObject(o[key])) o[key] = {};
  return o[key];
}

export function setIfEmpty(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
}

/** Whether a field counts as not set for defaulting: absent, null or ''. */
export function isUnset(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}
