import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { SubscriptionRow } from '../../db/index.js';
import { CARD_LAYOUTS, type CardLayout } from '../../formats/index.js';
import {
  ExerciseError, MAX_SPEED, MIN_SPEED, readFilter, type EventFilter, type ReleasedEvent,
} from '../../exercise/index.js';
import type { App } from '../app-type.js';
import type { AppDeps } from '../context.js';
import { errors, type FieldProblem } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { enforcePatients } from '../plugins/limits.js';
import {
  ControlResponses, CreateBody, DeliveryAttemptSchema, ExerciseSchema, IdParams, JumpBody, ListQuery, ReplayBody, SpeedBody,
  SubIdParams, SubscriptionBody, SubscriptionSchema, EventsQuery, type CreateBodyT, type JumpBodyT,
} from './exercise-schemas.js';

const BASE = '/api/v1/exercises';
const tags = ['exercises'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEEPALIVE_MS = 15_000;
/** An SSE client this far behind is cut off; it resumes with Last-Event-ID. */
const MAX_SSE_BUFFER = 8 * 1024 * 1024;

/** Service refusals as HTTP answers: 422 with the fields, 409 for the run's state, 429 for a key's limit. */
function answer(err: unknown, prefix = ''): never {
  if (err instanceof ExerciseError) {
    if (err.kind === 'invalid') throw errors.validation(err.problems.map((p) => ({ path: prefix && p.path ? `${prefix}.${p.path}` : p.path || prefix || '(body)', message: p.message })));
    if (err.kind === 'state') throw errors.conflict(err.message);
    throw errors.tooMany(err.message);
  }
  throw err;
}

/** `T+hh:mm[:ss]` or a scenario date-time → seconds after T+0; undefined when neither. */
function scenarioOffset(to: string, t0: string): number | undefined {
  const rel = /^T\+(\d{1,6}):([0-5]\d)(?::([0-5]\d))?$/.exec(to);
  if (rel) return Number(rel[1]) * 3600 + Number(rel[2]) * 60 + Number(rel[3] ?? 0);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(to)) return undefined;
  const t = Date.parse(to);
  return Number.isNaN(t) ? undefined : (t - Date.parse(t0)) / 1000;
}

/** Each released event is one object shared by every listener of its run: its frame is written once. */
const frames = new WeakMap<ReleasedEvent, string>();

function sseFrame(e: ReleasedEvent): string {
  let frame = frames.get(e);
  if (frame === undefined) {
    frame = `id: ${e.seq}\nevent: casualty\ndata: ${JSON.stringify(e)}\n\n`;
    frames.set(e, frame);
  }
  return frame;
}

/**
 * The live exercise feed (docs/exercise-feed.md): exercise runs, their controls, their events as
 * Server-Sent Events and their webhook subscriptions. Each run belongs to the key that created
 * it (admin keys see all); another key gets 404.
 */
