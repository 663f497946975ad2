/**
 * The live exercise feed (docs/exercise-feed.md): exercise runs that release a scenario's
 * casualty events on an exercise clock to SSE listeners and signed webhooks.
 */
export { ExerciseService } from './service.js';
export { ExerciseError, type ExerciseServiceOptions, type NewExercise, type Control, type NewSubscription, type SubscriptionView, type FieldProblem } from './types.js';
export { systemClock, FakeClock, type Clock } from './clock.js';
export { offsetAt, wallAt, MIN_SPEED, MAX_SPEED, type ClockState, type ClockStatus } from './exercise-clock.js';
export { readFilter, matches, FILTER_FIELDS, type EventFilter } from './filter.js';
export type { ReleasedEvent, FeedListener } from './feed.js';
export type { ExerciseView, RoleCounts, NextInject } from './view.js';
export { sign, verifySignature, newSecret, SIGNATURE_HEADER, TIMESTAMP_HEADER, DEFAULT_TOLERANCE_SECONDS, type VerifyInput } from './signature.js';
export { backoffMs, DEFAULT_WEBHOOK_OPTIONS, type WebhookOptions } from './webhooks.js';
export { eventBundle } from './fhir-event.js';
export { runLocal, postSigned, type LocalRunOptions, type LocalStatus } from './local-run.js';
