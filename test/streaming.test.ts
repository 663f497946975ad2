import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonFormat, ndjsonFormat } from '../src/formats/index.js';
import { createRun, defaultScenario, generateRange, runMetadata } from '../src/engine/index.js';
import { errorBody } from '../src/server/errors.js';
import { ClientSink, errorTail } from '../src/server/services/stream-generation.js';
import { createTestKey, DEMO, startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

const run = promisify(execFile);
const PATH = '/api/v1/streaming/generate';
const NDJSON = { Accept: 'application/x-ndjson' };

interface Patient { id: number; uuid: string; resourceType?: string }
interface JsonBody { metadata: { seed: number | string; patient_count: number; scenario_name: string }; patients: Patient[]; error?: { error: string; detail: string; request_id: string } }

function lines(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

/** Value of one Prometheus series, 0 when absent. */
async function metric(s: TestServer, series: string): Promise<number> {
  const text = await (await s.call('/metrics', { key: null })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** The same scenario through `medgen generate` (NDJSON to standard output). */
async function cliNdjson(dir: string, scenario: object): Promise<Buffer> {
  const file = join(dir, `scenario-${sha(JSON.stringify(scenario)).slice(0, 8)}.json`);
  await writeFile(file, JSON.stringify(scenario));
  const { stdout } = await run(process.execPath, ['bin/medgen.js', 'generate', '--scenario', file, '--format', 'ndjson', '--out', '-', '--quiet'], { encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 });
  return stdout;
}

describe('errorTail and ClientSink', () => {
  it('closes a JSON document cut at a patient boundary into valid JSON with an escaped "error" member', () => {
    const r = createRun({ ...defaultScenario(), total_patients: 3 }, 5);
    const patients = [...generateRange(r)];
    const detail = 'stopped: "quotes", back\\slash,\nnewline, ünïcödé </script>';
    const error = errorBody(500, detail, 'req-1');
    for (const k of [0, 1, 3]) {
      const text = jsonFormat.header(runMetadata(r)) + jsonFormat.encodeBatch(patients.slice(0, k), true) + errorTail('json', error);
      const doc = JSON.parse(text) as JsonBody;
      expect(doc.patients.map((p) => p.id)).toEqual([0, 1, 2].slice(0, k));
      expect(doc.error).toEqual(error);
      expect(doc.error?.detail).toBe(detail);
    }
    expect(JSON.parse(errorTail('json', error, false))).toEqual({ error });
    const nd = ndjsonFormat.encodeBatch(patients, true) + errorTail('ndjson', error);
    const last = JSON.parse(lines(nd).at(-1) as string) as { error: unknown };
    expect(last.error).toEqual(error);
  });

  it('keeps backpressure until the client is gone, then swallows writes so a waiting pipeline wakes up', async () => {
    const sink = new ClientSink();
    const big = Buffer.alloc(2 << 20, 97);
    expect(sink.write(big)).toBe(false);
    const waiting = new Promise<string>((resolve) => sink.once('drain', () => resolve('drained')));
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('stuck'), 100));
    expect(await Promise.race([waiting, timeout])).toBe('stuck');
    sink.discard();
    expect(await waiting).toBe('drained');
    const accepted = new Promise<string>((resolve, reject) => sink.write(big, (err) => (err ? reject(err) : resolve('accepted'))));
    expect(await Promise.race([accepted, new Promise<string>((resolve) => setTimeout(() => resolve('stuck'), 100))])).toBe('accepted');
    expect(sink.discarded).toBe(true);
  });
});

describe.each(testDatabaseKinds())('streaming on $name', ({ url }) => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ url }); });
  afterAll(async () => { await s.close(); });

  it('streams NDJSON with X-Patient-Count and X-Seed, and counts the patients in the metrics', async () => {
    const before = await metric(s, 'patients_generated_total{format="ndjson"}');
    const r = await s.call(PATH, { method: 'POST', json: { total_patients: 40, seed: 7 }, headers: NDJSON });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(r.headers.get('x-patient-count')).toBe('40');
    expect(r.headers.get('x-seed')).toBe('7');
    const patients = lines(await r.text()).map((l) => JSON.parse(l) as Patient);
    expect(patients.map((p) => p.id)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(await metric(s, 'patients_generated_total{format="ndjson"}')).toBe(before + 40);
  });

  it('streams {"metadata", "patients"} JSON by default, with a drawn seed recorded', async () => {
    const r = await s.call(PATH, { method: 'POST', json: { total_patients: 25 } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const doc = await r.json() as JsonBody;
    expect(doc.patients).toHaveLength(25);
    expect(doc.metadata.patient_count).toBe(25);
    expect(String(doc.metadata.seed)).toBe(r.headers.get('x-seed'));
    expect(doc.error).toBeUndefined();
  });

  it('streams FHIR bundles as NDJSON with ?format=fhir', async () => {
    const r = await s.call(`${PATH}?format=fhir&count=6&seed=2`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/fhir+ndjson');
    const bundles = lines(await r.text()).map((l) => JSON.parse(l) as { resourceType: string; entry: unknown[] });
    expect(bundles).toHaveLength(6);
    expect(bundles.every((b) => b.resourceType === 'Bundle' && b.entry.length > 0)).toBe(true);
  });

  it('streams a saved configuration (GET ?configuration_id&count&seed), visible to its owner only', async () => {
    const owner = await createTestKey(s, 'stream owner');
    const c = await (await s.call('/api/v1/configurations/', { method: 'POST', key: owner, json: { name: 'Saved for streaming', total_patients: 500, days_of_fighting: 2 } })).json() as { id: string };
    const r = await s.call(`${PATH}?configuration_id=${c.id}&count=12&seed=99`, { key: owner });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-patient-count')).toBe('12');
    const doc = await r.json() as JsonBody;
    expect(doc.metadata).toMatchObject({ scenario_name: 'Saved for streaming', seed: 99, patient_count: 12 });

    const other = await createTestKey(s, 'stranger');
    const hidden = await s.call(`${PATH}?configuration_id=${c.id}`, { key: other });
    expect(hidden.status).toBe(404);
    expect((await s.call(`${PATH}?configuration_id=nope`, { key: owner })).status).toBe(404);
  });

  it('streams a preset or the default scenario', async () => {
    const p = await s.call(`${PATH}?preset=training_exercise&seed=1`, { headers: NDJSON });
    expect(p.headers.get('x-patient-count')).toBe('100');
    expect(lines(await p.text())).toHaveLength(100);
    expect((await s.call(`${PATH}?preset=nope`)).status).toBe(404);
    const d = await s.call(`${PATH}?seed=3`, { headers: NDJSON });
    expect(d.headers.get('x-patient-count')).toBe('1440');
    expect(lines(await d.text())).toHaveLength(1440);
  });

  it('refuses bad input before streaming: 401 without key, 422 with paths, the per-job cap, the key limit', async () => {
    const noKey = await s.call(PATH, { method: 'POST', key: null, json: { total_patients: 'many' } });
    expect(noKey.status).toBe(401);

    const bad = await s.call(PATH, { method: 'POST', json: { total_patients: 0, days_of_fighting: 1000, bogus: 1 } });
    expect(bad.status).toBe(422);
    const detail = (await bad.json() as { detail: { path: string }[] }).detail;
    expect(detail.map((d) => d.path)).toEqual(expect.arrayContaining(['total_patients', 'days_of_fighting', 'bogus']));

    const cap = await s.call(`${PATH}?count=${s.config.maxPatientsPerJob + 1}`);
    expect(cap.status).toBe(422);
    expect((await cap.json() as { detail: { path: string; message: string }[] }).detail[0]).toMatchObject({ path: 'count' });

    expect((await s.call(`${PATH}?format=xml`)).status).toBe(422);

    const demo = await s.call(`${PATH}?count=51`, { key: DEMO });
    expect(demo.status).toBe(400);
    expect(demo.headers.get('x-limit-type')).toBe('patients_per_request');
  });

  it('gives the same bytes as `medgen generate` for the same scenario and seed, inline and with worker threads', async () => {
    for (const total of [300, 12_000]) {
      const scenario = { total_patients: total, seed: 11, days_of_fighting: 3 };
      const streamed = Buffer.from(await (await s.call(PATH, { method: 'POST', json: scenario, headers: NDJSON })).arrayBuffer());
      const cli = await cliNdjson(s.dataDir, scenario);
      expect(streamed.length).toBe(cli.length);
      expect(sha(streamed)).toBe(sha(cli));
    }
  }, 120_000);
});

describe('streaming at scale (one database is enough)', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ url: process.env.TEST_DATABASE_URL }); });
  afterAll(async () => { await s.close(); });

  it('stops generating at once when the client disconnects', async () => {
    const series = 'patients_generated_total{format="ndjson"}';
    const before = await metric(s, series);
    const runsBefore = await metric(s, 'patient_generation_duration_seconds_count');
    const controller = new AbortController();
    const r = await s.call(`${PATH}?count=1000000&seed=5`, { headers: NDJSON, signal: controller.signal });
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    while (received < 4 << 20) received += ((await reader.read()).value?.length ?? 0);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const m1 = await metric(s, series);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const m2 = await metric(s, series);
    expect(m2).toBe(m1);
    expect(m1 - before).toBeLessThan(100_000);
    expect(m1 - before).toBeGreaterThan(0);
    // The generation has returned (its duration was observed), worker threads included.
    expect(await metric(s, 'patient_generation_duration_seconds_count')).toBe(runsBefore + 1);
  }, 60_000);

  it('streams 1,000,000 patients as NDJSON with flat memory', async () => {
    const rssBefore = process.memoryUsage.rss();
    let peak = rssBefore;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 250);
    const started = performance.now();
    const r = await s.call(`${PATH}?count=1000000&seed=1`, { headers: NDJSON });
    expect(r.headers.get('x-patient-count')).toBe('1000000');
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    let count = 0;
    let bytes = 0;
    let tail: Buffer = Buffer.alloc(0);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      const b = Buffer.from(value.buffer, value.byteOffset, value.length);
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) count++;
      tail = b.length >= 65536 ? b.subarray(b.length - 65536) : Buffer.concat([tail, b]).subarray(-65536);
    }
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const lastLine = tail.toString('utf8').trimEnd().split('\n').at(-1) as string;
    expect(count).toBe(1_000_000);
    expect((JSON.parse(lastLine) as Patient).id).toBe(999_999);
    const growthMb = (peak - rssBefore) / 1048576;
    console.log(`1,000,000 NDJSON: ${(bytes / 1e9).toFixed(2)} GB in ${seconds.toFixed(1)} s (${Math.round(1e6 / seconds)} patients/s); test process (server + client) RSS ${Math.round(rssBefore / 1048576)} MB before, peak ${Math.round(peak / 1048576)} MB (+${growthMb.toFixed(0)} MB)`);
    expect(growthMb).toBeLessThan(300);
  }, 600_000);
});

