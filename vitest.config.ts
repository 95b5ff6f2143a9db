import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most of the suite's time is end-to-end runs waiting on the real clock (the action's
    // first look at a copy is 15 s after its start), not CPU: three files at once on a
    // 2-core machine cut the suite from ~165 s to ~65 s.
    maxWorkers: 3,
  },
});
