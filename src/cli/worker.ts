import type { Command } from 'commander';
import { CliError, plural, type CliIo } from './io.js';
import { configOrFail, untilSignal, type ServeSignals } from './serve.js';

/**
 * The job worker process (`medgen worker`): takes queued jobs from the shared PostgreSQL and
 * writes their outputs to the shared OUTPUT_DIR; no HTTP, so it loads nothing of the server and
 * records no metrics. Several job worker processes and `serve --no-workers` API processes scale
 * independently (spec service §5).
 */
export function registerWorker(program: Command, io: CliIo, signals: ServeSignals = process): void {
  program
    .command('worker')
    .description('run a job worker only (scale-out; needs DATABASE_URL shared with the API processes)')
    .addHelpText('after', `
Example:
  $ DATABASE_URL=postgres://… OUTPUT_DIR=/shared/outputs medgen worker`)
    .action(async () => {
      const config = configOrFail(io.env);
      if (config.databaseUrl === undefined) throw new CliError('medgen worker needs DATABASE_URL: the embedded database belongs to one `medgen serve` process', 2);
      const [{ isMigrated, openDatabase }, { JobService, UNRECORDED_JOB_METRICS }] = await Promise.all([
        import('../db/index.js'), import('../jobs/index.js'),
      ]);
      const database = await openDatabase({
        url: config.databaseUrl, poolMax: Math.min(config.dbPoolMax, 5),
        idleTimeoutMs: config.dbPoolIdleTimeoutMs, statementTimeoutMs: config.dbStatementTimeoutMs,
      });
      try {
        if (!(await isMigrated(database))) throw new CliError('the database schema is not migrated: run `medgen db migrate` first');
        const jobs = new JobService({ config, database, metrics: UNRECORDED_JOB_METRICS, runWorkers: true, staleMs: config.jobStaleSeconds * 1000 });
        await jobs.start();
        io.stderr.write(`medgen worker started (up to ${plural(config.maxConcurrentJobs, 'job')} at once, outputs in ${config.outputDir})\n`);
        await untilSignal(signals, io, config.shutdownTimeoutMs, () => jobs.stop());
      } finally {
        await database.close();
      }
    });
}
