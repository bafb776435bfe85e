import { defineConfig } from 'vitest/config';

// `npm run bench`: figures, not pass/fail unit tests (they are not part of `npm test`).
export default defineConfig({
  test: {
    include: ['bench/**/*.bench-run.ts'],
    testTimeout: 900_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
