/**
 * Temp folders made from shared helper modules, removed after the test file that made them.
 *
 * The unit project runs its files in one process without isolation, so a helper module is
 * evaluated once for all of them: an `afterAll` it registers at import time belongs to the first
 * file only. Folders are recorded here instead, and `test/setup/fileState.ts` (a setup file, run for
 * every test file) removes them when the file ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** A fresh folder under the system temp folder, removed at the end of the current test file. */
export function scratchFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `scratchFolder` made so far (the setup file's `afterAll`). */
export function removeScratchFolders(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
