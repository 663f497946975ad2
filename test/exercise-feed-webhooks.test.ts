import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeysRepository, type DatabaseHandle, type Viewer } from '../src/db/index.js';
import { openTestDatabase, testDatabaseKinds } from '../src/db/test-databases.js';
import { ExerciseService, verifySignature, type ExerciseServiceOptions } from '../src/exercise/index.js';

/** A webhook receiver under the test's control: how it answers each request, and what it acknowledged. */
class Receiver {
  server: Server;
  url = '';
  secret = '';
  /** Answer for the n-th attempt (1-based) at a seq: a status code, and an optional delay. */
  answer: (seq: number, attempt: number) => { status: number; delayMs?: number } = () => ({ status: 200 });
  acknowledged: number[] = [];
  requests: { seq: number; attempt: number; at: number; verified: boolean; wrongSecretVerifies: boolean; body: string; type: string | undefined }[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => { body += c; });
      req.on('end', () => {
        const seq = Number(req.headers['x-medgen-event-seq']);
        const attempt = Number(req.headers['x-medgen-attempt']);
        const timestamp = req.headers['x-medgen-timestamp'] as string | undefined;
        const signature = req.headers['x-medgen-signature'] as string | undefined;
        this.requests.push({
          seq, attempt, at: Date.now(), body, type: req.headers['content-type'],
          verified: verifySignature({ secret: this.secret, timestamp, body, signature }),
          wrongSecretVerifies: verifySignature({ secret: `${this.secret}x`, timestamp, body, signature }),
        });
        const a = this.answer(seq, attempt);
        setTimeout(() => {
          res.statusCode = a.status;
          res.end('', () => { if (a.status < 300) this.acknowledged.push(seq); });
        }, a.delayMs ?? 0);
      });
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const SCENARIO = { total_patients: 20, days_of_fighting: 1, seed: 5 };

describe.each(testDatabaseKinds())('exercise webhooks, on $name', ({ url }) => {
  let db: DatabaseHandle;
  let owner: Viewer;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(url);
    const row = await new KeysRepository(db.db).insert({ key_hash: 'wh', key_prefix: 'wh', name: 'wh', email: null, requests_per_day: null, patients_per_day: null, metadata: '{}' });
    owner = { keyId: row.id, isAdmin: false };
  });
  afterEach(async () => { for (const c of cleanup.splice(0).reverse()) await c(); });
  afterAll(async () => { await db.close(); });

  async function service(o: Partial<ExerciseServiceOptions> = {}): Promise<ExerciseService> {
    const s = new ExerciseService({ database: db, syncMs: 0, maxActiveRunsPerKey: 100, webhooks: { backoffBaseMs: 50, backoffMaxMs: 400, timeoutMs: 2_000 }, ...o });
    await s.start();
    cleanup.push(() => s.stop());
    return s;
  }
  async function receiver(): Promise<Receiver> {
    const r = await new Receiver().listen();
    cleanup.push(() => r.close());
    return r;
  }
  /** A run at ×1 (nothing more falls due during the test) and a jump that releases `hours` of events at once. */
  async function runWith(s: ExerciseService) {
    const view = await s.create(owner, { scenario: s.prepare(SCENARIO), name: 'webhooks', speed: 1, start: new Date() });
    return { id: view.id, timeline: s.timeline(view.id) ?? [], released: view.released };
  }

  it('signs every delivery (verifies with the secret, not with another) and retries failures with backoff', async () => {
    const s = await service();
    const r = await receiver();
    r.answer = (_seq, attempt) => ({ status: attempt < 3 ? 500 : 200 });
    const run = await runWith(s);
    const made = await s.subscribe(run.id, owner, { url: r.url, filter: {}, format: 'json' });
    r.secret = made!.secret;
    await s.control(run.id, owner, { op: 'jump', offset: 4 * 3600, skipped: 'release' });
    const expected = run.timeline.filter((e) => e.seq > run.released && e.offset <= 4 * 3600).map((e) => e.seq);
    expect(expected.length).toBeGreaterThan(2);
    await until(() => r.acknowledged.length === expected.length);
    expect(r.acknowledged).toEqual(expected); // in order, each once
    expect(r.requests.every((q) => q.verified)).toBe(true);
    expect(r.requests.some((q) => q.wrongSecretVerifies)).toBe(false);
    const body = JSON.parse(r.requests[0]!.body) as { event: { seq: number; type: string }; run_id: string };
    expect(body.run_id).toBe(run.id);
    expect(body.event.seq).toBe(expected[0]);
    // Attempts 1, 2, 3 of the first event: waits of ≥ 50 ms then ≥ 100 ms.
    const first = r.requests.filter((q) => q.seq === expected[0]);
    expect(first.map((q) => q.attempt)).toEqual([1, 2, 3]);
    expect(first[1]!.at - first[0]!.at).toBeGreaterThanOrEqual(45);
    expect(first[2]!.at - first[1]!.at).toBeGreaterThanOrEqual(95);
    const log = await s.deliveryLog(made!.view as never, 0, 500);
    expect(log.filter((a) => a.seq === expected[0]).map((a) => a.status_code).reverse()).toEqual([500, 500, 200]);
    const [view] = (await s.subscriptions(run.id, owner))!;
    expect(view!.health).toMatchObject({ delivered: expected.length, pending: 0, dead: 0, last_status_code: 200 });
  });

