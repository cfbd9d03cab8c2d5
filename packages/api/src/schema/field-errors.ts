/**
 * Field errors as Kubernetes' `field.ErrorList` renders them into Status causes:
 * `{reason: 'FieldValueRequired', field: 'spec.containers[0].image', message: 'Required value'}`.
 */
import type { StatusCause } from '../errors.js';

export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueNotFound'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid';

/** JSON path builder: `path('spec').child('containers').index(0).key('app')`. */
export class FieldPath {
  constructor(readonly value: string) {}
  child(name: string): FieldPath {
    return new FieldPath(this.value ? `${this.value}.${name}` : name);
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.value}[${i}]`);
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.value}[${k}]`);
  }
  toString(): string {
    return this.value;
  }
}
export const root = (name = '') => new FieldPath(name);

/** Go's %#v-ish rendering of a value inside messages. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'null';
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

export class ErrorList {
  readonly causes: StatusCause[] = [];
  add(type: FieldErrorType, field: FieldPath, message: string): void {
    const f = field.value;
    if (this.causes.some((c) => c.field === f && c.reason === type && c.message === message)) return;
    this.causes.push({ type, reason: type, field: f, message });
  }
  required(field: FieldPath, detail = ''): void {
    this.add('FieldValueRequired', field, detail ? `Required value: ${detail}` : 'Required value');
  }
  invalid(field: FieldPath, value: unknown, detail: string): void {
    this.add('FieldValueInvalid', field, `Invalid value: ${show(value)}: ${detail}`);
  }
  notSupported(field: FieldPath, value: unknown, supported: readonly string[]): void {
    this.add(
      'FieldValueNotSupported',
      field,
      `Unsupported value: ${show(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
    );
  }
  duplicate(field: FieldPath, value: unknown): void {
    this.add('FieldValueDuplicate', field, `Duplicate value: ${show(value)}`);
  }
  forbidden(field: FieldPath, detail: string): void {
    this.add('FieldValueForbidden', field, `Forbidden: ${detail}`);
  }
  notFound(field: FieldPath, value: unknown): void {
    this.add('FieldValueNotFound', field, `Not found: ${show(value)}`);
  }
  tooLong(field: FieldPath, max: number): void {
    this.add('FieldValueTooLong', field, `Too long: may not be more than ${max} bytes`);
  }
  /** A value of the wrong JSON type (Kubernetes answers these while decoding). */
  typeInvalid(field: FieldPath, detail: string): void {
    this.add('FieldValueTypeInvalid', field, `Invalid value: ${detail}`);
  }
  get length(): number {
    return this.causes.length;
  }
  hasField(prefix: string): boolean {
    return this.causes.some((c) => c.field === prefix || c.field?.startsWith(prefix + '.') || c.field?.startsWith(prefix + '['));
  }
}
