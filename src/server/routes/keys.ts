import { Type, type Static } from '@sinclair/typebox';
import { isBuiltIn } from '../../auth/index.js';
import type { App } from '../app-type.js';
import type { AppDeps } from '../context.js';
import { errors } from '../errors.js';
import { principalOf } from '../plugins/auth.js';

const Limit = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description: `${description}; null: unlimited` });

const Window = Type.Object({
  type: Type.Union([Type.Literal('requests_per_minute'), Type.Literal('requests_per_hour'), Type.Literal('requests_per_day'), Type.Literal('patients_per_day'), Type.Literal('reads_per_minute')]),
  scope: Type.Union([Type.Literal('work'), Type.Literal('read')]),
  limit: Type.Union([Type.Integer(), Type.Null()]),
  used: Type.Integer(),
  remaining: Type.Union([Type.Integer(), Type.Null()]),
  reset_seconds: Type.Integer({ description: 'until the window starts afresh' }),
});

export const KeyInfoSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  key_prefix: Type.String({ description: 'the first 12 characters; the key itself is never shown again' }),
  type: Type.Union([Type.Literal('demo'), Type.Literal('live')]),
  kind: Type.Union([Type.Literal('demo'), Type.Literal('owner'), Type.Literal('operator'), Type.Literal('key')], { description: 'the public demo key, the local owner key, the API_KEY operator key, or a created key' }),
  is_admin: Type.Boolean(),
  expires_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  limits: Type.Object({
    patients_per_request: Type.Integer(),
    requests_per_minute: Type.Integer(),
    requests_per_hour: Type.Integer(),
    requests_per_day: Limit('generation submits and streams per UTC day'),
    patients_per_day: Limit('patients per UTC day'),
    reads_per_minute: Type.Integer({ description: 'reads (jobs, events, results, configurations, reference data) per minute' }),
  }),
  max_patients_per_job: Type.Integer({ description: "the server's cap on one job or stream (MAX_PATIENTS_PER_JOB)" }),
  max_patients: Type.Integer({ description: 'the most patients one generation or stream of this key may ask for now: the smaller of patients_per_request and max_patients_per_job' }),
  windows: Type.Array(Window, { description: 'each window as it stands, before this request' }),
  patients_today: Type.Integer({ description: 'patients of accepted generation and stream requests today (UTC)' }),
});

/**
 * GET /api/v1/keys/me: the calling key, its limits and how much of them is used, so a client
 * (the web form) can check a request before sending it. A read: it spends none of the work windows.
 */
export function registerKeyRoutes(app: App, deps: AppDeps): void {
  const { keys } = deps.services;
  app.get('/api/v1/keys/me', {
    config: { auth: 'key' },
    schema: {
      tags: ['keys'], summary: 'The calling key: its limits and their current use',
      response: { 200: KeyInfoSchema },
    },
  }, async (request) => {
    const principal = principalOf(request);
    const row = await keys.findById(principal.keyId);
    if (!row) throw errors.notFound('API key');
    const { limiter, readsPerMinute } = request.server.keyLimits;
    const { windows, patientsToday } = await limiter.peek(principal.keyId, principal.limits);
    const builtin = isBuiltIn(row) ? String((row.metadata as { builtin?: unknown }).builtin) : undefined;
    const kind: 'demo' | 'owner' | 'operator' | 'key' = builtin === 'demo' || builtin === 'owner' || builtin === 'operator' ? builtin : 'key';
    const perDay = principal.limits.patients_per_day;
    const reset = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));
    return {
      id: row.id,
      name: row.name,
      key_prefix: row.key_prefix,
      type: row.is_demo ? 'demo' as const : 'live' as const,
      kind,
      is_admin: row.is_admin,
      expires_at: row.expires_at ? row.expires_at.toISOString() : null,
      limits: { ...principal.limits, reads_per_minute: readsPerMinute },
      max_patients_per_job: deps.config.maxPatientsPerJob,
      max_patients: Math.min(principal.limits.patients_per_request, deps.config.maxPatientsPerJob),
      windows: [
        ...windows.map((w) => ({
          // peek reports the request windows only; patients_per_request is a cap, never a window.
          type: w.type as Static<typeof Window>['type'], scope: 'work' as const, limit: w.limit, used: w.used,
          remaining: w.limit === null ? null : Math.max(0, w.limit - w.used), reset_seconds: reset(w.resetMs),
        })),
        {
          type: 'patients_per_day' as const, scope: 'work' as const, limit: perDay, used: patientsToday,
          remaining: perDay === null ? null : Math.max(0, perDay - patientsToday), reset_seconds: reset(86_400_000 - (Date.now() % 86_400_000)),
        },
      ],
      patients_today: patientsToday,
    };
  });
}
