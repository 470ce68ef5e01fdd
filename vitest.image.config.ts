import { defineConfig } from 'vitest/config';

// npm run test:image (ci/test-image.sh): the built image, run with podman. Not part of `npm test`, which
// must not need podman or an image build.
export default defineConfig({
  test: {
    include: ['test/image/**/*.test.ts'],
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
