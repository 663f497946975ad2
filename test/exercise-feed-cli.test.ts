import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casualtyTimeline, createRun, parseScenario } from '../src/engine/index.js';
import { verifySignature } from '../src/exercise/index.js';
import { cli } from './helpers.js';
import { OPERATOR, startTestServer, type TestServer } from './server-helpers.js';

const SCENARIO = { name: 'CLI drill', total_patients: 12, days_of_fighting: 1, seed: 3 };
const dir = mkdtempSync(join(tmpdir(), 'medgen-exercise-cli-'));
const file = join(dir, 'scenario.json');
writeFileSync(file, JSON.stringify(SCENARIO));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function timeline() {
  const parsed = parseScenario(SCENARIO);
  if (!parsed.ok) throw new Error('scenario');
  return casualtyTimeline(createRun(parsed.scenario));
}

/** A StartEx so far back at this speed that all but the last `seconds` of wall time have passed. */
const startLeaving = (seconds: number, speed: number): string => {
  const last = timeline()[timeline().length - 1]!.offset;
  return new Date(Date.now() - ((last / speed) - seconds) * 1000).toISOString();
};

describe('medgen exercise run (no server)', () => {
  it('prints every event as NDJSON, in order, on the clock, with a status line on stderr', async () => {
    const t = timeline();
    const started = Date.now();
    const res = await cli('exercise', 'run', file, '--speed', '3600', '--start', startLeaving(1.5, 3600));
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { seed: number; event: { seq: number; id: string } });
    expect(lines.map((l) => l.event.seq)).toEqual(t.map((e) => e.seq));
    expect(lines.map((l) => l.event.id)).toEqual(t.map((e) => e.id));
    expect(lines[0]!.seed).toBe(3);
    // The last events waited for their time: the run took about 1.5 s, not zero.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(res.stderr).toContain(`${t.length} events, seed 3, ×3600`);
    expect(res.stderr).toMatch(new RegExp(`released ${t.length}/${t.length}\\s+done`));
  }, 30_000);

  it('posts each event, signed, to a webhook', async () => {
    const got: { seq: number; ok: boolean }[] = [];
    const secret = 'whsec_test-secret';
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        got.push({ seq: Number(req.headers['x-medgen-event-seq']), ok: verifySignature({ secret, body, timestamp: req.headers['x-medgen-timestamp'] as string, signature: req.headers['x-medgen-signature'] as string }) });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const res = await cli('exercise', 'run', file, '--speed', '3600', '--start', startLeaving(0.5, 3600), '--webhook', url, '--secret', secret);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toBe('');
      expect(got.map((g) => g.seq)).toEqual(timeline().map((e) => e.seq));
      expect(got.every((g) => g.ok)).toBe(true);
    } finally {
      server.close();
    }
  }, 30_000);

  it('refuses a bad speed and a bad start (exit 2)', async () => {
    expect((await cli('exercise', 'run', file, '--speed', '0')).code).toBe(2);
    expect((await cli('exercise', 'run', file, '--start', 'noon')).code).toBe(2);
  });
});

describe('medgen exercise status|pause|resume|jump against a server', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(async () => { await s.close(); });

  it('reads and controls a run', async () => {
    const run = await (await s.call('/api/v1/exercises', { method: 'POST', json: { scenario: SCENARIO, speed: 60 } })).json() as { id: string };
    const args = ['--server', s.url, '--api-key', OPERATOR];
    const status = await cli('exercise', 'status', run.id, ...args, '--json');
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: run.id, status: 'running', speed: 60 });
    const paused = await cli('exercise', 'pause', run.id, ...args);
    expect(paused.stdout).toContain(`${run.id}  paused  ×60`);
    expect(paused.stdout).toMatch(/at roles: POI \d+, R1 \d+/);
    const jumped = await cli('exercise', 'jump', run.id, 'T+02:00', ...args, '--json');
    expect(JSON.parse(jumped.stdout)).toMatchObject({ offset_seconds: 7200, status: 'paused' });
    expect(JSON.parse((await cli('exercise', 'resume', run.id, ...args, '--json')).stdout)).toMatchObject({ status: 'running' });
    const other = await cli('exercise', 'status', '00000000-0000-4000-8000-000000000000', ...args);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('404');
    await cli('exercise', 'stop', run.id, ...args);
  });
});
