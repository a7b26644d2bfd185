import { defineConfig } from 'vitest/config';

/** Tests that run the built binary (spawned or in-process), a browser, or the README's samples. */
const E2E = [
  'test/cli/**/*.test.ts',
  'test/reliability/**/*.test.ts',
  'test/browser/**/*.test.ts',
  'test/docs/**/*.test.ts',
];

/**
 * What both projects share. Hang guards, not speed limits: end-to-end tests spawn the built binary
 * and load big exports, and a 2-core machine shared with other work can make that many times slower
 * than usual. (A spawnSync cannot be interrupted; `run` in test/helpers/cli.ts has its own guard.)
 */
const shared = { testTimeout: 600_000, hookTimeout: 600_000, setupFiles: ['test/setup/fileState.ts'] };

export default defineConfig({
  test: {
    // Tests run against dist/: build it once, before any test file starts (`npx vitest` included).
    // Here and not in the projects, which would each build it.
    globalSetup: ['test/globalSetup.ts'],
    // Two test files at a time, not vitest's default of one per core less one (one, here): many
    // e2e tests wait on a spawned crm-owners, so a second file keeps the other core busy.
    maxWorkers: 2,
    // `npx vitest run --project unit` (modules, in-process) or `--project e2e` (the CLI as users run it).
    projects: [
      // Unit files share their worker process (no isolation): a fresh process and module graph per file
      // was a third of the project's CPU time. They leave no state behind: no mocks, spies, fake timers
      // or environment changes (in-process CLI runs restore theirs), and test/setup/fileState.ts removes
      // each file's temp folders and signal handlers. The e2e files keep one process each.
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E, isolate: false } },
      { test: { ...shared, name: 'e2e', include: E2E } },
    ],
  },
});
