import { createRun, loadRunModules, parseScenario } from '../engine/index.js';
import { planOutputs, type OutputFormatId } from '../formats/index.js';
import { writeOutputFiles } from '../pipeline/index.js';
import type { JobThreadInput, JobThreadMessage } from './job-thread-protocol.js';
import { SummaryAccumulator } from './summary.js';

/** Which requested format each planned file belongs to (fhir-bulk has several files). */
function formatOfFiles(ids: readonly OutputFormatId[]): Map<string, OutputFormatId> {
  const owner = new Map<string, OutputFormatId>();
  for (const id of ids) for (const f of planOutputs([id]).files) owner.set(f.name, id);
  return owner;
}

/** Runs one job inside a job thread: its files, then a summary; progress and the result go to `post`. */
export async function runJob(input: JobThreadInput, post: (m: JobThreadMessage) => void): Promise<void> {
  const parsed = parseScenario(input.scenario);
  if (!parsed.ok) throw new Error(`the stored scenario is invalid: ${parsed.errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`);
  // Asynchronously first: this thread may be terminated (cancel, timeout, memory) at any time.
  await loadRunModules(parsed.scenario);
  const run = createRun(parsed.scenario);
  const plan = planOutputs(input.formats, { scenario: parsed.scenario, cardLayout: input.cardLayout });
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
