import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { uniquePrefix } from './keys-helpers.js';
import { operationsOf, requestArb, type FuzzRequest, type OpenApiDoc, type Operation } from './fuzz-requests.js';
import { scenario, submit, waitFor } from './jobs-helpers.js';
import { createTestKey, DEMO, OPERATOR, startTestServer, type TestServer } from './server-helpers.js';

/**
 * The fuzz run of the fault campaign (docs/faults.md, "Campaign"): malformed requests against
 * every operation of the OpenAPI document, over real HTTP so that the router and Node's parser
 * see the raw bytes. No answer may be a 5xx, every error must use the envelope, and no body may
 * show a stack trace, a server path, SQL or a secret.
 *
 * `npm test` runs it on the embedded database; `npm run test:faults` (MEDGEN_FAULT_CAMPAIGN=1)
 * on PostgreSQL with Redis. FUZZ_RUNS and FUZZ_SEED change the count and the seed; the same
 * seed sends the same requests.
 */
const campaign = process.env.MEDGEN_FAULT_CAMPAIGN === '1';
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_290);
const METRICS_TOKEN = 'fuzz-metrics-token-9f3c1e77a2';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string; ms: number }

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function send(base: string, req: FuzzRequest): Promise<Answer> {
  const u = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const r = request({ host: u.hostname, port: u.port, method: req.method, path: req.path, headers: req.headers, agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no answer in 30 s: ${req.method} ${req.path.slice(0, 200)}`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

const ENVELOPE_KEYS = ['detail', 'error', 'request_id', 'timestamp'];
const STACK = /\n\s+at\s|^\s{4}at\s|\bat\s+\S+\s+\(.*:\d+:\d+\)/m;
const SOURCE_FILE = /[\\/](src|dist|node_modules)[\\/][\w./\\-]+\.(ts|js|mjs|cjs)\b/;
/** What PostgreSQL, pg and Kysely put in their messages; none of it belongs in an answer. */
const SQL = /syntax error at or near|invalid input syntax|invalid byte sequence|unsupported Unicode escape|violates [\w ]*constraint|duplicate key value|relation "|column "|SQLSTATE|\bselect\s+[\w*"., ]+\s+from\s+"?\w|\binsert\s+into\s+"?\w|\bupdate\s+"?\w+"?\s+set\b|\bdelete\s+from\s+"?\w/i;

/** Everything wrong with one answer; empty when it is fine. */
function problems(req: FuzzRequest, a: Answer, secrets: string[], paths: string[]): string[] {
  const out: string[] = [];
  if (a.status >= 500 || a.status < 100) out.push(`status ${a.status}`);
  if (a.status >= 400 && req.method !== 'HEAD') {
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(a.body) as Record<string, unknown>;
    } catch {
      out.push('error body is not JSON');
    }
    if (body) {
      if (JSON.stringify(Object.keys(body).sort()) !== JSON.stringify(ENVELOPE_KEYS)) out.push(`error body keys ${Object.keys(body).join(',')}`);
      if (typeof body.error !== 'string' || body.error === '') out.push('error is not a name');
      if (body.detail === undefined || body.detail === null || body.detail === '') out.push('detail is empty');
      if (typeof body.timestamp !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(body.timestamp)) out.push('timestamp is not ISO');
      if (typeof body.request_id !== 'string' || body.request_id === '') out.push('request_id is empty');
      else if (a.headers['x-request-id'] !== undefined && a.headers['x-request-id'] !== body.request_id) out.push('request_id differs from X-Request-Id');
    }
  }
  if (STACK.test(a.body)) out.push('stack trace in body');
  if (SOURCE_FILE.test(a.body)) out.push('source file path in body');
  for (const p of paths) if (a.body.includes(p)) out.push(`server path ${p} in body`);
  if (SQL.test(a.body)) out.push(`SQL in body: ${SQL.exec(a.body)?.[0]}`);
  for (const s of secrets) if (a.body.includes(s)) out.push(`secret ${s.slice(0, 6)}… in body`);
  return out;
}

describe.skipIf(campaign && (!process.env.TEST_DATABASE_URL || !process.env.TEST_REDIS_URL))(`fuzz: ${RUNS} malformed requests across every public operation (${campaign ? 'PostgreSQL + Redis' : 'embedded database'})`, () => {
  let s: TestServer;
  let ops: Operation[];
  const secrets: string[] = [OPERATOR, METRICS_TOKEN];
  const errorLogs: string[] = [];

  beforeAll(async () => {
    s = await startTestServer({
      url: campaign ? process.env.TEST_DATABASE_URL : undefined,
      env: {
        METRICS_TOKEN, MAX_PATIENTS_PER_JOB: '2000', MAX_CONCURRENT_JOBS: '1',
        ...(campaign ? { REDIS_URL: process.env.TEST_REDIS_URL ?? '', REDIS_KEY_PREFIX: uniquePrefix(), MEDGEN_OWNER_KEY: 'true' } : {}),
      },
    });
    // A 500 logs `unhandled error`: counted, so that one hidden behind a 4xx still shows.
    const error = s.app.log.error.bind(s.app.log);
    vi.spyOn(s.app.log, 'error').mockImplementation((...args: unknown[]) => {
      errorLogs.push(args.filter((x) => typeof x === 'string').join(' '));
      return (error as (...x: unknown[]) => void)(...args);
    });
    for (const url of [process.env.TEST_DATABASE_URL, process.env.TEST_REDIS_URL]) {
      const password = url ? decodeURIComponent(new URL(url).password) : '';
      if (password) secrets.push(password);
    }
    const owner = await readFile(join(s.dataDir, 'owner-key.json'), 'utf8').catch(() => undefined);
    if (owner) secrets.push((JSON.parse(owner) as { key: string }).key);
  });
  afterAll(async () => {
    agent.destroy();
    await s?.close();
  });

  it('0 answers ≥ 500, the envelope on every error, nothing internal in any body; the server still serves', async () => {
    const doc = await (await s.call('/openapi.json', { key: null })).json() as OpenApiDoc;
    ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThanOrEqual(40);

    // Real things to aim at: a job with results, a saved configuration, a tenant key, a preset.
    const tenant = await createTestKey(s, 'fuzz tenant');
    secrets.push(tenant);
    const job = await submit(s, { configuration: scenario(20), output_formats: ['json', 'csv'] });
    const done = await waitFor(s, job, undefined, 60_000);
    expect(`${done.status} ${done.error ?? ""}`.trim()).toBe("completed");
    const results = await (await s.call(`/api/v1/jobs/${job}/results?per_page=1`)).json() as { patients: { id: number; uuid: string }[] };
    const config = await (await s.call('/api/v1/configurations/', { method: 'POST', json: { ...scenario(20), name: 'fuzz target' } })).json() as { id: string };
    const created = await (await s.call('/api/v1/admin/keys/', { method: 'POST', json: { name: 'fuzz target key' } })).json() as { id: string; key: string };
    secrets.push(created.key);
    const presets = await (await s.call('/api/v1/presets', { key: null })).json() as { id: string }[] | { presets: { id: string }[] };
    const preset = (Array.isArray(presets) ? presets : presets.presets)[0]?.id;
    const patient = results.patients[0];
    const ids = [job, config.id, created.id, patient && String(patient.id), patient?.uuid, preset, '1'].filter((x): x is string => typeof x === 'string');
    expect(ids.length).toBe(7);

    const statuses = new Map<number, number>();
    const byOperation = new Set<string>();
    let sent = 0;
    let slowest = 0;
    const started = performance.now();
    await fc.assert(fc.asyncProperty(requestArb(ops, { ids, keys: [OPERATOR, OPERATOR, tenant, DEMO], bodyLimit: s.config.bodyLimitBytes }), async (req) => {
      const a = await send(s.url, req);
      sent++;
      slowest = Math.max(slowest, a.ms);
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      byOperation.add(req.path.split('?')[0] ?? '');
      const found = problems(req, a, secrets, [s.dataDir, process.cwd()]);
      if (found.length > 0) throw new Error(`${found.join('; ')}\n${req.method} ${req.path.slice(0, 300)} [${req.kind}] → ${a.status} ${a.body.slice(0, 500)}`);
    }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    const seconds = (performance.now() - started) / 1000;

    expect(sent).toBeGreaterThanOrEqual(RUNS);
    expect([...statuses.keys()].filter((c) => c >= 500)).toEqual([]);
    expect(errorLogs).toEqual([]);
    // Nothing reached Object.prototype of the process that parsed the bodies.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Still serving (through a new key: the operator's read window may be spent by now).
    expect((await s.call('/api/v1/health/ready', { key: null })).status).toBe(200);
    expect((await s.call('/api/v1/jobs/', { key: await createTestKey(s, 'after the fuzz') })).status).toBe(200);

    const table = [...statuses.entries()].sort(([x], [y]) => x - y).map(([code, n]) => `${code}: ${n}`).join(', ');
    console.log(`fuzz: ${sent} requests in ${seconds.toFixed(1)} s (seed ${SEED}, ${campaign ? 'PostgreSQL + Redis' : 'embedded database'}); `
      + `slowest ${slowest.toFixed(0)} ms; status codes ${table}`);
  }, 300_000);
});
