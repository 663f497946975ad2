import type { Readable } from 'node:stream';
import { CliError, type CliIo } from './io.js';

type TtyInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * The encryption password: MEDGEN_PASSWORD, or typed at a terminal prompt without echo. It is
 * only ever held in memory: never written to a file, a log line or an error message.
 */
export async function readPassword(io: CliIo, opts: { confirm: boolean }): Promise<string> {
  const fromEnv = io.env.MEDGEN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const input = io.stdin as TtyInput | undefined;
  if (!input?.isTTY || typeof input.setRawMode !== 'function') {
    throw new CliError('no password: set MEDGEN_PASSWORD, or run in a terminal to be prompted', 2);
  }
  const password = await promptHidden(input, io, 'Password: ');
  if (password.length === 0) throw new CliError('the password is empty', 2);
  if (opts.confirm && (await promptHidden(input, io, 'Repeat password: ')) !== password) {
    throw new CliError('the passwords do not match', 2);
  }
  return password;
}

/** Reads one line from a raw-mode terminal, echoing nothing. Ctrl-C cancels. */
function promptHidden(input: TtyInput, io: CliIo, prompt: string): Promise<string> {
  io.stderr.write(prompt);
  input.setRawMode?.(true);
  input.resume();
  let typed = '';
  return new Promise<string>((resolve, reject) => {
    const done = (err?: Error): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new CliError('cancelled', 1));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.on('data', onData);
  });
}
