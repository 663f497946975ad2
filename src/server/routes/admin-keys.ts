import { Type, type Static } from '@sinclair/typebox';
import { MAX_OFFSET } from '../pagination.js';
import { hashApiKey, KeyServiceError, type KeyRecord } from '../../auth/index.js';
import type { App } from '../app-type.js';
import type { AppDeps } from '../context.js';

const BASE = '/api/v1/admin/keys';
const tags = ['admin: keys'];
const security = [{ ApiKey: [] }];

const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);
const Count = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

const Limits = Type.Object({
  patients_per_request: Type.Integer(),
  requests_per_minute: Type.Integer(),
  requests_per_hour: Type.Integer(),
  requests_per_day: Nullable(Type.Integer()),
  patients_per_day: Nullable(Type.Integer()),
}, { description: 'null: unlimited' });

const Totals = Type.Object({ requests: Type.Integer(), patients: Type.Integer(), bytes: Type.Integer() });

const KeySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  key_prefix: Type.String({ description: 'the first 12 characters of the key' }),
  name: Type.String(),
  email: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('inactive'), Type.Literal('expired')]),
  is_active: Type.Boolean(),
  is_demo: Type.Boolean(),
  is_admin: Type.Boolean(),
  limits: Limits,
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.String({ format: 'date-time' }),
  expires_at: Nullable(Type.String({ format: 'date-time' })),
  last_used_at: Nullable(Type.String({ format: 'date-time' })),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  usage: Type.Optional(Totals),
});

const NewKeySchema = Type.Intersect([KeySchema, Type.Object({ key: Type.String({ description: 'the key itself: shown this once only' }) })]);

const LimitChanges = Type.Object({
  patients_per_request: Type.Optional(Count),
  requests_per_minute: Type.Optional(Count),
  requests_per_hour: Type.Optional(Count),
  requests_per_day: Type.Optional(Nullable(Count)),
  patients_per_day: Type.Optional(Nullable(Count)),
}, { additionalProperties: false });

const CreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
  is_demo: Type.Optional(Type.Boolean({ default: false })),
  is_admin: Type.Optional(Type.Boolean({ default: false })),
  expires_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 36_500 })),
  limits: Type.Optional(LimitChanges),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: false });

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, description: 'key id (uuid) or a unique key prefix' }) });
const Days = (fallback: number) => Type.Object({ days: Type.Integer({ minimum: 1, maximum: 3650, default: fallback }) });

const UsageSchema = Type.Object({
  key_id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  days: Type.Integer(),
  daily: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), requests: Type.Integer(), patients: Type.Integer(), bytes: Type.Integer() })),
  totals: Totals,
  today: Totals,
  limits: Limits,
  last_used_at: Nullable(Type.String({ format: 'date-time' })),
});

const StatsSchema = Type.Object({
  period_days: Type.Integer(),
  since: Type.String({ format: 'date' }),
  generated_at: Type.String({ format: 'date-time' }),
  keys: Type.Object({ total: Type.Integer(), active: Type.Integer(), inactive: Type.Integer(), expired: Type.Integer(), demo: Type.Integer(), admin: Type.Integer() }),
  totals: Totals,
  daily: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), requests: Type.Integer(), patients: Type.Integer(), bytes: Type.Integer(), keys: Type.Integer() })),
  top_keys: Type.Array(Type.Object({ key_id: Type.String(), name: Type.String(), key_prefix: Type.String(), requests: Type.Integer(), patients: Type.Integer(), bytes: Type.Integer() })),
});

