/**
 * Builds dist/ once before the tests, which run the built code: without it `npx vitest` would test
 * whatever was built last. (`npm test` is just vitest, so nothing builds twice.)
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw new Error(
      `the build failed (tsc -p tsconfig.json, exit ${result.status}):\n${result.stdout}${result.stderr}`,
    );
}
