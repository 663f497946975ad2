import { parentPort, workerData } from 'node:worker_threads';
// Before any other module of the job: the thread's priority is lowered as its first act.
import './job-thread-priority.js';
import { createRun, loadRunModules, parseScenario } from '../engine/index.js';
import { planOutputs, type OutputFormatId } from '../formats/index.js';
import { SummaryAccumulator, type JobSummary } from './summary.js';
import { writeOutputFiles } from './write-outputs.js';

/** What the service hands a job thread. The password lives only in this message, never on disk. */
export interface JobThreadInput {
  /** The scenario in its input form, seed included. */
  scenario: Record<string, unknown>;
  formats: OutputFormatId[];
  outDir: string;
  gzip: boolean;
  password?: string;
  /** Generation worker threads inside the job. */
  workers: number;
  /**
   * Nice value of this thread and the generation threads it starts (Linux), so the HTTP event
   * loop keeps its latency while jobs use every core; absent: DEFAULT_JOB_THREAD_NICE.
   */
  nice?: number;
}

export interface OutputRecord { name: string; format: string; path: string; bytes: number; sha256: string }

/** The one message a job thread takes: run this job (a thread runs one job at a time). */
export interface JobThreadRequest { type: 'run'; input: JobThreadInput }

export type JobThreadMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; files: OutputRecord[]; summary: JobSummary }
  | { type: 'failed'; error: string };

/** Which requested format each planned file belongs to (fhir-bulk has several files). */
function formatOfFiles(ids: readonly OutputFormatId[]): Map<string, OutputFormatId> {
  const owner = new Map<string, OutputFormatId>();
  for (const id of ids) for (const f of planOutputs([id]).files) owner.set(f.name, id);
  return owner;
}

export async function runJobThread(input: JobThreadInput, post: (m: JobThreadMessage) => void): Promise<void> {
  const parsed = parseScenario(input.scenario);
  if (!parsed.ok) throw new Error(`the stored scenario is invalid: ${parsed.errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`);
  // Asynchronously first: this thread may be terminated (cancel, timeout, memory) at any time.
  await loadRunModules(parsed.scenario);
  const run = createRun(parsed.scenario);
  const plan = planOutputs(input.formats, { scenario: parsed.scenario });
  const summary = new SummaryAccumulator();
  const files = await writeOutputFiles({
    run, plan, out: input.outDir, stdout: process.stdout, gzip: input.gzip, zip: false, password: input.password,
    workers: input.workers, digest: true,
    onPatients: (batch) => summary.add(batch),
    onProgress: (done, total) => post({ type: 'progress', done, total }),
  });
  const owner = formatOfFiles(input.formats);
  const records = files.map((f) => ({
    name: f.name,
    format: owner.get(f.planName ?? '') ?? (f.name.startsWith('fhir-bulk/') ? 'fhir-bulk' : 'other'),
    path: f.path, bytes: f.bytes ?? 0, sha256: f.sha256 ?? '',
  }));
  post({ type: 'done', files: records, summary: summary.result(run.seed) });
}

if (parentPort && (workerData as { medgenJobThread?: unknown } | null)?.medgenJobThread) {
  const port = parentPort;
  port.on('message', (m: JobThreadRequest) => {
    runJobThread(m.input, (msg) => port.postMessage(msg)).catch((err: unknown) => {
      port.postMessage({ type: 'failed', error: (err as Error | undefined)?.message || String(err) } satisfies JobThreadMessage);
    });
  });
}
