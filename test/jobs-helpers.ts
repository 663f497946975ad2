import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import type { TestServer } from './server-helpers.js';

export interface Job {
  job_id: string;
  status: string;
  priority: string;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  progress: number;
  progress_details: { patients_generated: number; total_patients: number; current_step: string | null; estimated_remaining_time: number | null };
  config: Record<string, unknown>;
  output_formats: string[];
  output_files?: { name: string; format: string; bytes: number; sha256: string }[];
  summary: { total_patients: number; by_final_status: Record<string, number>; by_triage: Record<string, number>; by_injury_type: Record<string, number>; seed: number } | null;
  error?: string;
}

export const TERMINAL = ['completed', 'failed', 'cancelled'];
export const isTerminal = (j: Job): boolean => TERMINAL.includes(j.status);

export function scenario(total: number, seed = 11): Record<string, unknown> {
  return { name: 'jobs test', total_patients: total, days_of_fighting: 3, seed };
}

/** POST /generation/ → the new job id (fails the test on any other status). */
export async function submit(s: TestServer, body: Record<string, unknown>, key?: string): Promise<string> {
  const r = await s.call('/api/v1/generation/', { method: 'POST', json: body, key });
  if (r.status !== 201) throw new Error(`submit → ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { job_id: string }).job_id;
}

export async function getJob(s: TestServer, id: string, key?: string): Promise<Job> {
  return (await s.call(`/api/v1/jobs/${id}`, { key })).json() as Promise<Job>;
}

export async function waitFor(s: TestServer, id: string, done: (j: Job) => boolean = isTerminal, timeoutMs = 30_000, key?: string): Promise<Job> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(s, id, key);
    if (done(job)) return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.status} (${job.progress}%) after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every entry of a ZIP held in memory, read one after the other. */
export async function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, z) => (err || !z ? reject(err ?? new Error('not a zip')) : resolve(z)));
  });
  const open = promisify(zip.openReadStream.bind(zip));
  const nextEntry = (): Promise<yauzl.Entry | undefined> => new Promise((resolve, reject) => {
    const done = (value: yauzl.Entry | undefined, err?: Error): void => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      if (err) reject(err);
      else resolve(value);
    };
    const onEntry = (e: yauzl.Entry): void => done(e);
    const onEnd = (): void => done(undefined);
    const onError = (err: Error): void => done(undefined, err);
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
  const files = new Map<string, Buffer>();
  for (let e = await nextEntry(); e; e = await nextEntry()) files.set(e.fileName, await buffer(await open(e)));
  return files;
}

/** Reads a Server-Sent Events response to its end; returns the data payloads. */
export async function readEvents(r: Response): Promise<Record<string, unknown>[]> {
  const text = await r.text();
  return text.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => JSON.parse(b.slice(6)) as Record<string, unknown>);
}
