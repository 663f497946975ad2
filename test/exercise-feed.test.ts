import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casualtyTimeline, createRun, parseScenario } from '../src/engine/index.js';
import { createTestKey, startTestServer, testDatabaseKinds, type TestServer } from './server-helpers.js';

const SCENARIO = { name: 'Feed drill', total_patients: 20, days_of_fighting: 1, base_date: '2025-06-01', seed: 5 };

function expectedTimeline(seed = 5) {
  const parsed = parseScenario({ ...SCENARIO, seed });
  if (!parsed.ok) throw new Error('scenario');
  return casualtyTimeline(createRun(parsed.scenario));
}

interface Frame { id?: string; event?: string; data: string }

/** Reads a whole SSE response (it ends with the run or with follow=false) into frames. */
async function frames(r: Response): Promise<Frame[]> {
  const text = await r.text();
  return text.split('\n\n').filter((b) => b.trim() !== '' && !b.startsWith(':')).map((block) => {
    const f: Frame = { data: '' };
    for (const line of block.split('\n')) {
      const [k, ...rest] = line.split(': ');
      const v = rest.join(': ');
      if (k === 'id') f.id = v;
      else if (k === 'event') f.event = v;
      else if (k === 'data') f.data += v;
    }
    return f;
  });
}

describe.each(testDatabaseKinds())('live exercise feed over HTTP, on $name', ({ url }) => {
  let s: TestServer;
  let a: string;
  let b: string;
  beforeAll(async () => {
    s = await startTestServer({ url });
    [a, b] = await Promise.all([createTestKey(s, 'control A'), createTestKey(s, 'control B')]);
  });
  afterAll(async () => { await s.close(); });

  const create = (key: string, json: unknown) => s.call('/api/v1/exercises', { key, method: 'POST', json });

  it('starts a run whose clock already stands where StartEx puts it, with counts per role', async () => {
    const timeline = expectedTimeline();
    // StartEx two scenario hours ago at ×60 (two wall minutes ago).
    const start = new Date(Date.now() - 120_000).toISOString();
    const r = await create(a, { scenario: SCENARIO, speed: 60, start });
    expect(r.status).toBe(201);
    const v = await r.json() as Record<string, unknown> & { counts: { at_role: Record<string, number>; dead: number; in_transit: number; returned_to_duty: number; awaiting_discovery: number } };
    expect(v).toMatchObject({ status: 'running', speed: 60, seed: 5, total_patients: 20, total_events: timeline.length, scenario_start: timeline[0]!.time });
    expect(v.offset_seconds as number).toBeGreaterThanOrEqual(7200);
    expect(v.offset_seconds as number).toBeLessThan(7230);
    const due = timeline.filter((e) => e.offset <= (v.offset_seconds as number)).length;
    expect(v.released).toBe(due);
    const injured = new Set(timeline.slice(0, due).map((e) => e.patient_id)).size;
    const c = v.counts;
    expect(c.awaiting_discovery + c.in_transit + c.dead + c.returned_to_duty + Object.values(c.at_role).reduce((x, y) => x + y, 0)).toBe(injured);
    const list = await s.call('/api/v1/exercises', { key: a });
    expect(Number(list.headers.get('x-total-count'))).toBeGreaterThanOrEqual(1);
    expect((await list.json() as { id: string }[]).map((x) => x.id)).toContain(v.id);
  });

  it('refuses bad input with 422 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ scenario: SCENARIO, speed: 0 }, 'speed'],
      [{ scenario: SCENARIO, speed: 4000 }, 'speed'],
      [{ scenario: SCENARIO, start: 'tomorrow' }, 'start'],
      [{ scenario: { ...SCENARIO, days_of_fighting: -1 } }, 'scenario.days_of_fighting'],
      [{ scenario: { ...SCENARIO, total_patients: 6000 } }, 'scenario.total_patients'],
      [{ scenario: SCENARIO, colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const r = await create(a, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      const detail = (await r.json() as { detail: { path: string }[] | { errors: { path: string }[] } }).detail;
      const paths = (Array.isArray(detail) ? detail : detail.errors).map((p) => p.path);
      expect(paths, JSON.stringify(body)).toContain(field);
    }
    const run = await (await create(a, { scenario: SCENARIO, speed: 1 })).json() as { id: string };
    const jump = await s.call(`/api/v1/exercises/${run.id}/jump`, { key: a, method: 'POST', json: { to: 'yesterday' } });
    expect(jump.status).toBe(422);
    expect(JSON.stringify(await jump.json())).toContain('"to"');
    const sub = await s.call(`/api/v1/exercises/${run.id}/subscriptions`, { key: a, method: 'POST', json: { url: 'ftp://x', filter: { role: ['R9'] } } });
    expect(sub.status).toBe(422);
    const paths = ((await sub.json()) as { detail: { path: string }[] }).detail.map((p) => p.path);
    expect(paths).toEqual(['url', 'filter.role']);
    const events = await s.call(`/api/v1/exercises/${run.id}/events?type=explosion&follow=false`, { key: a });
    expect(events.status).toBe(422);
    await s.call(`/api/v1/exercises/${run.id}/stop`, { key: a, method: 'POST' });
  });

  it('controls the clock: pause, resume, speed, jump; 409 once stopped', async () => {
    const timeline = expectedTimeline();
    const run = await (await create(a, { scenario: SCENARIO, speed: 1 })).json() as { id: string };
    const post = (op: string, json?: unknown) => s.call(`/api/v1/exercises/${run.id}/${op}`, { key: a, method: 'POST', ...(json === undefined ? {} : { json }) });
    const paused = await (await post('pause')).json() as { status: string; offset_seconds: number };
    expect(paused.status).toBe('paused');
    await new Promise((r) => setTimeout(r, 300));
    expect((await (await s.call(`/api/v1/exercises/${run.id}`, { key: a })).json() as { offset_seconds: number }).offset_seconds).toBe(paused.offset_seconds);
    expect((await (await post('pause')).json() as { status: string }).status).toBe('paused'); // idempotent
    const jumped = await (await post('jump', { to: 'T+03:00', skipped: 'skip' })).json() as { offset_seconds: number; released: number; skipped: number };
    expect(jumped.offset_seconds).toBe(10_800);
    const due = timeline.filter((e) => e.offset <= 10_800).length;
    expect(jumped.released + jumped.skipped).toBe(due);
    expect(jumped.skipped).toBeGreaterThan(0);
    expect((await (await post('speed', { speed: 120 })).json() as { speed: number }).speed).toBe(120);
    expect((await (await post('resume')).json() as { status: string }).status).toBe('running');
    expect((await post('jump', { to: 'T+01:00' })).status).toBe(422); // backwards
    expect((await (await post('stop')).json() as { status: string }).status).toBe('stopped');
    expect((await post('resume')).status).toBe(409);
  });

  it('streams released events over SSE with seq ids, resumes after Last-Event-ID and filters', async () => {
    const timeline = expectedTimeline();
    const start = new Date(Date.now() - 4 * 3_600_000).toISOString(); // four hours ago at ×60: 240 scenario hours — all released
    const run = await (await create(a, { scenario: SCENARIO, speed: 60, start })).json() as { id: string; status: string };
    const all = await frames(await s.call(`/api/v1/exercises/${run.id}/events`, { key: a }));
    const casualties = all.filter((f) => f.event === 'casualty');
    expect(casualties.map((f) => Number(f.id))).toEqual(timeline.map((e) => e.seq));
    const first = JSON.parse(casualties[0]!.data) as Record<string, unknown>;
    expect(first).toMatchObject({ seq: 1, id: timeline[0]!.id, type: 'injury', patient_id: timeline[0]!.patient_id, run_id: run.id });
    expect(all[all.length - 1]).toMatchObject({ event: 'end', data: '{"status":"completed"}' });

    const k = 25;
    const resumed = await frames(await s.call(`/api/v1/exercises/${run.id}/events`, { key: a, headers: { 'Last-Event-ID': String(k) } }));
    expect(resumed.filter((f) => f.event === 'casualty').map((f) => Number(f.id))).toEqual(timeline.filter((e) => e.seq > k).map((e) => e.seq));

    const r1 = await frames(await s.call(`/api/v1/exercises/${run.id}/events?role=R1&type=arrival,triage`, { key: a }));
    const picked = r1.filter((f) => f.event === 'casualty').map((f) => JSON.parse(f.data) as { role: string; type: string; seq: number });
    expect(picked.map((e) => e.seq)).toEqual(timeline.filter((e) => e.role === 'R1' && (e.type === 'arrival' || e.type === 'triage')).map((e) => e.seq));
    expect(picked.length).toBeGreaterThan(0);
  });

  it('follows a live run: events arrive as the clock reaches them', async () => {
    const timeline = expectedTimeline();
    const run = await (await create(a, { scenario: SCENARIO, speed: 3600 })).json() as { id: string };
    const reading = s.call(`/api/v1/exercises/${run.id}/events`, { key: a }).then(frames);
    // Two wall seconds live (two scenario hours), then on to the last events at once.
    await new Promise((r) => setTimeout(r, 2_000));
    const jumped = await (await s.call(`/api/v1/exercises/${run.id}/jump`, { key: a, method: 'POST', json: { to: `T+${Math.floor(timeline[timeline.length - 1]!.offset / 3600) - 1}:00` } })).json() as { offset_seconds: number };
    const got = await reading;
    const seqs = got.filter((f) => f.event === 'casualty').map((f) => Number(f.id));
    expect(seqs).toEqual(timeline.map((e) => e.seq));
    const live = got.filter((x) => x.event === 'casualty').map((f) => JSON.parse(f.data) as { offset: number; due_at: string; released_at: string })
      .filter((e) => e.offset < 7_000);
    expect(live.length).toBe(timeline.filter((e) => e.offset < 7_000).length);
    expect(live.length).toBeGreaterThan(0);
    // The clock's tolerance: released within 250 ms of when it fell due.
    for (const e of live) expect(Date.parse(e.released_at) - Date.parse(e.due_at)).toBeLessThan(250);
    expect(jumped.offset_seconds).toBeGreaterThan(7_200);
  }, 60_000);

  it("counts against the key's quotas: its patients per day, and five running exercises", async () => {
    const small = await createTestKey(s, 'small quota', { patients_per_day: 30 });
    expect((await create(small, { scenario: SCENARIO })).status).toBe(201);
    const over = await create(small, { scenario: SCENARIO });
    expect(over.status).toBe(429);
    expect(over.headers.get('x-limit-type')).toBe('patients_per_day');
    const busy = await createTestKey(s, 'busy control');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await (await create(busy, { scenario: SCENARIO })).json() as { id: string }).id);
    const sixth = await create(busy, { scenario: SCENARIO });
    expect(sixth.status).toBe(429);
    expect(JSON.stringify(await sixth.json())).toContain('5 exercises running or paused');
    await s.call(`/api/v1/exercises/${ids[0]}/stop`, { key: busy, method: 'POST' });
    expect((await create(busy, { scenario: SCENARIO })).status).toBe(201);
  });

  it('hides a run and its parts from another key (404)', async () => {
    const run = await (await create(a, { scenario: SCENARIO, speed: 1 })).json() as { id: string };
    const sub = await (await s.call(`/api/v1/exercises/${run.id}/subscriptions`, { key: a, method: 'POST', json: { url: 'http://127.0.0.1:9/hook' } })).json() as { id: string; secret: string };
    expect(sub.secret).toMatch(/^whsec_/);
    const listed = await (await s.call(`/api/v1/exercises/${run.id}/subscriptions`, { key: a })).json() as Record<string, unknown>[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('secret');
    const record = await s.call(`/api/v1/exercises/${run.id}/patients/3`, { key: a });
    expect(record.status).toBe(200);
    expect(await record.json()).toMatchObject({ id: 3, front: expect.any(String), movement_timeline: expect.any(Array) });
    expect((await s.call(`/api/v1/exercises/${run.id}/patients/20`, { key: a })).status).toBe(404);
    const card = await s.call(`/api/v1/exercises/${run.id}/patients/3/card.pdf`, { key: a });
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await card.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    for (const [method, path] of [['GET', ''], ['GET', '/events'], ['GET', '/patients/3'], ['GET', '/patients/3/card.pdf'], ['POST', '/pause'], ['POST', '/resume'], ['POST', '/stop'], ['GET', '/subscriptions'],
      ['GET', `/subscriptions/${sub.id}/deliveries`], ['POST', `/subscriptions/${sub.id}/replay`], ['DELETE', `/subscriptions/${sub.id}`]] as const) {
      const r = await s.call(`/api/v1/exercises/${run.id}${path}`, { key: b, method, ...(path.endsWith('replay') ? { json: {} } : {}) });
      expect(r.status, `${method} ${path}`).toBe(404);
      await r.body?.cancel();
    }
    expect((await (await s.call('/api/v1/exercises', { key: b })).json() as { id: string }[]).map((x) => x.id)).not.toContain(run.id);
    expect((await s.call(`/api/v1/exercises/${run.id}/subscriptions/${sub.id}`, { key: a, method: 'DELETE' })).status).toBe(204);
    await s.call(`/api/v1/exercises/${run.id}/stop`, { key: a, method: 'POST' });
  });
});