describe('a stream cut short by the time limit', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ env: { JOB_TIMEOUT_SECONDS: '1' } }); });
  afterAll(async () => { await s.close(); });

  it('ends the JSON validly with an "error" member after whole patients', async () => {
    // Generated on the event loop (no worker start-up to eat into the one second).
    const r = await s.call(`${PATH}?count=10000&seed=8`);
    expect(r.status).toBe(200);
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    const parts: Uint8Array[] = [];
    const first = await reader.read();
    if (first.value) parts.push(first.value);
    // A client that stops reading holds the generation back (backpressure) past the time limit.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
    }
    const doc = JSON.parse(Buffer.concat(parts).toString('utf8')) as JsonBody;
    expect(doc.metadata.patient_count).toBe(10_000);
    expect(doc.error).toMatchObject({ error: 'Internal Server Error', request_id: r.headers.get('x-request-id') });
    expect(doc.error?.detail).toMatch(/time limit of 1 s/);
    expect(doc.patients.length).toBeGreaterThan(0);
    expect(doc.patients.length).toBeLessThan(10_000);
    expect(doc.patients.every((p, i) => p.id === i)).toBe(true);
    expect(await metric(s, 'patient_generation_errors_total{error_type="timeout"}')).toBe(1);
  }, 60_000);
});
