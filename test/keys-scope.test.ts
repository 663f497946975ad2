import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, startTestServer, type TestServer } from './server-helpers.js';

interface KeyInfo {
  id: string; name: string; key_prefix: string; type: string; kind: string; is_admin: boolean;
  limits: Record<string, number | null>; max_patients_per_job: number; max_patients: number; patients_today: number;
  windows: { type: string; scope: string; limit: number | null; used: number; remaining: number | null; reset_seconds: number }[];
}

const SCENARIO = { total_patients: 5, days_of_fighting: 1, seed: 3 };

describe('work and reads are limited separately', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer({ env: { READ_REQUESTS_PER_MINUTE: '40', MAX_PATIENTS_PER_JOB: '30' } }); });
  afterAll(async () => { await s.close(); });

  it('reads spend none of the demo key\'s work windows; three Generates with their page traffic fit in a minute', async () => {
    for (let i = 0; i < 15; i++) {
      const r = await s.call('/api/v1/jobs/', { key: DEMO });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-limit-scope')).toBe('read');
      expect(r.headers.get('x-daily-usage')).toBe('0');
      expect(r.headers.get('ratelimit-limit')).toBe('40');
    }
    // What the UI does per Generate: submit, then events, list and job.
    for (let i = 1; i <= 3; i++) {
      const submit = await s.call('/api/v1/generation/', { key: DEMO, method: 'POST', json: { configuration: SCENARIO } });
      expect(submit.status).toBe(201);
      expect(submit.headers.get('x-limit-scope')).toBe('work');
      expect(submit.headers.get('x-daily-usage')).toBe(String(i));
      expect(submit.headers.get('ratelimit-remaining')).toBe(String(10 - i));
      const { job_id: id } = await submit.json() as { job_id: string };
      for (const path of [`/api/v1/jobs/${id}/events`, '/api/v1/jobs/', `/api/v1/jobs/${id}`]) {
        const r = await s.call(path, { key: DEMO });
        expect(r.status).toBe(200);
        await r.arrayBuffer();
      }
    }
    const me = await (await s.call('/api/v1/keys/me', { key: DEMO })).json() as KeyInfo;
    expect(me.windows.find((w) => w.type === 'requests_per_minute')).toMatchObject({ scope: 'work', limit: 10, used: 3, remaining: 7 });
    expect(me.windows.find((w) => w.type === 'requests_per_day')).toMatchObject({ limit: 100, used: 3, remaining: 97 });
    expect(me.patients_today).toBe(15);
  });

  it('has a read window of its own: full, it refuses reads with their scope, and work goes on', async () => {
    const { key } = await (await s.call('/api/v1/admin/keys/', { method: 'POST', json: { name: 'reader', limits: { requests_per_minute: 5 } } })).json() as { key: string };
    const codes: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 42; i++) {
      const r = await s.call('/api/v1/configurations/', { key });
      codes.push(r.status);
      if (r.status === 429 && !refused) refused = r;
      else await r.arrayBuffer();
    }
    expect(codes.filter((c) => c === 200)).toHaveLength(40);
    expect(refused?.headers.get('x-limit-scope')).toBe('read');
    expect(refused?.headers.get('x-limit-type')).toBe('reads_per_minute');
    expect(refused?.headers.get('x-limit-value')).toBe('40');
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused?.json() as { detail: string }).detail).toMatch(/^Rate limit exceeded: 40 reads/);

    const work = await s.call('/api/v1/streaming/generate?count=2&format=ndjson', { key });
    expect(work.status).toBe(200);
    expect(work.headers.get('x-limit-scope')).toBe('work');
    await work.arrayBuffer();
  });

  it('GET /api/v1/keys/me tells the key, its limits and what one request may ask for', async () => {
    const demo = await s.call('/api/v1/keys/me', { key: DEMO });
    expect(demo.status).toBe(200);
    const info = await demo.json() as KeyInfo;
    expect(info).toMatchObject({
      type: 'demo', kind: 'demo', is_admin: false, key_prefix: DEMO.slice(0, 12), max_patients_per_job: 30, max_patients: 30,
      limits: { patients_per_request: 50, requests_per_minute: 10, requests_per_hour: 50, requests_per_day: 100, patients_per_day: null, reads_per_minute: 40 },
    });
    expect(JSON.stringify(info)).not.toContain(DEMO); // never the key itself
    const op = await (await s.call('/api/v1/keys/me')).json() as KeyInfo;
    expect(op).toMatchObject({ kind: 'operator', is_admin: true, max_patients: 30 });
    expect((await s.call('/api/v1/keys/me', { key: null })).status).toBe(401);
  });
});
