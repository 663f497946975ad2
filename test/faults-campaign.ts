import type { Reporter, TestModule } from 'vitest/node';

/**
 * The fault campaign (`npm run test:faults`, vitest.faults.config.ts) proves nothing if a part of
 * it quietly does not run: its tests skip themselves without PostgreSQL, Redis or root (the
 * tmpfs of the full-disk test). This reporter fails the run for any skipped test and says which,
 * and the global setup stops at once when the databases are not configured.
 */
export class NoSkipReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) if (t.result().state === 'skipped') skipped.push(`${m.moduleId.replace(process.cwd() + '/', '')} > ${t.fullName}`);
    }
    if (skipped.length === 0) return;
    process.stderr.write(`\nfault campaign: ${skipped.length} test(s) skipped, so the campaign is incomplete:\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

/** Global setup: the campaign runs against real PostgreSQL and Redis, never without them. */
export function setup(): void {
  const missing = ['TEST_DATABASE_URL', 'TEST_REDIS_URL'].filter((n) => !process.env[n]);
  if (missing.length > 0) {
    throw new Error(`the fault campaign needs ${missing.join(' and ')} (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test TEST_REDIS_URL=redis://127.0.0.1:6379)`);
  }
}
