import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRun, type Run } from '../../engine/index.js';
import type { App } from '../app-type.js';
import type { AppDeps } from '../context.js';
import { principalOf } from '../plugins/auth.js';
import { enforcePatients } from '../plugins/limits.js';
import { ClientSink, STREAM_FORMATS, streamRun, type StreamFormatId } from '../services/stream-generation.js';

const PATH = '/api/v1/streaming/generate';
const tags = ['streaming'];

interface StreamQuery { configuration_id?: string; configuration_version?: number; preset?: string; count?: number; seed?: string; format?: StreamFormatId }

/** Seeds arrive as text: whole numbers become numbers, as on the command line. */
function seedOf(text: string): number | string {
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** Header-safe form of a seed (seeds may be any text). */
function seedHeader(seed: number | string): string {
  const s = String(seed);
  return /^[\x20-\x7e]{0,200}$/.test(s) ? s : encodeURIComponent(s).slice(0, 1000);
}

function chooseFormat(request: FastifyRequest, query: StreamQuery): StreamFormatId {
  if (query.format) return query.format;
  const accept = request.headers.accept ?? '';
  if (/application\/fhir\+ndjson/i.test(accept)) return 'fhir';
  if (/application\/(x-)?ndjson/i.test(accept)) return 'ndjson';
  return 'json';
}

const Query = {
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'patients (overrides the scenario)' })),
  seed: Type.Optional(Type.String({ maxLength: 200, description: 'run seed; whole numbers are read as numbers' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('ndjson'), Type.Literal('fhir')], {
    description: 'json: {"metadata","patients"}; ndjson: one patient per line; fhir: one FHIR R4 Bundle per line. Default from Accept.',
  })),
};

const StreamResponse = {
  description: 'Patients as they are generated. Headers X-Patient-Count and X-Seed. A stream cut short by an error ends with an "error" member (JSON) or line.',
  content: {
    'application/json': { schema: Type.Object({ metadata: Type.Object({}, { additionalProperties: true }), patients: Type.Array(Type.Object({}, { additionalProperties: true })) }) },
    'application/x-ndjson': { schema: Type.String({ description: 'one patient per line' }) },
    'application/fhir+ndjson': { schema: Type.String({ description: 'one FHIR R4 Bundle per line' }) },
  },
};

/** True streaming generation (spec service §4). */
export function registerStreamingRoutes(app: App, deps: AppDeps): void {
  const { scenarios } = deps.services;

  /** The run a request asks for: POST's body, or GET's saved configuration, preset or the default scenario. */
  async function resolveRun(request: FastifyRequest, query: StreamQuery): Promise<Run> {
    const post = request.method === 'POST';
    const { scenario } = await scenarios.resolve({
      ...(post
        ? { inline: { scenario: request.body as Record<string, unknown>, field: '' } }
        : { configurationId: query.configuration_id, configurationVersion: query.configuration_version, preset: query.preset }),
      count: query.count !== undefined ? { value: query.count, field: 'count' } : undefined,
      seed: query.seed !== undefined ? seedOf(query.seed) : undefined,
    }, principalOf(request));
    return createRun(scenario);
  }

  async function stream(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const query = request.query as StreamQuery;
    const run = await resolveRun(request, query);
    await enforcePatients(request, reply, run.total);
    const formatId = chooseFormat(request, query);
    const format = STREAM_FORMATS[formatId];
    const sink = new ClientSink();
    const controller = new AbortController();
    const res = reply.raw;
    res.on('close', () => {
      if (res.writableFinished) return;
      sink.discard();
      controller.abort(new Error('client disconnected'));
    });
    reply
      .header('Content-Type', formatId === 'fhir' ? format.mediaType : `${format.mediaType}; charset=utf-8`)
      .header('X-Patient-Count', String(run.total))
      .header('X-Seed', seedHeader(run.seed))
      .header('Cache-Control', 'no-store')
      .header('X-Accel-Buffering', 'no');
    void streamRun({ timeLimitSeconds: deps.config.jobTimeoutSeconds, metrics: deps.metrics, shutdown: deps.shutdown }, run, formatId, {
      sink, controller, requestId: String(request.id), log: request.log, cut: () => request.raw.socket?.destroy(),
    });
    return reply.send(sink.body);
  }

  app.post(PATH, {
    config: { auth: 'key', limit: 'work' },
    schema: {
      tags, summary: 'Stream patients of the scenario in the body',
      body: Type.Object({}, { additionalProperties: true, description: 'a scenario (domain spec §2)' }),
      querystring: Type.Object(Query),
      response: { 200: StreamResponse },
    },
  }, async (request, reply) => { await stream(request, reply); return reply; });

  app.get(PATH, {
    config: { auth: 'key', limit: 'work' },
    schema: {
      tags, summary: 'Stream patients of a saved configuration, a preset, or the default scenario',
      querystring: Type.Object({
        configuration_id: Type.Optional(Type.String({ maxLength: 100, description: 'a saved configuration: its id (the latest version) or a version_id (that version)' })),
        configuration_version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'with configuration_id: this version number instead of the latest' })),
        preset: Type.Optional(Type.String({ maxLength: 100, description: 'a built-in preset id' })),
        ...Query,
      }),
      response: { 200: StreamResponse },
    },
  }, async (request, reply) => { await stream(request, reply); return reply; });
}
