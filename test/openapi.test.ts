import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, startTestServer, type TestServer } from './server-helpers.js';

// Ajv 8, as fastify itself validates with it (the top-level `ajv` is another major version).
const requireFromFastify = createRequire(new URL('../node_modules/@fastify/ajv-compiler/package.json', import.meta.url));
interface Validator { (data: unknown): boolean; errors?: unknown[] | null }
interface AjvLike { compile(schema: object): Validator }
const Ajv = requireFromFastify('ajv') as new (opts: object) => AjvLike;
const addFormats = requireFromFastify('ajv-formats') as (ajv: AjvLike) => void;

type Json = Record<string, unknown>;
interface Parameter { name: string; in: string; required?: boolean; example?: unknown; schema?: Json }
interface Operation {
  tags?: string[];
  security?: Json[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Json; example?: unknown; examples?: Record<string, { value: unknown }> }> };
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}
interface Doc { tags: { name: string }[]; paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Json> } }

const PUBLIC = new Set(['/health', '/ready', '/api/v1/health', '/api/v1/health/live', '/api/v1/health/ready', '/api/v1/health/database',
  '/api/v1/presets', '/api/v1/presets/{id}', '/api/v1/auth/signin', '/api/v1/configurations/reference/nationalities/',
  '/api/v1/configurations/reference/condition-types/', '/api/v1/configurations/reference/facility-types/']);

/** Operations whose documented example is refused on purpose, and how. */
const EXPECTED_REFUSAL: Record<string, number> = {
  'post /api/v1/auth/signin': 401, // a made-up token
  'post /api/v1/jobs/{id}/cancel': 400, // the example job has completed
};

/** Inlines `#/components/schemas/…` references so each schema compiles alone. */
function deref(node: unknown, doc: Doc, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => deref(n, doc, seen));
  if (!node || typeof node !== 'object') return node;
  const o = node as Json;
  if (typeof o.$ref === 'string') {
    const name = o.$ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) return {};
    return deref(doc.components?.schemas?.[name], doc, [...seen, name]);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, deref(v, doc, seen)]));
}

/** Creators first, then reads, then what stops or removes things. */
function rank(method: string, path: string): number {
  if (path === '/api/v1/generation/') return 0;
  if (method === 'post' && (path === '/api/v1/configurations/' || path === '/api/v1/admin/keys/' || path === '/api/v1/exercises')) return 1;
  if (method === 'post' && path === '/api/v1/exercises/{id}/subscriptions') return 2;
  if (method === 'delete') return 9;
  if (/\/(rotate|deactivate|cancel|stop)$/.test(path)) return 8;
  return 5;
}

