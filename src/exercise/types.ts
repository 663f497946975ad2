/** What the exercise service takes and answers: its options, inputs, controls and errors. */
import type { DatabaseHandle, SubscriptionHealth, SubscriptionStatus } from '../db/index.js';
import type { Scenario } from '../engine/index.js';
import { DomainError } from '../errors/index.js';
import type { Clock } from './clock.js';
import type { EventFilter } from './filter.js';
import type { WebhookOptions } from './webhooks.js';

export interface FieldProblem { path: string; message: string }

/**
 * What the service refuses: `invalid` input (422, with each field's problem), a control the
 * run's state does not allow (`state`, 409), or a key's limit reached (`limit`, 429).
 */
export class ExerciseError extends DomainError {
  constructor(readonly kind: 'invalid' | 'state' | 'limit', message: string, readonly problems: FieldProblem[] = []) {
    super(kind === 'invalid' ? 'EXERCISE_INVALID' : kind === 'state' ? 'EXERCISE_STATE' : 'EXERCISE_LIMIT', message);
  }
}

export interface ExerciseServiceOptions {
  database: DatabaseHandle;
  clock?: Clock;
  /** Patients an exercise may have: its whole timeline is held in memory while it runs. */
  maxPatients?: number;
  maxActiveRunsPerKey?: number;
  maxSubscriptionsPerRun?: number;
  webhooks?: Partial<WebhookOptions>;
  /** How often clock changes made by other processes are picked up. */
  syncMs?: number;
  fetch?: typeof fetch;
  onError?: (err: unknown) => void;
}

export interface NewExercise {
  scenario: Scenario;
  name: string;
  speed: number;
  start: Date;
}

export type Control =
  | { op: 'pause' } | { op: 'resume' } | { op: 'stop' }
  | { op: 'speed'; speed: number }
  | { op: 'jump'; offset: number; skipped: 'release' | 'skip' };

export interface NewSubscription { url: string; filter: EventFilter; format: 'json' | 'fhir'; maxAttempts?: number }

export interface SubscriptionView {
  id: string; run_id: string; url: string; format: string; filter: EventFilter; status: SubscriptionStatus; max_attempts: number;
  created_at: string; health: SubscriptionHealth;
}
