import type { Command } from 'commander';
import { formatReport, ReportAccumulator } from '../engine/index.js';
import { CliError, loadScenarioInput, type CliIo } from './io.js';
import { readPatientFile } from './patient-file.js';

interface ReportOptions {
  scenario?: string;
  preset?: string;
  json?: boolean;
  check?: boolean;
}

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('realism report of a generated file: CFR, %KIA, %DOW (Holcomb 2006), wound pattern, ISS, times to Role 1 and surgery, calibration bands')
    .argument('<file>', 'patients as JSON or NDJSON')
    .option('-s, --scenario <file>', 'compare shares against this scenario (default: the one recorded in the file)')
    .option('-p, --preset <id>', 'compare shares against this preset')
    .option('--json', 'print the report as JSON')
    .option('--check', 'exit 1 when a calibration band fails')
    .addHelpText('after', `
Battle casualties (BT): WIA = reached Role 1 alive (includes DOW); RTD = returned to duty within 72 h;
CFR = (KIA+DOW)/(KIA+WIA), %KIA = KIA/(KIA+WIA-RTD), %DOW = DOW/(WIA-RTD). Bands and their
sources: docs/calibration.md. A band over fewer than 200 casualties is n/a; wound-pattern bands
are informational outside conventional (mechanism) or land (body region) warfare.

Examples:
  $ medgen report output/patients.json
  $ medgen report patients.ndjson --preset nato_article_5 --check`)
    .action(async (file: string, opts: ReportOptions) => {
      let scenario = opts.scenario || opts.preset ? await loadScenarioInput(opts) : undefined;
      let acc = scenario ? new ReportAccumulator(scenario) : undefined;
      let invalid = 0;
      try {
        await readPatientFile(file, {
          metadata(meta) {
            if (!scenario && meta.scenario && typeof meta.scenario === 'object') scenario = meta.scenario as Record<string, unknown>;
          },
          patient(record) {
            acc ??= new ReportAccumulator(scenario);
            acc.add(record as Record<string, unknown>);
          },
          invalidLine() {
            invalid++;
          },
        });
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      if (!acc) throw new CliError(`${file}: no patients found`);
      const report = acc.result();
      if (opts.json) io.stdout.write(JSON.stringify({ ...report, invalid_lines: invalid }, null, 2) + '\n');
      else io.stdout.write(formatReport(report) + (invalid > 0 ? `\n${invalid} line(s) were not valid JSON and were skipped\n` : '\n'));
      if (opts.check && !report.ok) throw new CliError('calibration check failed: see the bands above');
    });
}
