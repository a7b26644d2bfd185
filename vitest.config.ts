import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two test files at a time, not vitest's default of one per core less one (one, here): most
    // tests wait on a spawned crm-owners, so a second file keeps the other core busy.
    maxWorkers: 2,
    // Hang guards, not speed limits: end-to-end tests spawn the built binary and load big exports,
    // and a 2-core machine shared with other work can make that many times slower than usual.
    // (A spawnSync cannot be interrupted; `run` in test/helpers/cli.ts has its own guard.)
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
