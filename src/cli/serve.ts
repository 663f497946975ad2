import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config/index.js';
import { DEMO_KEY } from '../auth/api-key.js';
import { CliError, type CliIo } from './io.js';

export function configOrFail(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2);
    throw err;
  }
}

export interface ServeSignals {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  /** Ends the process when shutdown overruns its deadline (`process.exit`); absent in tests. */
  exit?(code: number): void;
}

export function registerServe(program: Command, io: CliIo, signals: ServeSignals = process): void {
  program
    .command('serve')
    .description('run the HTTP API and web UI (embedded database unless DATABASE_URL is set)')
    .option('--port <port>', 'port to listen on (default: PORT or 8000)')
    .option('--host <host>', 'interface to listen on (default: HOST or 0.0.0.0)')
    .option('--no-workers', 'API only: jobs are queued for `medgen worker` processes (needs DATABASE_URL)')
    .addHelpText('after', `
Configuration comes from the environment (see .env.example): PORT, HOST, DATABASE_URL, REDIS_URL,
API_KEY, DEMO_KEY_ENABLED, MEDGEN_OWNER_KEY, OUTPUT_DIR, MAX_CONCURRENT_JOBS, LOG_LEVEL, …

On the embedded database the server keeps a local owner key (admin) and prints a one-time link
that signs a browser in with it; each start prints a new link (MEDGEN_OWNER_KEY=off: none).

Example:
  $ medgen serve --port 8000
  $ curl -H 'X-API-Key: ${DEMO_KEY}' http://localhost:8000/api/v1/presets`)
    .action(async (opts: { port?: string; host?: string; workers: boolean }) => {
      const config = configOrFail({ ...io.env, ...(opts.port ? { PORT: opts.port } : {}), ...(opts.host ? { HOST: opts.host } : {}) });
      if (!opts.workers && config.databaseUrl === undefined) throw new CliError('--no-workers needs DATABASE_URL: `medgen worker` processes cannot share the embedded database', 2);
      // Loaded here, not at the top: every other command starts without the server's modules.
      const [{ DatabaseUnreachableError, startServer }, { OWNER_KEY_FILE }] = await Promise.all([import('../server/index.js'), import('../auth/index.js')]);
      const server = await startServer(config, { runWorkers: opts.workers }).catch((err: unknown) => {
        if (err instanceof DatabaseUnreachableError) throw new CliError(err.message, 1);
        throw err;
      });
      io.stderr.write(`medgen listening on ${server.url} (database: ${server.deps.database.kind}${server.deps.database.kind === 'pglite' ? ` in ${config.dataDir}/db` : ''})\n`);
      if (config.demoKeyEnabled) io.stderr.write(`demo key: ${DEMO_KEY}  (50 patients per request)\n`);
      const link = server.signInLink();
      if (link !== undefined) {
        if (server.deps.owner?.created) io.stderr.write(`created the local owner key (admin), kept in ${join(config.dataDir, OWNER_KEY_FILE)}\n`);
        io.stderr.write(`sign in to the web UI as the owner (one-time link, valid 24 hours):\n    ${link}\n`);
      }
      await untilSignal(signals, io, config.shutdownTimeoutMs, () => server.close({ drainMs: drainBudget(config.shutdownTimeoutMs) }));
    });
}

/**
 * The part of the shutdown deadline that requests in flight get; the rest is kept for flushing
 * the usage counters and closing the pools (the jobs are requeued meanwhile).
 */
export function drainBudget(timeoutMs: number): number {
  return Math.max(0, timeoutMs - Math.min(3_000, Math.floor(timeoutMs / 3)));
}

/**
 * Waits for SIGTERM/SIGINT, then runs `close`. The process ends within `timeoutMs` of the
 * signal whatever happens: if `close` has not finished by then (exit code 1), or if it has but
 * something still holds the event loop open (exit code 0).
 */
export function untilSignal(signals: ServeSignals, io: CliIo, timeoutMs: number, close: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      const started = Date.now();
      let closed = false;
      io.stderr.write('medgen: shutting down…\n');
      // Not cleared when `close` ends: unreferenced, it fires only if the process is still alive.
      // A little before the deadline, because ending a process (its threads) takes time too.
      setTimeout(() => {
        if (!closed) io.stderr.write(`medgen: shutdown took longer than ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS); exiting\n`);
        signals.exit?.(closed ? 0 : 1);
        resolve();
      }, timeoutMs - Math.min(500, Math.floor(timeoutMs / 10))).unref();
      close().catch((err: Error) => io.stderr.write(`medgen: error during shutdown: ${err.message}\n`)).finally(() => {
        closed = true;
        io.stderr.write(`medgen: stopped in ${Date.now() - started} ms\n`);
        resolve();
      });
    };
    signals.once('SIGTERM', stop);
    signals.once('SIGINT', stop);
  });
}