  it('dead-letters after max attempts without holding up another subscriber, and replays once the receiver is back', async () => {
    const s = await service();
    const dead = await receiver();
    const good = await receiver();
    dead.answer = () => ({ status: 503, delayMs: 100 });
    const run = await runWith(s);
    const d = await s.subscribe(run.id, owner, { url: dead.url, filter: {}, format: 'json', maxAttempts: 3 });
    dead.secret = d!.secret;
    const g = await s.subscribe(run.id, owner, { url: good.url, filter: { role: ['POI'] }, format: 'json' });
    good.secret = g!.secret;
    const started = Date.now();
    await s.control(run.id, owner, { op: 'jump', offset: 6 * 3600, skipped: 'release' });
    const due = run.timeline.filter((e) => e.seq > run.released && e.offset <= 6 * 3600);
    const poi = due.filter((e) => e.role === 'POI').map((e) => e.seq);
    await until(() => good.acknowledged.length === poi.length);
    expect(good.acknowledged).toEqual(poi);
    // The good one is done long before the dead one has used up its three slow attempts (≥ 450 ms).
    expect(Date.now() - started).toBeLessThan(2_000);
    await until(async () => (await s.subscriptions(run.id, owner))!.find((x) => x.id === d!.view.id)?.status === 'dead');
    const views = (await s.subscriptions(run.id, owner))!;
    const deadView = views.find((x) => x.id === d!.view.id)!;
    expect(deadView.health).toMatchObject({ dead: 1, delivered: 0, pending: due.length - 1, last_status_code: 503 });
    expect(dead.requests.map((q) => [q.seq, q.attempt])).toEqual([[due[0]!.seq, 1], [due[0]!.seq, 2], [due[0]!.seq, 3]]);

    dead.answer = () => ({ status: 204 });
    const sub = await s.subscription(run.id, owner, d!.view.id);
    expect(await s.replay(sub!)).toBe(1);
    await until(() => dead.acknowledged.length === due.length);
    expect(dead.acknowledged).toEqual(due.map((e) => e.seq));
  });

  it('delivers exactly once to an acknowledging subscriber across a restart in the middle of a run', async () => {
    const r = await receiver();
    r.answer = () => ({ status: 200, delayMs: 15 });
    const first = await service();
    const run = await runWith(first);
    const made = await first.subscribe(run.id, owner, { url: r.url, filter: {}, format: 'json' });
    r.secret = made!.secret;
    await first.control(run.id, owner, { op: 'jump', offset: 12 * 3600, skipped: 'release' });
    await until(() => r.acknowledged.length >= 5);
    await first.stop(); // mid-delivery: some queued events are still unsent
    const sentBefore = r.acknowledged.length;
    const total = run.timeline.filter((e) => e.seq > run.released && e.offset <= 12 * 3600).length;
    expect(sentBefore).toBeLessThan(total);

    const second = await service();
    await second.control(run.id, owner, { op: 'jump', offset: 24 * 3600, skipped: 'release' });
    const expected = run.timeline.filter((e) => e.seq > run.released && e.offset <= 24 * 3600).map((e) => e.seq);
    await until(() => r.acknowledged.length >= expected.length);
    await new Promise((res) => setTimeout(res, 200)); // nothing more arrives
    expect(r.acknowledged).toEqual(expected);
    expect(new Set(r.requests.map((q) => q.seq)).size).toBe(r.requests.length);
  });

  it('sends a FHIR transaction Bundle per event whose references all resolve', async () => {
    const s = await service();
    const r = await receiver();
    const run = await runWith(s);
    const made = await s.subscribe(run.id, owner, { url: r.url, filter: { type: ['arrival', 'treatment', 'triage'] }, format: 'fhir' });
    r.secret = made!.secret;
    await s.control(run.id, owner, { op: 'jump', offset: 3 * 3600, skipped: 'release' });
    const expected = run.timeline.filter((e) => e.seq > run.released && e.offset <= 3 * 3600 && ['arrival', 'treatment', 'triage'].includes(e.type));
    await until(() => r.acknowledged.length === expected.length);
    for (const [i, q] of r.requests.entries()) {
      expect(q.type).toBe('application/fhir+json');
      const bundle = JSON.parse(q.body) as { resourceType: string; type: string; entry: { fullUrl: string; resource: { resourceType: string; performedDateTime?: string; effectiveDateTime?: string } }[] };
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
      const urls = new Set(bundle.entry.map((x) => x.fullUrl));
      for (const ref of q.body.matchAll(/"reference":"(urn:uuid:[^"]+)"/g)) expect(urls.has(ref[1]!)).toBe(true);
      const kinds = bundle.entry.map((x) => x.resource.resourceType);
      expect(kinds).toContain('Patient');
      const e = expected[i]!;
      if (e.type === 'arrival') expect(kinds).toContain('Encounter');
      if (e.type === 'treatment') expect(bundle.entry.some((x) => (x.resource.performedDateTime ?? x.resource.effectiveDateTime) === e.time && ['Procedure', 'MedicationAdministration'].includes(x.resource.resourceType))).toBe(true);
      if (e.type === 'triage') expect(bundle.entry.some((x) => x.resource.resourceType === 'Observation' && x.resource.effectiveDateTime === e.time)).toBe(true);
    }
  });
});
