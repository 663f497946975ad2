import { Option, type Command } from 'commander';
import { createRun, patientAt } from '../engine/index.js';
import { CARD_LAYOUTS, isOutputFormatId, OUTPUT_FORMAT_IDS, planOutputs, type BundleType, type CardLayout, type OutputFormatId } from '../formats/index.js';
import { CliError, loadScenarioInput, parseOrFail, parseSeed, parseWholeNumber, plural, type CliIo } from './io.js';
import { readPassword } from './password.js';
import { createProgress } from './progress.js';
import { EncoderThreads, writeOutputs } from '../pipeline/index.js';

interface GenerateOptions {
  scenario?: string;
  preset?: string;
  patients?: number;
  seed?: string;
  format: string;
  out: string;
  workers: number;
  patientIndex?: number;
  batchSize?: number;
  quiet?: boolean;
  timelineCsv?: boolean;
  fhirBundleType: BundleType;
  cardLayout: CardLayout;
  gzip?: boolean;
  zip?: boolean;
  encrypt?: boolean;
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
    .option('-f, --format <list>', `comma list of formats: ${OUTPUT_FORMAT_IDS.join(', ')}`, 'json')
    .option('--timeline-csv', 'also write timeline.csv (one row per timeline event); same as adding the "timeline" format')
    .addOption(new Option('--fhir-bundle-type <type>', 'FHIR Bundle.type of the fhir format').choices(['collection', 'transaction']).default('collection'))
    .addOption(new Option('--card-layout <layout>', 'page layout of cards.pdf: one card per A4, A5 or A6 page, or 2 / 4 cards per A4 sheet with cut marks').choices([...CARD_LAYOUTS]).default('a4'))
    .option('-o, --out <dir>', 'output folder, or - for standard output', 'output')
    .option('--gzip', 'gzip each output file (*.gz)')
    .option('--zip', 'put all output files into one patients.zip')
    .option('--encrypt', 'encrypt each output file, or the ZIP (AES-256-GCM, *.enc); password from MEDGEN_PASSWORD or a prompt')
    .option('-w, --workers <k>', 'threads that generate: this one and k − 1 encoder threads', parseWholeNumber('--workers', 1, 64), 1)
    .option('-i, --patient-index <i>', 'print only patient i as one JSON line', parseWholeNumber('--patient-index', 0))
    .option('--batch-size <n>', 'patients per batch (does not change the output)', parseWholeNumber('--batch-size', 1, 100_000))
    .option('-q, --quiet', 'no progress bar or summary')
    .addHelpText('after', `
Files: patients.json, patients.ndjson, patients.csv, timeline.csv, patients.xml, patients.xlsx,
patients.fhir.ndjson (one Bundle per line), fhir-bulk/<Type>.ndjson + fhir-bulk/manifest.json;
exercise control: msel.csv, msel.xlsx (injects), handover.ndjson (TCCC card, 9-line, ATMIST),
cards.pdf (role-player and controller card per casualty).

Examples:
  $ medgen generate --preset training_exercise --out out/
  $ medgen generate scenario.json --patients 100000 --seed 7 --format ndjson --out - > patients.ndjson
  $ medgen generate --preset nato_article_5 --format csv,xlsx,fhir --timeline-csv --workers 2
  $ medgen generate --format fhir --fhir-bundle-type transaction --gzip
  $ MEDGEN_PASSWORD=… medgen generate --format csv,fhir-bulk --zip --encrypt
  $ medgen generate --preset mass_casualty --format msel-csv,msel-xlsx,handover,cards-pdf --out exercise/
  $ medgen generate --preset mass_casualty --format cards-pdf --card-layout a4-4up
  $ medgen generate --seed 7 --patient-index 41`)
    .action(async (file: string | undefined, opts: GenerateOptions) => {
      await runGenerate({ ...opts, scenario: opts.scenario ?? file }, io);
    });
}

function parseFormats(opts: GenerateOptions): OutputFormatId[] {
  const ids = opts.format.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
  const unknown = ids.filter((f) => !isOutputFormatId(f));
  if (unknown.length > 0 || ids.length === 0) {
    throw new CliError(`--format: unknown format ${unknown.map((f) => `"${f}"`).join(', ') || '(empty)'}; available: ${OUTPUT_FORMAT_IDS.join(', ')}`, 2);
  }
  const formats = ids as OutputFormatId[];
  if (opts.timelineCsv && !formats.includes('timeline')) formats.push('timeline');
  return formats;
}

export async function runGenerate(opts: GenerateOptions, io: CliIo): Promise<void> {
  // The encoder threads load their code while this one reads the scenario (and maybe
  // a password), not after it. No event loop here needs to stay responsive, so they keep this
  // thread's priority.
  const threads = opts.workers > 1 && opts.patientIndex === undefined ? EncoderThreads.start(opts.workers - 1, { nice: 0 }) : undefined;
  try {
    await generate(opts, io, threads);
  } finally {
    await threads?.terminate();
  }
}

async function generate(opts: GenerateOptions, io: CliIo, threads: EncoderThreads | undefined): Promise<void> {
  const input = await loadScenarioInput(opts);
  if (opts.patients !== undefined) input.total_patients = opts.patients;
  if (opts.seed !== undefined) input.seed = parseSeed(opts.seed);
  const scenario = parseOrFail(input, opts.scenario ?? (opts.preset ? `preset ${opts.preset}` : 'the default scenario'));
  const formatIds = parseFormats(opts);
  const run = createRun(scenario);

  if (opts.patientIndex !== undefined) {
    if (opts.patientIndex >= run.total) throw new CliError(`--patient-index must be below the patient count ${run.total}, got ${opts.patientIndex}`, 2);
    io.stdout.write(JSON.stringify(patientAt(run, opts.patientIndex)) + '\n');
    return;
  }

  const plan = planOutputs(formatIds, { bundleType: opts.fhirBundleType, scenario, cardLayout: opts.cardLayout });
  const toStdout = opts.out === '-';
  if (toStdout && !opts.zip && (plan.files.length > 1 || formatIds.includes('fhir-bulk'))) {
    throw new CliError('--out - writes one file only; give a folder (or --zip) for several formats or fhir-bulk', 2);
  }
  const password = opts.encrypt ? await readPassword(io, { confirm: true }) : undefined;

  const progress = createProgress(io, run.total, opts.quiet === true);
  const started = performance.now();
  let paths: string[];
  try {
    paths = await writeOutputs({
      run, plan, out: opts.out, stdout: io.stdout, gzip: opts.gzip === true, zip: opts.zip === true, password,
      workers: opts.workers, threads, batchSize: opts.batchSize, onProgress: (d, t) => progress.update(d, t),
    });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  if (!opts.quiet && !toStdout) {
    io.stderr.write(
      `Generated ${plural(run.total, 'patient')} (seed ${JSON.stringify(run.seed)}) in ${seconds.toFixed(2)} s` +
        ` (${Math.round(run.total / Math.max(seconds, 1e-6))} patients/s):\n${paths.map((p) => `  ${p}`).join('\n')}\n`,
    );
  }
}
