import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { main, type CliIo } from '../src/cli/index.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output (counts toward coverage). */
export async function cli(...args: string[]): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  err.on('data', (c: Buffer) => errChunks.push(c));
  const io: CliIo = { stdout: out, stderr: err, env: {} };
  const code = await main(['node', 'medgen', ...args], io);
  return { code, stdout: Buffer.concat(chunks).toString('utf8'), stderr: Buffer.concat(errChunks).toString('utf8') };
}

/** Runs the real binary (needs `npm run build`). */
export function binary(args: string[], env: NodeJS.ProcessEnv = {}): CliRun & { bytes: Buffer } {
  const res = spawnSync(process.execPath, ['bin/medgen.js', ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 28 });
  return { code: res.status ?? -1, stdout: res.stdout.toString('utf8'), stderr: res.stderr.toString('utf8'), bytes: res.stdout };
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