describe('the OpenAPI document', () => {
  let s: TestServer;
  let doc: Doc;
  beforeAll(async () => {
    s = await startTestServer();
    doc = await (await s.call('/openapi.json', { key: null })).json() as Doc;
  });
  afterAll(async () => { await s.close(); });

  const operations = (): [string, string, Operation][] =>
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [method, path, op] as [string, string, Operation]));

  it('lists the tags in the order a user needs them', () => {
    expect(doc.tags.map((t) => t.name)).toEqual(['generation', 'jobs', 'downloads', 'streaming', 'exercises', 'configurations', 'reference', 'keys', 'admin', 'health']);
    const used = new Set(operations().flatMap(([, , op]) => op.tags ?? []));
    for (const tag of used) expect(doc.tags.map((t) => t.name)).toContain(tag);
  });

  it('declares the security of every operation, so Try it out works after Authorize', () => {
    for (const [method, path, op] of operations()) {
      expect(op.security, `${method} ${path}`).toEqual(PUBLIC.has(path) ? [] : [{ ApiKey: [] }]);
    }
  });

  it('documents the real bodies, each with an example', () => {
    for (const [method, path, op] of operations()) {
      if (!op.requestBody) continue;
      const media = op.requestBody.content['application/json'];
      expect(media?.example ?? media?.examples, `${method} ${path} example`).toBeDefined();
    }
    const generation = doc.paths['/api/v1/generation/']?.post?.requestBody?.content['application/json'];
    const configuration = (deref(generation?.schema, doc) as { properties: { configuration: { properties: Json } } }).properties.configuration;
    expect(Object.keys(configuration.properties)).toEqual(expect.arrayContaining(['total_patients', 'days_of_fighting', 'front_configs', 'injury_mix', 'evacuation_times']));
    const results = deref(doc.paths['/api/v1/jobs/{id}/results']?.get?.responses['200']?.content?.['application/json']?.schema, doc) as { properties: { patients: { items: { properties: Json } } } };
    expect(Object.keys(results.properties.patients.items.properties)).toEqual(expect.arrayContaining(['id', 'uuid', 'triage_category', 'injury_type']));
    const job = deref(doc.paths['/api/v1/jobs/{id}']?.get?.responses['200']?.content?.['application/json']?.schema, doc) as { properties: Json };
    expect(Object.keys(job.properties)).toEqual(expect.arrayContaining(['job_id', 'status', 'progress', 'progress_details', 'output_files', 'summary']));
  });

  it('every documented example runs against the server and its answer matches the documented schema', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const ctx: Record<string, string> = {};
    const ran: string[] = [];
    const sorted = operations().sort((a, b) => rank(a[0], a[1]) - rank(b[0], b[1]));
    for (const [method, path, op] of sorted) {
      const name = `${method} ${path}`;
      let url = path;
      const query = new URLSearchParams();
      for (const p of op.parameters ?? []) {
        let value: unknown = p.example ?? p.schema?.example;
        if (p.in === 'path' && p.name === 'id') {
          if (/^\/api\/v1\/(jobs|downloads)\//.test(path)) value = ctx.job;
          else if (path.startsWith('/api/v1/configurations/')) value = ctx.configuration;
          else if (path.startsWith('/api/v1/admin/keys/')) value = ctx.key;
          else if (path.startsWith('/api/v1/exercises/')) value = ctx.exercise;
        }
        if (p.name === 'version') value ??= 1;
        if (p.name === 'job_id') value = ctx.job;
        if (p.name === 'subscription_id') value = ctx.subscription;
        if (value === undefined) {
          expect(p.required, `${name}: parameter ${p.name} needs an example`).not.toBe(true);
          continue;
        }
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(value)));
        else if (p.in === 'query') query.set(p.name, String(value));
      }
      const media = op.requestBody?.content['application/json'];
      const body = media?.example ?? Object.values(media?.examples ?? {})[0]?.value;
      const headers: Record<string, string> = {};
      if (op.security?.length) headers['X-API-Key'] = OPERATOR;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const r = await fetch(`${s.url}${url}${query.size > 0 ? `?${query}` : ''}`, { method: method.toUpperCase(), headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const type = r.headers.get('content-type') ?? '';
      const text = await r.text();
      const expected = EXPECTED_REFUSAL[name];
      if (expected !== undefined) expect(r.status, `${name}: ${text}`).toBe(expected);
      else expect(r.status, `${name}: ${text.slice(0, 500)}`).toBeLessThan(300);
      ran.push(name);

      const documented = op.responses[String(r.status)] ?? op.responses[`${String(r.status)[0]}XX`] ?? op.responses.default;
      expect(documented, `${name}: status ${r.status} is documented`).toBeDefined();
      const schema = documented?.content?.['application/json']?.schema;
      if (schema && type.startsWith('application/json') && text !== '') {
        const validate = ajv.compile(deref(schema, doc) as object);
        const data = JSON.parse(text) as unknown;
        expect(validate(data), `${name} → ${r.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
        const o = data as Json;
        if (name === 'post /api/v1/generation/') {
          ctx.job = String(o.job_id);
          for (let i = 0; i < 600; i++) {
            const job = await (await s.call(`/api/v1/jobs/${ctx.job}`)).json() as { status: string };
            if (job.status === 'completed') break;
            expect(['failed', 'cancelled']).not.toContain(job.status);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
        if (name === 'post /api/v1/configurations/') ctx.configuration = String(o.id);
        if (name === 'post /api/v1/exercises') ctx.exercise = String(o.id);
        if (name === 'post /api/v1/exercises/{id}/subscriptions') ctx.subscription = String(o.id);
        if (name === 'post /api/v1/admin/keys/') ctx.key = String((o.key as Json | undefined)?.id ?? o.id);
      }
    }
    expect(ran.length).toBe(operations().length);
  });
});