/** `/api/v1/admin/keys…`: the `medgen keys` operations over HTTP, for admin keys only. */
export function registerAdminKeyRoutes(app: App, deps: AppDeps): void {
  // Its KeyServiceErrors (not found, refused, invalid) are answered by their catalogue codes.
  const service = deps.services.keyAdmin;
  /** A changed key must not stay trusted by this instance's cache (others forget within seconds). */
  const changed = <T extends { record: KeyRecord } | KeyRecord>(result: T): T => {
    deps.authenticator.forget();
    return result;
  };
  const config = { auth: 'admin' as const };

  app.post(`${BASE}/`, {
    config, schema: { tags, security, summary: 'Create a key; the response holds the key itself, shown this once', body: CreateBody, response: { 201: NewKeySchema } },
  }, async (request, reply) => {
    const b = request.body;
    const { key, record } = await service.create({
      name: b.name, email: b.email, demo: b.is_demo, admin: b.is_admin, expiresDays: b.expires_days, limits: b.limits, metadata: b.metadata,
    });
    return reply.code(201).send({ ...record, key });
  });

  app.get(`${BASE}/`, {
    config,
    schema: {
      tags, security, summary: 'Keys, newest first, with their all-time usage',
      querystring: Type.Object({
        active: Type.Optional(Type.Boolean({ description: 'active and unexpired keys only' })),
        demo: Type.Optional(Type.Boolean({ description: 'demo keys only' })),
        search: Type.Optional(Type.String({ maxLength: 200, description: 'part of the name or email' })),
        limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
        skip: Type.Integer({ minimum: 0, maximum: MAX_OFFSET, default: 0 }),
      }),
      response: { 200: Type.Array(KeySchema) },
    },
  }, async (request) => {
    const q = request.query;
    return service.list({ active: q.active, demo: q.demo, search: q.search, limit: q.limit, offset: q.skip });
  });

  app.get(`${BASE}/stats`, {
    config, schema: { tags, security, summary: 'Key counts and usage over the last days', querystring: Days(30), response: { 200: StatsSchema } },
  }, async (request) => service.stats(request.query.days));

  app.post(`${BASE}/cleanup`, {
    config,
    schema: {
      tags, security, summary: 'Delete expired keys (built-in keys excepted); dry_run only lists them',
      querystring: Type.Object({ dry_run: Type.Boolean({ default: false }) }),
      response: { 200: Type.Object({ dry_run: Type.Boolean(), deleted: Type.Integer(), keys: Type.Array(KeySchema) }) },
    },
  }, async (request) => {
    const r = await service.cleanup(request.query.dry_run);
    if (r.deleted > 0) deps.authenticator.forget();
    return { dry_run: request.query.dry_run, ...r };
  });

  app.post(`${BASE}/lookup`, {
    config,
    schema: {
      tags, security, summary: 'Find a key by its full value (sent in the body so that it never appears in a URL or log)',
      body: Type.Object({ key: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: KeySchema },
    },
  }, async (request) => {
    const row = await service.resolve(request.body.key);
    if (row.key_hash !== hashApiKey(request.body.key.trim())) throw new KeyServiceError('not_found', 'API key not found');
    return service.show(row.id);
  });

  app.get(`${BASE}/:id`, {
    config, schema: { tags, security, summary: 'One key with its all-time usage', params: IdParams, response: { 200: KeySchema } },
  }, async (request) => service.show(request.params.id));

  for (const [action, active] of [['activate', true], ['deactivate', false]] as const) {
    app.post(`${BASE}/:id/${action}`, {
      config,
      schema: {
        tags, security, summary: `${active ? 'Activate' : 'Deactivate'} a key (a no-op when it already is)`, params: IdParams,
        response: { 200: Type.Object({ changed: Type.Boolean(), key: KeySchema }) },
      },
    }, async (request) => {
      const r = changed(await service.setActive(request.params.id, active));
      return { changed: r.changed, key: r.record };
    });
  }

  app.delete(`${BASE}/:id`, {
    config, schema: { tags, security, summary: 'Delete a key and its usage rows (its jobs stay, visible to admins)', params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    changed(await service.delete(request.params.id));
    return reply.code(204).send(null);
  });

  app.get(`${BASE}/:id/usage`, {
    config, schema: { tags, security, summary: 'Usage per UTC day over the last days', params: IdParams, querystring: Days(7), response: { 200: UsageSchema } },
  }, async (request) => service.usage(request.params.id, request.query.days));

  app.patch(`${BASE}/:id/limits`, {
    config,
    schema: {
      tags, security, summary: 'Change some limits; null makes a daily limit unlimited', params: IdParams, body: LimitChanges,
      response: { 200: Type.Object({ changed: LimitChanges, key: KeySchema }) },
    },
  }, async (request) => {
    const r = changed(await service.updateLimits(request.params.id, request.body as Static<typeof LimitChanges>));
    return { changed: r.changed, key: r.record };
  });

  app.post(`${BASE}/:id/extend`, {
    config,
    schema: {
      tags, security, summary: 'Move the expiry later by some days (from now if none or past)', params: IdParams,
      body: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 36_500 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ previous_expires_at: Nullable(Type.String({ format: 'date-time' })), key: KeySchema }) },
    },
  }, async (request) => {
    const r = changed(await service.extend(request.params.id, request.body.days));
    return { previous_expires_at: r.previous, key: r.record };
  });

  app.post(`${BASE}/:id/rotate`, {
    config,
    schema: {
      tags, security, summary: 'A new key with the same limits; the old one is deactivated. The new key is shown this once',
      params: IdParams,
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false, description: 'optional' }),
      response: { 201: Type.Object({ key: Type.String(), new_key: KeySchema, previous_key: KeySchema }) },
    },
    // The body is optional: a bare POST rotates under the old name.
    preValidation: async (request) => { request.body ??= {}; },
  }, async (request, reply) => {
    const r = changed(await service.rotate(request.params.id, request.body.name));
    return reply.code(201).send({ key: r.key, new_key: r.record, previous_key: r.previous });
  });
}