export function registerExerciseRoutes(app: App, deps: AppDeps): void {
  const service = deps.services.exercises;
  const streams = new Set<() => void>();
  app.addHook('onReady', async () => { await service.start(); });
  // Streams end before the HTTP drain waits for them; the clocks and webhook workers stop after.
  app.addHook('preClose', async () => { for (const close of [...streams]) close(); });
  app.addHook('onClose', async () => { await service.stop(); });

  const idOf = (request: FastifyRequest): string => {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) throw errors.notFound(`exercise "${id}"`);
    return id;
  };
  const found = <T>(value: T | undefined, request: FastifyRequest): T => {
    if (value === undefined) throw errors.notFound(`exercise "${(request.params as { id: string }).id}"`);
    return value;
  };
  const subscriptionOf = async (request: FastifyRequest): Promise<SubscriptionRow> => {
    const id = idOf(request);
    const { subscription_id: subId } = request.params as { subscription_id: string };
    const sub = UUID.test(subId) ? await service.subscription(id, principalOf(request), subId) : undefined;
    if (!sub) throw errors.notFound(`subscription "${subId}" of exercise "${id}"`);
    return sub;
  };

  app.post(`${BASE}`, {
    config: { auth: 'key', limit: 'work' },
    schema: { tags, summary: 'Start an exercise run: its casualty events are released on the exercise clock from StartEx', body: CreateBody, response: { 201: ExerciseSchema } },
  }, async (request, reply) => {
    const body = request.body as CreateBodyT;
    const principal = principalOf(request);
    const problems: FieldProblem[] = [];
    const start = body.start === undefined ? Date.now() : Date.parse(body.start);
    if (Number.isNaN(start)) problems.push({ path: 'start', message: 'must be a date-time with a time zone, e.g. 2025-06-01T08:00:00Z' });
    if (problems.length > 0) throw errors.validation(problems);
    const resolved = await deps.services.scenarios.resolve({
      configurationId: body.configuration_id, configurationVersion: body.configuration_version, preset: body.preset,
      inline: body.scenario ? { scenario: body.scenario, field: 'scenario' } : undefined, seed: body.seed,
    }, principal);
    let scenario;
    try {
      scenario = service.prepare(resolved.input);
    } catch (err) {
      answer(err, body.scenario ? 'scenario' : '');
    }
    try {
      await service.assertCanStart(principal);
    } catch (err) {
      answer(err);
    }
    await enforcePatients(request, reply, scenario.total_patients);
    try {
      const view = await service.create(principal, { scenario, name: body.name ?? scenario.name, speed: body.speed ?? 1, start: new Date(start) });
      return reply.code(201).send(view);
    } catch (err) {
      answer(err);
    }
  });

  app.get(`${BASE}`, {
    config: { auth: 'key' },
    schema: { tags, summary: "The caller's exercise runs, newest first (total in X-Total-Count)", querystring: ListQuery, response: { 200: Type.Array(ExerciseSchema) } },
  }, async (request, reply) => {
    const { skip = 0, limit = 50 } = request.query as { skip?: number; limit?: number };
    const { views, total } = await service.list(principalOf(request), skip, limit);
    reply.header('X-Total-Count', String(total));
    return views;
  });

  app.get(`${BASE}/:id`, {
    config: { auth: 'key' },
    schema: { tags, summary: 'An exercise run: its clock (wall and scenario time), released counts, where the casualties are now, the next injects', params: IdParams, response: { 200: ExerciseSchema } },
  }, async (request) => found(await service.get(idOf(request), principalOf(request)), request));

  for (const op of ['pause', 'resume', 'stop'] as const) {
    const summary = { pause: 'Pause the exercise clock (nothing is released until resumed)', resume: 'Run the clock on from where it was paused', stop: 'End the run for good' }[op];
    app.post(`${BASE}/:id/${op}`, {
      config: { auth: 'key' },
      schema: { tags, summary, params: IdParams, response: ControlResponses },
    }, async (request) => {
      try {
        return found(await service.control(idOf(request), principalOf(request), { op }), request);
      } catch (err) {
        answer(err);
      }
    });
  }

  app.post(`${BASE}/:id/speed`, {
    config: { auth: 'key' },
    schema: { tags, summary: `Change the speed (×${MIN_SPEED} … ×${MAX_SPEED}); the scenario time reached stays`, params: IdParams, body: SpeedBody, response: ControlResponses },
  }, async (request) => {
    const { speed } = request.body as { speed: number };
    try {
      return found(await service.control(idOf(request), principalOf(request), { op: 'speed', speed }), request);
    } catch (err) {
      answer(err);
    }
  });

  app.post(`${BASE}/:id/jump`, {
    config: { auth: 'key' },
    schema: { tags, summary: 'Jump forward to a scenario time; the events in between are released at once, in order, or marked skipped', params: IdParams, body: JumpBody, response: ControlResponses },
  }, async (request) => {
    const id = idOf(request);
    const body = request.body as JumpBodyT;
    const current = found(await service.get(id, principalOf(request)), request);
    const offset = scenarioOffset(body.to, current.scenario_start);
    if (offset === undefined) throw errors.validation([{ path: 'to', message: 'must be a scenario time: T+hh:mm (after the first injury) or a date-time with a time zone' }]);
    try {
      return found(await service.control(id, principalOf(request), { op: 'jump', offset, skipped: body.skipped ?? 'release' }), request);
    } catch (err) {
      answer(err);
    }
  });

  app.get(`${BASE}/:id/events`, {
    config: { auth: 'key' },
    schema: {
      tags, summary: 'Released casualty events as Server-Sent Events (id = event seq; resumable with Last-Event-ID), until the run ends',
      params: IdParams, querystring: EventsQuery, produces: ['text/event-stream'],
      response: { 200: Type.Unsafe<PassThrough>(Type.String({ description: 'text/event-stream: `id: <seq>`, `event: casualty`, `data: {seq, id, type, time, offset, patient_id, patient_uuid, front, nation, role, detail, run_id, due_at, released_at}`; last `event: end`' })) },
    },
  }, async (request, reply) => {
    const id = idOf(request);
    const q = request.query as Record<string, unknown> & { follow?: boolean; last_event_id?: number };
    const principal = principalOf(request);
    found(await service.get(id, principal), request);
    const fronts = [...new Set((service.timeline(id) ?? []).map((e) => e.front))];
    const { filter, problems } = readFilter(q, '', fronts);
    const header = request.headers['last-event-id'];
    const last = header !== undefined ? Number(header) : (q.last_event_id ?? 0);
    if (!Number.isInteger(last) || last < 0) problems.push({ path: 'Last-Event-ID', message: 'must be the seq of an event (a whole number ≥ 0)' });
    if (problems.length > 0) throw errors.validation(problems);
    const stream = new PassThrough();
    let closed = false;
    // Set once listening; close() may run before that (a run already ended).
    const listening: { stop?: () => void } = {};
    const close = (status?: string): void => {
      if (closed) return;
      closed = true;
      clearInterval(keepalive);
      listening.stop?.();
      streams.delete(close);
      if (status !== undefined) stream.write(`event: end\ndata: ${JSON.stringify({ status })}\n\n`);
      stream.end();
    };
    const keepalive = setInterval(() => { if (!closed) stream.write(': keepalive\n\n'); }, KEEPALIVE_MS);
    streams.add(close);
    request.raw.once('close', () => close());
    const follow = q.follow !== false;
    listening.stop = await service.listen(id, principal, last, {
      filter: filter as EventFilter,
      onEvents: (events) => {
        if (closed) return;
        stream.write(events.map(sseFrame).join(''));
        if (stream.writableLength > MAX_SSE_BUFFER) close();
      },
      onEnd: (status) => close(status),
    });
    if (!follow) close('caught_up');
    reply.header('Content-Type', 'text/event-stream; charset=utf-8').header('Cache-Control', 'no-cache').header('X-Accel-Buffering', 'no');
    return reply.send(stream);
  });

  app.get(`${BASE}/:id/patients/:patient_id`, {
    config: { auth: 'key' },
    schema: {
      tags, summary: "One casualty's whole record (patient JSON), as exercise control opens it from an event",
      params: Type.Object({ id: Type.String({ maxLength: 100 }), patient_id: Type.Integer({ minimum: 0, maximum: 1_000_000, examples: [0] }) }),
      response: { 200: Type.Object({ id: Type.Integer(), uuid: Type.String() }, { additionalProperties: true }) },
    },
  }, async (request) => {
    const { patient_id: patientId } = request.params as { patient_id: number };
    const patient = await service.patient(idOf(request), principalOf(request), patientId);
    if (!patient) throw errors.notFound(`patient ${patientId} of exercise "${(request.params as { id: string }).id}"`);
    return patient;
  });

  app.get(`${BASE}/:id/patients/:patient_id/card.pdf`, {
    config: { auth: 'key' },
    schema: {
      tags, summary: "One casualty's role-player and controller cards as a PDF",
      params: Type.Object({ id: Type.String({ maxLength: 100 }), patient_id: Type.Integer({ minimum: 0, maximum: 1_000_000, examples: [0] }) }),
      querystring: Type.Object({ layout: Type.Union(CARD_LAYOUTS.map((l) => Type.Literal(l)), { default: 'a4', description: 'page layout, as --card-layout' }) }),
      produces: ['application/pdf'],
      response: { 200: Type.Unsafe<Buffer>(Type.String({ format: 'binary' })) },
    },
  }, async (request, reply) => {
    const { patient_id: patientId } = request.params as { patient_id: number };
    const pdf = await service.patientCard(idOf(request), principalOf(request), patientId, (request.query as { layout: CardLayout }).layout);
    if (!pdf) throw errors.notFound(`patient ${patientId} of exercise "${(request.params as { id: string }).id}"`);
    return reply.header('Content-Type', 'application/pdf').header('Content-Disposition', `attachment; filename="casualty-${patientId}.pdf"`).send(pdf);
  });

  app.post(`${BASE}/:id/subscriptions`, {
    config: { auth: 'key' },
    schema: { tags, summary: 'Subscribe a webhook: each released event (from now on) is POSTed, signed; the secret is shown only in this answer', params: IdParams, body: SubscriptionBody, response: { 201: Type.Composite([SubscriptionSchema, Type.Object({ secret: Type.String({ description: 'HMAC-SHA256 key of X-Medgen-Signature; shown once' }) })]) } },
  }, async (request, reply) => {
    const id = idOf(request);
    const body = request.body as { url: string; filter?: Record<string, unknown>; format?: 'json' | 'fhir'; max_attempts?: number };
    const problems: FieldProblem[] = [];
    let url: URL | undefined;
    try {
      url = new URL(body.url);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) problems.push({ path: 'url', message: 'must be an absolute http:// or https:// URL' });
    found(await service.get(id, principalOf(request)), request);
    const { filter, problems: filterProblems } = readFilter(body.filter ?? {}, 'filter', [...new Set((service.timeline(id) ?? []).map((e) => e.front))]);
    problems.push(...filterProblems);
    if (problems.length > 0) throw errors.validation(problems);
    try {
      const made = found(await service.subscribe(id, principalOf(request), { url: body.url, filter, format: body.format ?? 'json', maxAttempts: body.max_attempts }), request);
      return reply.code(201).send({ ...made.view, secret: made.secret });
    } catch (err) {
      answer(err);
    }
  });

  app.get(`${BASE}/:id/subscriptions`, {
    config: { auth: 'key' },
    schema: { tags, summary: "The run's webhook subscriptions with their health (queued, delivered, dead-lettered, last attempt)", params: IdParams, response: { 200: Type.Array(SubscriptionSchema) } },
  }, async (request) => found(await service.subscriptions(idOf(request), principalOf(request)), request));

  app.get(`${BASE}/:id/subscriptions/:subscription_id/deliveries`, {
    config: { auth: 'key' },
    schema: { tags, summary: 'The delivery log of a subscription: every attempt with its status code, newest first', params: SubIdParams, querystring: ListQuery, response: { 200: Type.Array(DeliveryAttemptSchema) } },
  }, async (request) => {
    const { skip = 0, limit = 50 } = request.query as { skip?: number; limit?: number };
    const rows = await service.deliveryLog(await subscriptionOf(request), skip, limit);
    return rows.map((r) => ({ seq: r.seq, attempt: r.attempt, at: r.at.toISOString(), status_code: r.status_code, error: r.error, duration_ms: r.duration_ms }));
  });

  app.post(`${BASE}/:id/subscriptions/:subscription_id/replay`, {
    config: { auth: 'key' },
    schema: { tags, summary: 'Send again: dead-lettered events, and with from_seq every event from there on; the subscription is active again', params: SubIdParams, body: ReplayBody, response: { 200: Type.Object({ requeued: Type.Integer({ minimum: 0 }) }) } },
  }, async (request) => {
    const sub = await subscriptionOf(request);
    const body = (request.body ?? {}) as { from_seq?: number };
    return { requeued: await service.replay(sub, body.from_seq) };
  });

  app.delete(`${BASE}/:id/subscriptions/:subscription_id`, {
    config: { auth: 'key' },
    schema: { tags, summary: 'Remove a subscription and its delivery log', params: SubIdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await service.unsubscribe(await subscriptionOf(request));
    return reply.code(204).send(null);
  });
}
