import type { Command } from 'commander';
import { getPreset, PRESETS } from '../engine/index.js';
import { CliError, type CliIo } from './io.js';

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
      const width = Math.max(...rows.map((r) => r.id.length));
      io.stdout.write(rows.map((r) => `${r.id.padEnd(width)}  ${String(r.total_patients).padStart(5)} patients  ${String(r.duration_days).padStart(3)} days  ${r.description}`).join('\n') + '\n');
    });
}
