import { defineConfig } from 'vitest/config';
import { NoSkipReporter } from './test/faults-campaign.js';

/**
 * The fault campaign (docs/faults.md, "Campaign"): `npm run test:faults`. Worker SIGKILL on a
 * 2 + 2 process cluster, database and Redis cuts through a TCP proxy, a full disk, the fuzz run
 * on PostgreSQL with Redis, and the regression tests of the defects the campaign found. One file
 * at a time: the cluster's takeover and the outage timings must not compete for the cores.
 */
export default defineConfig({
  test: {
    include: [
      'test/faults-*.test.ts', 'test/redis-outage-bound.test.ts', 'test/fuzz-*.test.ts',
      'test/usage-refund.test.ts', 'test/worker-logs.test.ts', 'test/api-only.test.ts', 'test/jobs-order.test.ts',
      'test/router-errors.test.ts', 'test/text-fields.test.ts', 'test/prototype-names.test.ts',
    ],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'threads',
    fileParallelism: false,
    env: { JOB_THREAD_NICE: '0', MEDGEN_FAULT_CAMPAIGN: '1' },
    globalSetup: ['test/faults-campaign.ts', 'test/global-setup.ts'],
    reporters: ['default', new NoSkipReporter()],
  },
});
