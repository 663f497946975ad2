import { Command, CommanderError } from 'commander';
import { GENERATOR_VERSION } from '../engine/index.js';
import { registerDb } from './db.js';
import { registerDecrypt } from './decrypt.js';
import { registerExercise } from './exercise.js';
import { registerGenerate } from './generate.js';
import { CliError, type CliIo } from './io.js';
import { registerKeys } from './keys.js';
import { registerPresets } from './presets.js';
import { registerReport } from './report.js';
import { registerServe } from './serve.js';
import { registerWorker } from './worker.js';
import { registerValidate } from './validate.js';

export { CliError, type CliIo } from './io.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('medgen')
    .description('Military Medical Exercise Patient Generator')
    .version(GENERATOR_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Exit codes: 0 success, 1 failure (invalid scenario, unreadable file, failed check), 2 usage error.

Examples:
  $ medgen presets
  $ medgen generate --preset training_exercise --out out/
  $ medgen validate my-scenario.json
  $ medgen report out/patients.json
  $ medgen decrypt out/patients.zip.enc
  $ medgen serve                      # HTTP API + web UI on port 8000
  $ medgen db status
  $ medgen keys create --name "Exercise team"   # works while serve runs`);
  registerGenerate(program, io);
  registerValidate(program, io);
  registerPresets(program, io);
  registerReport(program, io);
  registerDecrypt(program, io);
  registerServe(program, io);
  registerWorker(program, io);
  registerDb(program, io);
  registerKeys(program, io);
  registerExercise(program, io);
  const wire = (cmd: Command): void => {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    cmd.commands.forEach(wire);
  };
  program.commands.forEach(wire);
  return program;
}

/** Runs the CLI and returns the exit code: 0 success, 1 failure, 2 usage. */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }): Promise<number> {
  const program = buildProgram(io);
  if (argv.length <= 2) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof CliError) {
      if (err.message) io.stderr.write(`medgen: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(`medgen: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
