// Browser tests: headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core against a
// server started on a fresh embedded database with the demo community. `npm run test:browser`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    // One server, one browser: the journeys run in order in one file.
    fileParallelism: false,
    maxWorkers: 1,
  },
});
