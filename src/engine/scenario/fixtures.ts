/** Test support for the scenario parser's tests (excluded from the build like every fixtures.ts). */
import { expect } from 'vitest';
import type { Scenario } from '../types.js';
import { parseScenario, type ValidationIssue } from './index.js';

/** The scenario of a valid input; throws with the errors otherwise. */
export function ok(input: unknown): Scenario {
  const r = parseScenario(input);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.scenario;
}

/** The errors of an invalid input; throws if it is valid. */
export function errors(input: unknown): ValidationIssue[] {
  const r = parseScenario(input);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

/** The single error of an input. */
export function only(input: unknown): ValidationIssue {
  const e = errors(input);
  expect(e).toHaveLength(1);
  return e[0] as ValidationIssue;
}
