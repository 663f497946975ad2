import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    // Fails the run when TEST_DATABASE_URL / TEST_REDIS_URL name servers that cannot be reached.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'threads',
    // The suite's own parallel files keep every core busy, and nice-10 job threads would then
    // crawl behind them; src/jobs/thread-priority.test.ts checks the lowering explicitly.
    env: { JOB_THREAD_NICE: '0' },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/fixtures.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 85 },
    },
  },
});
