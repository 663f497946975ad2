import { createReadStream } from 'node:fs';
import { access, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { createDecryptStream, DecryptionError } from '../formats/index.js';
import { DirectFile } from '../pipeline/index.js';
import { CliError, type CliIo } from './io.js';
import { readPassword } from './password.js';

interface DecryptOptions {
  out?: string;
  force?: boolean;
}

export function registerDecrypt(program: Command, io: CliIo): void {
  program
    .command('decrypt')
    .description('decrypt a file written with `generate --encrypt` (MEDGEN1 format, AES-256-GCM)')
    .argument('<file>', 'encrypted file (usually *.enc)')
    .option('-o, --out <file>', 'where to write the plaintext (default: the name without .enc; - for standard output)')
    .option('--force', 'overwrite an existing output file')
    .addHelpText('after', `
The password comes from the MEDGEN_PASSWORD environment variable, or is asked for at the terminal.
Nothing is written unless the whole file authenticates: a wrong password or a modified byte
fails with exit code 1 and no output.

Examples:
  $ MEDGEN_PASSWORD=… medgen decrypt output/patients.csv.gz.enc
  $ medgen decrypt output/patients.zip.enc --out bundle.zip`)
    .action(async (file: string, opts: DecryptOptions) => {
      await runDecrypt(file, opts, io);
    });
}

function defaultOut(file: string): string {
  return file.endsWith('.enc') && file.length > 4 ? file.slice(0, -4) : `${file}.decrypted`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

export async function runDecrypt(file: string, opts: DecryptOptions, io: CliIo): Promise<void> {
  if (!(await exists(file))) throw new CliError(`cannot read ${file}: ENOENT`);
  const out = opts.out ?? defaultOut(file);
  const toStdout = out === '-';
  if (!toStdout && !opts.force && (await exists(out))) throw new CliError(`${out} already exists; use --force to overwrite it`);
  const password = await readPassword(io, { confirm: false });
  // Decrypt next to the destination, and keep the result only once the GCM tag verifies.
  const target = toStdout ? join(dirname(file), basename(file)) : out;
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), createDecryptStream(password), new DirectFile(tmp, { mode: 0o600 }));
    if (toStdout) {
      await pipeline(createReadStream(tmp, { highWaterMark: 1 << 20 }), io.stdout, { end: false });
      await rm(tmp, { force: true });
    } else {
      await rename(tmp, out);
    }
  } catch (err) {
    await rm(tmp, { force: true });
    if (err instanceof DecryptionError) throw new CliError(`cannot decrypt ${file}: ${err.message}`);
    throw new CliError(`cannot decrypt ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (!toStdout) io.stderr.write(`Decrypted ${file} → ${out}\n`);
}
