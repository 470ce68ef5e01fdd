import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Slow, process-level tests with figures of their own (`npm run test:resilience`), and the image tests, which
    // need podman and a built image (`npm run test:image`).
    exclude: [...configDefaults.exclude, 'test/resilience/**', 'test/image/**'],
    // Integration tests start real databases and processes; 2 cores want few files at once.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['core/**/*.ts', 'adapters/**/*.ts', 'composition/**/*.ts'],
      exclude: ['test/**'],
      reporter: ['text-summary', 'text', 'lcov'],
      thresholds: { lines: 90 },
    },
  },
});
