import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeysRepository, type DatabaseHandle, type Viewer } from '../db/index.js';
import { openTestDatabase } from '../db/test-databases.js';
import { FakeClock } from './clock.js';
import type { ReleasedEvent } from './feed.js';
import { ExerciseService } from './service.js';
import { ExerciseError } from './types.js';

const START = Date.parse('2025-06-01T08:00:00Z');

describe('exercise service on a fake clock', () => {
  let db: DatabaseHandle;
  let owner: Viewer;
  let other: Viewer;
  const services: ExerciseService[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    const keys = new KeysRepository(db.db);
    const mk = async (name: string) => (await keys.insert({ key_hash: name, key_prefix: name, name, email: null, requests_per_day: null, patients_per_day: null, metadata: '{}' })).id;
    owner = { keyId: await mk('owner'), isAdmin: false };
    other = { keyId: await mk('other'), isAdmin: false };
  });
  afterEach(async () => { for (const s of services.splice(0)) await s.stop(); });
  afterAll(async () => { await db.close(); });

  async function setup(speed: number, start = START) {
    const clock = new FakeClock(START);
    const service = new ExerciseService({ database: db, clock, syncMs: 0, maxActiveRunsPerKey: 100 });
    services.push(service);
    await service.start();
    const view = await service.create(owner, { scenario: service.prepare({ total_patients: 25, days_of_fighting: 1, seed: 11 }), name: 'drill', speed, start: new Date(start) });
    const got: { e: ReleasedEvent; at: number }[] = [];
    let ended = false;
    await service.listen(view.id, owner, 0, { filter: {}, onEvents: (es) => { for (const e of es) got.push({ e, at: clock.now() }); }, onEnd: () => { ended = true; } });
    const timeline = service.timeline(view.id) ?? [];
    return { clock, service, view, got, timeline, ended: () => ended };
  }

  it('releases every event in timeline order at StartEx + offset / speed, within 10 ms', async () => {
    const { clock, got, timeline, ended, service, view } = await setup(60);
    expect(timeline.length).toBeGreaterThan(100);
    const last = timeline[timeline.length - 1]!.offset;
    for (let t = 0; t <= (last / 60) * 1000 + 1000; t += 5_000) clock.advance(5_000);
    await new Promise((r) => setTimeout(r, 50)); // the completion is written to the database
    expect(got.map((g) => g.e.seq)).toEqual(timeline.map((e) => e.seq));
    for (const { e, at } of got) {
      const due = START + (e.offset / 60) * 1000;
      expect(at - due).toBeGreaterThanOrEqual(0);
      expect(at - due).toBeLessThanOrEqual(10);
    }
    expect(ended()).toBe(true);
    expect((await service.get(view.id, owner))?.status).toBe('completed');
  });

  it('waits for a StartEx in the future', async () => {
    const { clock, got } = await setup(60, START + 60_000);
    clock.advance(59_000);
    expect(got).toHaveLength(0);
    clock.advance(1_000);
    expect(got.length).toBeGreaterThan(0);
    expect(got[0]!.e.seq).toBe(1);
  });

  it('pauses (nothing released, no timer), resumes where it stood, and changes speed without moving the scenario', async () => {
    const { clock, got, service, view, timeline } = await setup(600);
    clock.advance(60_000); // 10 scenario hours
    const before = got.length;
    expect(before).toBe(timeline.filter((e) => e.offset <= 36_000).length);
    const paused = await service.control(view.id, owner, { op: 'pause' });
    expect(paused?.status).toBe('paused');
    expect(paused?.offset_seconds).toBe(36_000);
    clock.advance(3_600_000);
    expect(got.length).toBe(before);
    expect((await service.get(view.id, owner))?.offset_seconds).toBe(36_000);
    await service.control(view.id, owner, { op: 'resume' });
    await service.control(view.id, owner, { op: 'speed', speed: 3600 });
    clock.advance(1_000); // one more scenario hour at ×3600
    expect(got.length).toBe(timeline.filter((e) => e.offset <= 39_600).length);
    const v = await service.get(view.id, owner);
    expect(v?.offset_seconds).toBe(39_600);
    expect(v?.speed).toBe(3600);
  });

  it('jumps forward releasing the skipped events at once, in order, or marking them skipped', async () => {
    const a = await setup(60);
    a.clock.advance(1_000);
    const released = await a.service.control(a.view.id, owner, { op: 'jump', offset: 7_200, skipped: 'release' });
    expect(a.got.map((g) => g.e.seq)).toEqual(a.timeline.filter((e) => e.offset <= 7_200).map((e) => e.seq));
    expect(released?.released).toBe(a.got.length);

    const b = await setup(60);
    b.clock.advance(1_000);
    const first = b.got.length;
    const skipped = await b.service.control(b.view.id, owner, { op: 'jump', offset: 7_200, skipped: 'skip' });
    const due = b.timeline.filter((e) => e.offset <= 7_200).length;
    expect(b.got.length).toBe(first);
    expect(skipped?.skipped).toBe(due - first);
    b.clock.advance(3_600_000);
    expect(b.got[first]!.e.offset).toBeGreaterThan(7_200);
    // A listener joining later does not get skipped events either.
    const late: number[] = [];
    await b.service.listen(b.view.id, owner, 0, { filter: {}, onEvents: (es) => late.push(...es.map((e) => e.seq)), onEnd: () => undefined });
    expect(late.slice(0, first + 1)).toEqual([...b.got.slice(0, first + 1).map((g) => g.e.seq)]);
    await expect(b.service.control(b.view.id, owner, { op: 'jump', offset: 0, skipped: 'skip' })).rejects.toThrow(ExerciseError);
  });

  it('stops for good, and hides a run from other keys', async () => {
    const { service, view, clock, got } = await setup(60);
    expect(await service.get(view.id, other)).toBeUndefined();
    expect(await service.control(view.id, other, { op: 'pause' })).toBeUndefined();
    clock.advance(10_000);
    const stopped = await service.control(view.id, owner, { op: 'stop' });
    expect(stopped?.status).toBe('stopped');
    const n = got.length;
    clock.advance(3_600_000);
    expect(got.length).toBe(n);
    await expect(service.control(view.id, owner, { op: 'resume' })).rejects.toMatchObject({ kind: 'state' });
  });

  it('resumes a run after a restart from the persisted clock', async () => {
    const first = await setup(600);
    first.clock.advance(30_000);
    await first.service.control(first.view.id, owner, { op: 'speed', speed: 1200 });
    await first.service.stop();
    const clock = new FakeClock(START + 30_000 + 10_000); // 10 s of wall time while down
    const again = new ExerciseService({ database: db, clock, syncMs: 0 });
    services.push(again);
    await again.start();
    const v = await again.get(first.view.id, owner);
    expect(v?.status).toBe('running');
    expect(v?.offset_seconds).toBe(600 * 30 + 1200 * 10);
    expect(v?.released).toBe(first.timeline.filter((e) => e.offset <= 30_000).length);
  });

  it('follows a control made by another process (the database) at its next sync', async () => {
    const clock = new FakeClock(START);
    const a = new ExerciseService({ database: db, clock, syncMs: 0, maxActiveRunsPerKey: 100 });
    const b = new ExerciseService({ database: db, clock, syncMs: 1_000 });
    services.push(a, b);
    await a.start();
    const view = await a.create(owner, { scenario: a.prepare({ total_patients: 25, days_of_fighting: 1, seed: 11 }), name: 'two', speed: 60, start: new Date(START) });
    await b.start();
    const seen: number[] = [];
    await b.listen(view.id, owner, 0, { filter: {}, onEvents: (es) => seen.push(...es.map((e) => e.seq)), onEnd: () => undefined });
    clock.advance(60_000);
    const before = seen.length;
    expect(before).toBeGreaterThan(0);
    await a.control(view.id, owner, { op: 'pause' });
    clock.advance(1_000); // b's sync reads the paused clock
    await new Promise((r) => setTimeout(r, 100));
    const atPause = seen.length;
    clock.advance(3_600_000);
    expect(seen.length).toBe(atPause);
    expect(atPause - before).toBeLessThanOrEqual(5);
    expect((await b.get(view.id, owner))?.status).toBe('paused');
  });
});

