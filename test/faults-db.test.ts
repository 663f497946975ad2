import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { scenario, submit, waitFor } from './jobs-helpers.js';
import { metricValue, targetOf, TcpProxy, until, viaProxy } from './faults-proxy.js';
import { startTestServer, type TestServer } from './server-helpers.js';

const url = process.env.TEST_DATABASE_URL;

interface Envelope { error: string; detail: { code: string; message: string }; timestamp: string; request_id: string }

/** A request that needs the database, timed: it must end in a 503 envelope, never hang. */
async function expectUnavailable(s: TestServer, path: string, init: Parameters<TestServer['call']>[1] = {}): Promise<number> {
  const started = Date.now();
  const r = await s.call(path, { ...init, signal: AbortSignal.timeout(20_000) });
  const ms = Date.now() - started;
  const body = await r.json() as Envelope;
  expect(r.status, `${path}: ${JSON.stringify(body)}`).toBe(503);
  expect(r.headers.get('retry-after')).toBe('5');
  expect(body).toMatchObject({ error: 'Service Unavailable', detail: { code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/database is unavailable/) } });
  expect(body.request_id).toBe(r.headers.get('x-request-id'));
  return ms;
}

describe.skipIf(!url)('database lost while running (PostgreSQL behind a proxy)', () => {
  let proxy: TcpProxy;
  let s: TestServer;
  const warnings: string[] = [];
  /** Figures of the campaign (docs/faults.md): ms from the cut, and answer times during it. */
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    proxy = await TcpProxy.start(targetOf(url as string, 5432));
    s = await startTestServer({ url: viaProxy(url as string, proxy) });
    const warn = s.app.log.warn.bind(s.app.log);
    vi.spyOn(s.app.log, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.filter((a) => typeof a === 'string').join(' '));
      return (warn as (...a: unknown[]) => void)(...args);
    });
  });
  afterAll(async () => {
    proxy?.restore();
    await s?.close();
    await proxy?.close();
  });

  it('serves normally before the outage', async () => {
    expect((await s.call('/api/v1/health/ready', { key: null })).status).toBe(200);
    const id = await submit(s, { configuration: scenario(30), output_formats: ['json'] });
    expect((await waitFor(s, id, undefined, 60_000)).status).toBe('completed');
    expect(metricValue(await (await s.call('/metrics')).text(), 'db_up')).toBe(1);
  });

  it('server down: ready 503 naming the database, API 503 envelopes, live 200, no crash', async () => {
    proxy.cut('refuse');
    figures.cutAt = performance.now();
    const ready = await s.call('/api/v1/health/ready', { key: null });
    figures.refusedReadyMs = performance.now() - figures.cutAt;
    expect(ready.status).toBe(503);
    const body = await ready.json() as { status: string; error: string; checks: Record<string, { status: string; error: string }> };
    expect(body.status).toBe('not_ready');
    expect(body.error).toMatch(/^database unreachable: /);
    expect(body.checks.database?.status).toBe('unhealthy');

    const health = await s.call('/api/v1/health', { key: null });
    expect(health.status).toBe(503);
    expect(((await health.json()) as { checks: Record<string, { status: string }> }).checks.database?.status).toBe('unhealthy');

    // The operator key is cached for 2 s at most; after that even auth needs the database.
    await new Promise((r) => setTimeout(r, 2_100));
    figures.refused503Ms = await expectUnavailable(s, '/api/v1/jobs/');
    await expectUnavailable(s, '/api/v1/configurations/');
    await expectUnavailable(s, '/api/v1/generation/', { method: 'POST', json: { configuration: scenario(10), output_formats: ['json'] } });

    expect((await s.call('/api/v1/health/live', { key: null })).status).toBe(200);
    expect((await s.call('/api/v1/presets', { key: null })).status).toBe(200); // needs no database

    const metrics = await (await s.call('/metrics')).text();
    expect(metricValue(metrics, 'db_up')).toBe(0);
    expect(metricValue(metrics, 'db_outages_total')).toBe(1);
    expect(warnings.some((w) => /database unreachable/.test(w))).toBe(true);
  });

  it('network gone (connections never answered): requests still end in 503 within the connect timeout', async () => {
    proxy.cut('blackhole');
    const started = Date.now();
    const ready = await s.call('/api/v1/health/ready', { key: null, signal: AbortSignal.timeout(10_000) });
    expect(ready.status).toBe(503);
    figures.blackholeReadyMs = Date.now() - started;
    expect(figures.blackholeReadyMs).toBeLessThan(8_000); // the 2 s health timeout, with slack for a loaded machine
    const ms = await expectUnavailable(s, '/api/v1/jobs/');
    figures.blackhole503Ms = ms;
    expect(ms).toBeLessThan(15_000); // bounded by the 5 s connect timeout, not hanging
    expect((await s.call('/api/v1/health/live', { key: null })).status).toBe(200);
  });

  it('recovers without a restart when the database returns: ready, requests and a new job', async () => {
    proxy.restore();
    const restoredAt = performance.now();
    await until('ready again', async () => (await s.call('/api/v1/health/ready', { key: null })).status === 200, 30_000);
    const readyAgainMs = performance.now() - restoredAt;
    expect((await s.call('/api/v1/jobs/')).status).toBe(200);
    const id = await submit(s, { configuration: scenario(40), output_formats: ['json', 'csv'] });
    const job = await waitFor(s, id, undefined, 90_000);
    expect(job.status).toBe('completed');
    expect(job.summary?.total_patients).toBe(40);
    const zip = await s.call(`/api/v1/downloads/${id}`);
    expect(zip.status).toBe(200);
    expect((await zip.arrayBuffer()).byteLength).toBeGreaterThan(1_000);

    const metrics = await (await s.call('/metrics')).text();
    expect(metricValue(metrics, 'db_up')).toBe(1);
    expect(metricValue(metrics, 'db_outages_total')).toBe(1);
    expect(metricValue(metrics, 'api_requests_total{method="GET",endpoint="/api/v1/jobs/",status="503"}')).toBeGreaterThanOrEqual(2);
    const f = (ms: number | undefined): string => `${((ms ?? NaN) / 1000).toFixed(2)} s`;
    console.log(`database cut: outage ${f(restoredAt - (figures.cutAt ?? 0))}; server down: ready 503 in ${f(figures.refusedReadyMs)}, API 503 in ${f(figures.refused503Ms)}; `
      + `network gone: ready 503 in ${f(figures.blackholeReadyMs)}, API 503 in ${f(figures.blackhole503Ms)}; ready again ${f(readyAgainMs)} after the restore, `
      + `then a 40-patient job completed and downloaded`);
  });
});
