import type { Command } from 'commander';
import { parseScenario } from '../engine/index.js';
import { CliError, formatIssues, plural, readJsonFile, type CliIo } from './io.js';

export function registerValidate(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check a scenario file; lists every problem with its path')
    .argument('<file>', 'scenario JSON file')
    .option('--json', 'print the result as JSON')
    .addHelpText('after', `
Examples:
  $ medgen validate scenario.json
  $ medgen validate scenario.json --json`)
    .action(async (file: string, opts: { json?: boolean }) => {
      const result = parseScenario(await readJsonFile(file));
      if (opts.json) {
        io.stdout.write(JSON.stringify(result.ok ? { valid: true, errors: [] } : { valid: false, errors: result.errors }, null, 2) + '\n');
        if (!result.ok) throw new CliError('', 1);
        return;
      }
      if (result.ok) {
        io.stdout.write(`${file}: valid (${plural(result.scenario.total_patients, 'patient')}, ${plural(result.scenario.days_of_fighting, 'day')}, ${plural(result.scenario.front_configs.length, 'front')})\n`);
        return;
      }
      throw new CliError(`${file}: ${plural(result.errors.length, 'problem')}\n${formatIssues(result.errors)}`);
    });
}
