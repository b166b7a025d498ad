import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: more workers only add contention on the database servers.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
