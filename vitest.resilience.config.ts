import { defineConfig } from 'vitest/config';

/**
 * `npm run test:resilience`: real `tally serve` processes (dist/) under outages, overload, hostile input, slow
 * clients and termination. Slow by nature, so kept out of `npm test`; one file at a time, since each test's
 * figures (latencies, memory) mean something only on a machine that the other tests are not loading.
 */
export default defineConfig({
  test: {
    include: ['test/resilience/**/*.test.ts'],
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
