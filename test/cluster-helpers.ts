import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadable } from 'node:stream/web';
import pg from 'pg';
import yauzl from 'yauzl';
import { medgen, spawnRole } from './keys-process.js';

/**
 * Long-running `medgen` roles in child processes for the cluster and shutdown tests: unlike
 * keys-process's `serve`, the whole log stays readable and a stop reports its exit code and how
 * long the process took to end after the signal.
 */
export interface Role {
  url: string;
  child: ChildProcess;
  log(): string;
  /** Sends the signal and resolves once the process has exited. */
  signal(sig: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

const running = new Set<ChildProcess>();

export async function startRole(env: Record<string, string>, args: string[], ready = /listening on (http:\/\/[\d.:]+)/): Promise<Role> {
  const { child, url, log } = await spawnRole(env, args, ready);
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  return {
    url,
    child,
    log,
    async signal(sig) {
      const t0 = performance.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
      const r = await exited;
      return { ...r, ms: performance.now() - t0 };
    },
  };
}

/** Kills whatever a failed test left running (afterAll). */
export function killLeftovers(): void {
  for (const c of running) c.kill('SIGKILL');
}

export async function createKey(env: Record<string, string>, args: string[]): Promise<{ key: string; id: string }> {
  const r = await medgen(['keys', 'create', ...args, '--format', 'json'], env);
  if (r.code !== 0) throw new Error(`keys create → ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { key: string; id: string };
}

export async function query<T extends pg.QueryResultRow>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface JobRecord {
  id: string;
  status: string;
  attempts: number;
  progress: number;
  patients_generated: number;
  current_step: string | null;
  summary: { total_patients: number } | null;
  error: string | null;
}

export async function jobRows(databaseUrl: string, ids: string[]): Promise<JobRecord[]> {
  const rows = await query<JobRecord>(databaseUrl, 'select id, status, attempts, progress, patients_generated, current_step, summary, error from jobs where id = any($1::uuid[])', [ids]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id);
    if (!r) throw new Error(`job ${id} is missing`);
    return r;
  });
}

/** Polls the jobs table until `done` holds for every job (the API processes may be down). */
export async function waitRows(databaseUrl: string, ids: string[], done: (r: JobRecord) => boolean, timeoutMs: number): Promise<JobRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await jobRows(databaseUrl, ids);
    if (rows.every(done) || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const terminal = (r: JobRecord): boolean => ['completed', 'failed', 'cancelled'].includes(r.status);

export interface Facts { lines: number; bytes: number; sha256: string }

/** Lines (newline characters), size and SHA-256 of a stream of bytes. */
async function streamFacts(stream: AsyncIterable<Buffer>): Promise<Facts> {
  const hash = createHash('sha256');
  let lines = 0;
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { lines, bytes, sha256: hash.digest('hex') };
}

/** Lines, size and SHA-256 of a file, read as a stream. */
export function fileFacts(path: string): Promise<Facts> {
  return streamFacts(createReadStream(path) as AsyncIterable<Buffer>);
}

/**
 * Downloads a job's ZIP (GET /downloads/{id}) to a temporary file and reads every entry back
 * through yauzl, which checks the central directory and each entry's sizes: a ZIP that does not
 * open, or an entry cut short, throws. Returns the facts of each entry by name.
 */
export async function zipFacts(url: string, key: string, jobId: string): Promise<Map<string, Facts>> {
  const r = await fetch(`${url}/api/v1/downloads/${jobId}`, { headers: { 'X-API-Key': key } });
  if (r.status !== 200 || !r.body) throw new Error(`download ${jobId} → ${r.status}: ${await r.text()}`);
  if (r.headers.get('content-type') !== 'application/zip') throw new Error(`download ${jobId} is ${r.headers.get('content-type')}`);
  const dir = await mkdtemp(join(tmpdir(), 'medgen-zip-'));
  try {
    const path = join(dir, 'job.zip');
    await pipeline(Readable.fromWeb(r.body as WebReadable<Uint8Array>), createWriteStream(path));
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
      yauzl.open(path, { lazyEntries: true, validateEntrySizes: true }, (err, z) => (err || !z ? reject(err ?? new Error('not a zip')) : resolve(z)));
    });
    const facts = new Map<string, Facts>();
    try {
      for (;;) {
        const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
          zip.once('entry', resolve).once('end', () => resolve(undefined)).once('error', reject);
          zip.readEntry();
        });
        zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
        if (!entry) break;
        const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))));
        facts.set(entry.fileName, await streamFacts(stream as AsyncIterable<Buffer>));
      }
    } finally {
      zip.close();
    }
    return facts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function jsonHeaders(key: string): Record<string, string> {
  return { 'X-API-Key': key, 'Content-Type': 'application/json' };
}

/** POST /generation/ through one API process → job id. */
export async function submitJob(url: string, key: string, total: number, seed: number, priority = 'normal', formats: string[] = ['csv']): Promise<string> {
  const r = await fetch(`${url}/api/v1/generation/`, {
    method: 'POST', headers: jsonHeaders(key),
    body: JSON.stringify({ configuration: { name: 'cluster test', total_patients: total, days_of_fighting: 3, seed }, output_formats: formats, priority }),
  });
  const text = await r.text();
  if (r.status !== 201) throw new Error(`submit → ${r.status}: ${text}`);
  return (JSON.parse(text) as { job_id: string }).job_id;
}
