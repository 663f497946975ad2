import type { Command } from 'commander';
import { getPreset, PRESETS } from '../engine/index.js';
import { CliError, plural, type CliIo } from './io.js';

export function registerPresets(program: Command, io: CliIo): void {
  program
    .command('presets')
    .description('list the built-in presets, or print one as a scenario')
    .argument('[id]', 'preset id')
    .option('--json', 'list as JSON')
    .addHelpText('after', `
Examples:
  $ medgen presets
  $ medgen presets cbrn_incident > cbrn.json`)
    .action((id: string | undefined, opts: { json?: boolean }) => {
      if (id !== undefined) {
        const preset = getPreset(id);
        if (!preset) throw new CliError(`unknown preset "${id}"; presets: ${PRESETS.map((p) => p.id).join(', ')}`);
        io.stdout.write(JSON.stringify(preset.input, null, 2) + '\n');
        return;
      }
      const rows = PRESETS.map((p) => ({
        id: p.id, name: p.name, category: p.category, difficulty: p.difficulty,
        total_patients: Number(p.input.total_patients), duration_days: Number(p.input.days_of_fighting), description: p.description,
      }));
      if (opts.json) {
        io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        return;
      }
      const cells = rows.map((r) => [r.id, plural(r.total_patients, 'patient'), plural(r.duration_days, 'day'), r.description]);
      const width = (i: number): number => Math.max(...cells.map((c) => (c[i] ?? '').length));
      io.stdout.write(cells.map(([id = '', patients = '', days = '', description = '']) =>
        `${id.padEnd(width(0))}  ${patients.padStart(width(1))}  ${days.padStart(width(2))}  ${description}`).join('\n') + '\n');
    });
}
