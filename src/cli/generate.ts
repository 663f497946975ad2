import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { createRun, patientAt } from '../engine/index.js';
import { FORMAT_IDS } from '../formats/index.js';
import { generateToSinks, resolveFormats } from '../jobs/index.js';
import { CliError, loadScenarioInput, parseOrFail, parseSeed, parseWholeNumber, type CliIo } from './io.js';
import { createProgress } from './progress.js';

interface GenerateOptions {
  scenario?: string;
  preset?: string;
  patients?: number;
  seed?: string;
  format: string;
  out: string;
  workers: number;
  patientIndex?: number;
  batchSize: number;
  quiet?: boolean;
}

export function registerGenerate(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description('generate patients locally, without a server')
    .argument('[scenario]', 'scenario JSON file (same as --scenario)')
    .option('-s, --scenario <file>', 'scenario JSON file')
    .option('-p, --preset <id>', 'use a built-in preset (see `medgen presets`)')
    .option('-n, --patients <n>', 'number of patients (overrides the scenario)', parseWholeNumber('--patients', 1, 10_000_000))
    .option('--seed <seed>', 'run seed (integer or text); drawn and recorded when absent')
    .option('-f, --format <list>', `comma list of formats: ${FORMAT_IDS.join(', ')}`, 'json')
    .option('-o, --out <dir>', 'output folder, or - for standard output', 'output')
    .option('-w, --workers <k>', 'worker threads', parseWholeNumber('--workers', 1, 64), 1)
    .option('-i, --patient-index <i>', 'print only patient i as one JSON line', parseWholeNumber('--patient-index', 0))
    .option('--batch-size <n>', 'patients per batch (does not change the output)', parseWholeNumber('--batch-size', 1, 100_000), 500)
    .option('-q, --quiet', 'no progress bar or summary')
    .addHelpText('after', `
Examples:
  $ medgen generate --preset training_exercise --out out/
  $ medgen generate scenario.json --patients 100000 --seed 7 --format ndjson --out - > patients.ndjson
  $ medgen generate --preset nato_article_5 --format json,ndjson --workers 2
  $ medgen generate --seed 7 --patient-index 41`)
    .action(async (file: string | undefined, opts: GenerateOptions) => {
      await runGenerate({ ...opts, scenario: opts.scenario ?? file }, io);
    });
}

export async function runGenerate(opts: GenerateOptions, io: CliIo): Promise<void> {
  const input = await loadScenarioInput(opts);
  if (opts.patients !== undefined) input.total_patients = opts.patients;
  if (opts.seed !== undefined) input.seed = parseSeed(opts.seed);
  const scenario = parseOrFail(input, opts.scenario ?? (opts.preset ? `preset ${opts.preset}` : 'the default scenario'));
  const formatIds = opts.format.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
  const unknown = formatIds.filter((f) => !FORMAT_IDS.includes(f));
  if (unknown.length > 0 || formatIds.length === 0) {
    throw new CliError(`--format: unknown format ${unknown.map((f) => `"${f}"`).join(', ') || '(empty)'}; available: ${FORMAT_IDS.join(', ')}`, 2);
  }
  const run = createRun(scenario);

  if (opts.patientIndex !== undefined) {
    if (opts.patientIndex >= run.total) throw new CliError(`--patient-index must be below the patient count ${run.total}, got ${opts.patientIndex}`, 2);
    io.stdout.write(JSON.stringify(patientAt(run, opts.patientIndex)) + '\n');
    return;
  }

  const formats = resolveFormats(formatIds);
  const toStdout = opts.out === '-';
  if (toStdout && formats.length > 1) throw new CliError('--out - writes one format only; give a folder for several formats', 2);
  let sinks: Writable[];
  const paths: string[] = [];
  if (toStdout) {
    sinks = [io.stdout];
  } else {
    await mkdir(opts.out, { recursive: true });
    sinks = formats.map((f) => {
      const path = join(opts.out, `patients.${f.extension}`);
      paths.push(path);
      return createWriteStream(path, { highWaterMark: 1 << 20 });
    });
  }

  const progress = createProgress(io, run.total, opts.quiet === true);
  const started = performance.now();
  try {
    await generateToSinks({ run, formats, sinks, workers: opts.workers, batchSize: opts.batchSize, onProgress: (d, t) => progress.update(d, t) });
  } finally {
    progress.stop();
  }
  if (!toStdout) {
    for (const s of sinks) s.end();
    await Promise.all(sinks.map((s) => finished(s)));
  }
  const seconds = (performance.now() - started) / 1000;
  if (!opts.quiet && !toStdout) {
    io.stderr.write(
      `Generated ${run.total} patients (seed ${JSON.stringify(run.seed)}) in ${seconds.toFixed(2)} s` +
        ` (${Math.round(run.total / Math.max(seconds, 1e-6))} patients/s):\n${paths.map((p) => `  ${p}`).join('\n')}\n`,
    );
  }
}
