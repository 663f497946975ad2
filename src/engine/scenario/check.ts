/**
 * Structural checking with TypeBox, translated into our issue form: a JSON path in
 * `a.b[1]["odd key"]` notation and a sentence naming the rule. Every schema built for the
 * scenario carries a `rule` option ("an integer from 1 to 365") used to word its errors.
 */
import type { TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';

export interface ValidationIssue {
  /** JSON path of the offending value, e.g. `front_configs[1].nationality_distribution`; "" for the root. */
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Appends one key or index to a path. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (IDENTIFIER.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** A short rendering of a value for messages. */
export function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number': case 'boolean': return String(value);
    case 'object': return 'an object';
    default: return typeof value;
  }
}

/** A number printed without floating-point noise (at most 6 decimals). */
export function fmt(n: number): string {
  return String(Number(n.toFixed(6)));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Converts a TypeBox JSON pointer into our path notation, using the value to tell indices from keys. */
function toPath(base: string, pointer: string, value: unknown): { path: string; key: string } {
  let path = base;
  let current: unknown = value;
  let key = '';
  for (const raw of pointer.split('/').slice(1)) {
    key = decodePointer(raw);
    if (Array.isArray(current)) {
      path = joinPath(path, Number(key));
      current = current[Number(key)];
    } else {
      path = joinPath(path, key);
      current = isPlainObject(current) ? current[key] : undefined;
    }
  }
  return { path, key };
}

function ruleOf(schema: TSchema): string | undefined {
  const rule = (schema as { rule?: unknown }).rule;
  return typeof rule === 'string' ? rule : undefined;
}

/**
 * Checks `value` against `schema`; returns one issue per offending path (the first reason),
 * in document order. An empty list means the value has the schema's shape.
 */
export function check(schema: TSchema, value: unknown, base: string): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    const { path, key } = toPath(base, error.path, value);
    if (seen.has(path)) continue;
    seen.add(path);
    let message: string;
    if (error.type === ValueErrorType.ObjectAdditionalProperties) {
      const accepted = Object.keys((error.schema as { properties?: object }).properties ?? {});
      message = `unknown field "${key}"; accepted fields: ${accepted.join(', ')}`;
    } else if (error.type === ValueErrorType.ObjectRequiredProperty) {
      message = 'is required';
    } else {
      const rule = ruleOf(error.schema);
      message = rule === undefined ? error.message : `must be ${rule} (got ${show(error.value)})`;
    }
    out.push({ path, message });
  }
  return out;
}
