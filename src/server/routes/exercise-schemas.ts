import { Type, type Static } from '@sinclair/typebox';
import { CASUALTY_EVENT_TYPES, FACILITIES } from '../../engine/index.js';
import { MAX_SPEED, MIN_SPEED } from '../../exercise/index.js';
import { MAX_OFFSET } from '../pagination.js';

/** The request and response schemas of the exercise routes (validation and the OpenAPI document). */

const EXAMPLE_SCENARIO = {
  name: 'Baltic exercise', total_patients: 40, days_of_fighting: 2, base_date: '2025-06-01', seed: 7,
  front_configs: [
    { id: 'north', name: 'Estonia', casualty_rate: 2, nationality_distribution: [{ nationality_code: 'EST', percentage: 60 }, { nationality_code: 'GBR', percentage: 40 }] },
    { id: 'south', name: 'Latvia', casualty_rate: 1, nationality_distribution: [{ nationality_code: 'LVA', percentage: 50 }, { nationality_code: 'USA', percentage: 50 }] },
  ],
};

export const IdParams = Type.Object({ id: Type.String({ maxLength: 100, description: 'the exercise id' }) });
export const SubIdParams = Type.Object({ id: Type.String({ maxLength: 100 }), subscription_id: Type.String({ maxLength: 100 }) });

export const ListQuery = Type.Object({
  skip: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_OFFSET })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

const filterValues = (description: string) => Type.Optional(Type.String({ maxLength: 500, description }));
export const EventsQuery = Type.Object({
  front: filterValues('front ids, comma-separated'),
  nation: filterValues('NATO alpha-3 codes, comma-separated'),
  role: filterValues(`roles, comma-separated: ${FACILITIES.join(', ')}`),
  type: filterValues(`event types, comma-separated: ${CASUALTY_EVENT_TYPES.join(', ')}`),
  follow: Type.Optional(Type.Boolean({ default: true, examples: [false], description: 'false: send what is released so far, then end' })),
  last_event_id: Type.Optional(Type.Integer({ minimum: 0, description: 'resume after this seq (the Last-Event-ID header wins)' })),
});

export const CreateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "default: the scenario's name" })),
  scenario: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'a scenario (domain spec §2); or give configuration_id or preset' })),
  configuration_id: Type.Optional(Type.String({ maxLength: 100, description: 'a saved configuration (its id, or one version_id)' })),
  configuration_version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  preset: Type.Optional(Type.String({ maxLength: 100, description: 'a built-in preset id' })),
  seed: Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 100 })], { description: "overrides the scenario's seed; drawn when neither gives one" })),
  start: Type.Optional(Type.String({ maxLength: 40, description: 'StartEx: when the exercise clock reaches the first injury (date-time with time zone); default now' })),
  speed: Type.Optional(Type.Number({ minimum: MIN_SPEED, maximum: MAX_SPEED, default: 1, description: 'scenario seconds per wall second' })),
}, { additionalProperties: false, examples: [{ name: 'Baltic drill', scenario: EXAMPLE_SCENARIO, speed: 60 }] });
export type CreateBodyT = Static<typeof CreateBody>;

export const SpeedBody = Type.Object({
  speed: Type.Number({ minimum: MIN_SPEED, maximum: MAX_SPEED, description: 'scenario seconds per wall second' }),
}, { additionalProperties: false, examples: [{ speed: 120 }] });

export const JumpBody = Type.Object({
  to: Type.String({ maxLength: 40, description: 'scenario time to jump to: T+hh:mm[:ss] after the first injury, or a date-time with time zone' }),
  skipped: Type.Optional(Type.Union([Type.Literal('release'), Type.Literal('skip')], { default: 'release', description: 'release the events in between at once, in order, or mark them skipped (never sent)' })),
}, { additionalProperties: false, examples: [{ to: 'T+01:00', skipped: 'release' }] });
export type JumpBodyT = Static<typeof JumpBody>;

export const SubscriptionBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL events are POSTed to' }),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('fhir')], { default: 'json', description: 'json: the casualty event; fhir: a FHIR R4 transaction Bundle per event' })),
  filter: Type.Optional(Type.Object({
    front: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
    nation: Type.Optional(Type.Array(Type.String({ maxLength: 3 }), { maxItems: 50 })),
    role: Type.Optional(Type.Array(Type.String({ maxLength: 3 }), { maxItems: 5 })),
    type: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: 7 })),
  }, { additionalProperties: false })),
  max_attempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'attempts per event before it is dead-lettered (default 5)' })),
}, { additionalProperties: false, examples: [{ url: 'http://127.0.0.1:9/medgen-hook', format: 'json', filter: { role: ['R1', 'R2'], type: ['arrival'] } }] });

export const ReplayBody = Type.Object({
  from_seq: Type.Optional(Type.Integer({ minimum: 1, description: 'also send again every event from this seq on' })),
}, { additionalProperties: false, examples: [{}] });

const Counts = Type.Object({
  awaiting_discovery: Type.Integer(),
  at_role: Type.Record(Type.String(), Type.Integer(), { description: 'living casualties at each role now' }),
  in_transit: Type.Integer(),
  dead: Type.Integer(),
  returned_to_duty: Type.Integer(),
});

const Inject = Type.Object({
  casualty_event_id: Type.String(), front: Type.String(), casualties: Type.Integer(), scenario_time: Type.String(),
  offset_seconds: Type.Number(), due_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ExerciseSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  status: Type.Union(['running', 'paused', 'completed', 'stopped'].map((s) => Type.Literal(s))),
  speed: Type.Number(),
  seed: Type.Union([Type.Integer(), Type.String()]),
  start_at: Type.String({ format: 'date-time', description: 'StartEx' }),
  created_at: Type.String({ format: 'date-time' }),
  ended_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  wall_time: Type.String({ format: 'date-time' }),
  scenario_time: Type.String({ format: 'date-time', description: 'where the exercise clock stands in the scenario' }),
  offset_seconds: Type.Number({ description: 'scenario seconds after T+0 (negative before StartEx)' }),
  scenario_start: Type.String({ format: 'date-time', description: 'T+0: the first injury' }),
  scenario_end: Type.String({ format: 'date-time', description: 'the last event' }),
  total_patients: Type.Integer(),
  total_events: Type.Integer(),
  released: Type.Integer(),
  skipped: Type.Integer(),
  next_due_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  counts: Counts,
  next_injects: Type.Array(Inject),
});

export const ControlResponses = { 200: ExerciseSchema };

const Health = Type.Object({
  pending: Type.Integer(), delivered: Type.Integer(), dead: Type.Integer(),
  last_attempt_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  last_status_code: Type.Union([Type.Integer(), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
});

export const SubscriptionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  run_id: Type.String({ format: 'uuid' }),
  url: Type.String(),
  format: Type.String(),
  filter: Type.Object({}, { additionalProperties: true }),
  status: Type.Union([Type.Literal('active'), Type.Literal('dead')], { description: 'dead: an event failed max_attempts times; replay to resume' }),
  max_attempts: Type.Integer(),
  created_at: Type.String({ format: 'date-time' }),
  health: Health,
});

export const DeliveryAttemptSchema = Type.Object({
  seq: Type.Integer(), attempt: Type.Integer(), at: Type.String({ format: 'date-time' }),
  status_code: Type.Union([Type.Integer(), Type.Null()]), error: Type.Union([Type.String(), Type.Null()]), duration_ms: Type.Integer(),
});
