/** What the job side logs through: the server's pino logger, or a line writer in `medgen worker`. */
export interface JobLogger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * JSON lines in pino's shape (`level`, `time`, `pid`, fields, `msg`) on stdout, as `medgen serve`
 * logs: for processes without an HTTP server (`medgen worker`). Below `level` nothing is written.
 */
export function lineLogger(level: string, write: (line: string) => void = (l) => { process.stdout.write(l); }): JobLogger {
  const min = LEVELS[level] ?? LEVELS.info as number;
  const at = (n: number) => (fields: Record<string, unknown>, msg: string): void => {
    if (n < min) return;
    write(`${JSON.stringify({ level: n, time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
  };
  return { info: at(30), warn: at(40) };
}
