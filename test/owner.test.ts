import { EventEmitter } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerServe } from '../src/cli/serve.js';
import { loadConfig } from '../src/config/index.js';
import { openTestDatabase } from '../src/db/test-databases.js';
import { closeTestDatabase, startTestServer, type TestServer } from './server-helpers.js';

const tokenOf = (link: string): string => new URL(link).hash.replace(/^#signin=/, '');

async function signIn(s: TestServer, token: string): Promise<Response> {
  return s.call('/api/v1/auth/signin', { method: 'POST', json: { token }, key: null });
}

describe('local owner access', () => {
  let dataDir: string;
  let s: TestServer;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'medgen-owner-'));
    s = await startTestServer({ dataDir, env: { MAX_PATIENTS_PER_JOB: '5000' } });
  });
  afterAll(async () => {
    await s.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes an owner key on the first start, kept in DATA_DIR for its owner only', async () => {
    const file = join(dataDir, 'owner-key.json');
    expect(existsSync(file)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(s.deps.owner?.created).toBe(true);
  });

  it('trades a one-time link for the owner key: admin, up to MAX_PATIENTS_PER_JOB patients', async () => {
    const link = s.signInLink();
    expect(link).toMatch(/^http:\/\/localhost:\d+\/settings#signin=[A-Za-z0-9_-]{43}$/);
    const r = await signIn(s, tokenOf(link ?? ''));
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = await r.json() as { key: string; kind: string; name: string };
    expect(body).toMatchObject({ kind: 'owner', name: 'Local owner' });
    expect(body.key).toBe(JSON.parse(await readFile(join(dataDir, 'owner-key.json'), 'utf8')).key);

    // The link works once.
    const again = await signIn(s, tokenOf(link ?? ''));
    expect(again.status).toBe(401);
    expect((await again.json() as { detail: string }).detail).toMatch(/used already or has expired/);

    const me = await (await s.call('/api/v1/keys/me', { key: body.key })).json() as Record<string, unknown>;
    expect(me).toMatchObject({ kind: 'owner', is_admin: true, max_patients: 5000, limits: expect.objectContaining({ patients_per_request: 5000, requests_per_day: null, patients_per_day: null }) });

    // Full size from the UI: a preset of 2,500 patients is accepted (the demo key stops at 50).
    const preset = await (await s.call('/api/v1/presets/nato_article_5', { key: null })).json() as { generation_config: Record<string, unknown> };
    const submit = await s.call('/api/v1/generation/', { method: 'POST', key: body.key, json: { configuration: preset.generation_config, output_formats: ['csv'] } });
    expect(submit.status).toBe(201);
    const job = await submit.json() as { job_id: string };
    expect((await s.call(`/api/v1/jobs/${job.job_id}/cancel`, { method: 'POST', key: body.key })).status).toBe(200);
    expect((await s.call('/api/v1/generation/', { method: 'POST', key: body.key, json: { configuration: { total_patients: 5001 } } })).status).toBe(422);
  });

  it('never hands the key out without a valid token', async () => {
    for (const token of ['', 'x', 'A'.repeat(43)]) {
      const r = await signIn(s, token);
      expect([401, 422]).toContain(r.status);
      expect(await r.text()).not.toMatch(/sk_live_/);
    }
    // Nothing else serves it either: the key is never in a page or a document.
    for (const path of ['/', '/settings', '/openapi.json', '/api/v1/health']) {
      const r = await s.call(path, { key: null });
      expect(await r.text()).not.toMatch(/sk_live_[0-9a-f]{56}/);
    }
  });

  it('is built in: the admin API refuses to delete or rotate it', async () => {
    const id = s.deps.owner?.row.id ?? '';
    expect((await s.call(`/api/v1/admin/keys/${id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await s.call(`/api/v1/admin/keys/${id}/rotate`, { method: 'POST', json: {} })).status).toBe(409);
  });

  it('keeps the same key across restarts, even on a fresh database', async () => {
    const key = JSON.parse(await readFile(join(dataDir, 'owner-key.json'), 'utf8')).key as string;
    const database = await openTestDatabase(undefined, false);
    const again = await startTestServer({ dataDir, database, env: { MAX_PATIENTS_PER_JOB: '7000' } });
    try {
      expect(again.deps.owner?.created).toBe(false);
      const r = await signIn(again, tokenOf(again.signInLink() ?? ''));
      expect((await r.json() as { key: string }).key).toBe(key);
      const me = await (await again.call('/api/v1/keys/me', { key })).json() as { limits: { patients_per_request: number } };
      expect(me.limits.patients_per_request).toBe(7000);
    } finally {
      await again.close();
      await closeTestDatabase(database);
    }
  });

  it('is off with MEDGEN_OWNER_KEY=off, and by default with DATABASE_URL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medgen-owner-off-'));
    const off = await startTestServer({ dataDir: dir, env: { MEDGEN_OWNER_KEY: 'off' } });
    try {
      expect(off.signInLink()).toBeUndefined();
      expect(existsSync(join(dir, 'owner-key.json'))).toBe(false);
      expect((await signIn(off, 'whatever')).status).toBe(404);
    } finally {
      await off.close();
      await rm(dir, { recursive: true, force: true });
    }
    expect(loadConfig({}).ownerKey).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/medgen' }).ownerKey).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/medgen', MEDGEN_OWNER_KEY: 'on' }).ownerKey).toBe(true);
  });

  it('`medgen serve` prints the one-time link on the console', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'medgen-owner-serve-'));
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (c: Buffer) => { text += c.toString(); });
    const signals = new EventEmitter();
    const program = new Command().exitOverride();
    registerServe(program, { stdout: new PassThrough(), stderr, env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dir } }, signals);
    const done = program.parseAsync(['node', 'medgen', 'serve']);
    try {
      const until = Date.now() + 60_000;
      while (!/#signin=/.test(text) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(text).toMatch(/created the local owner key \(admin\), kept in .*owner-key\.json/);
      const link = /sign in to the web UI as the owner \(one-time link, valid 24 hours\):\n {4}(http:\/\/localhost:\d+\/settings#signin=\S+)/.exec(text)?.[1];
      expect(link).toBeDefined();
      const url = new URL(link ?? '');
      const r = await fetch(`http://127.0.0.1:${url.port}/api/v1/auth/signin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: tokenOf(link ?? '') }) });
      expect(r.status).toBe(200);
    } finally {
      signals.emit('SIGTERM');
      await done;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
