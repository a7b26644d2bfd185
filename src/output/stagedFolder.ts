/**
 * A folder replaced whole. The new folder is written beside the old one under a hidden name, then
 * swapped in by two renames (old aside, new in place), so the folder's path holds the old folder,
 * the new one, or for an instant nothing: never a mix of the two. What a killed process leaves
 * beside the folder is recognised by its name and cleared by the next write to that folder.
 */
import { chmodSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describeFsError, InputError } from '../errors.js';
import { syncFolder } from './atomicFile.js';
import { isRunning } from './processes.js';

type Role = 'new' | 'old';

const LEFTOVER = /^\.(.+)\.crm-owners-(new|old)-(\d+)-[a-z0-9]+$/;

/** `.<name>.crm-owners-<role>-<pid>-<random>` beside `target`. */
function siblingOf(target: string, role: Role): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.crm-owners-${role}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  );
}

/** Folders left beside `target` by processes that are gone. */
export function leftoversOf(target: string): { path: string; role: Role }[] {
  let names: string[];
  try {
    names = readdirSync(path.dirname(target));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const match = LEFTOVER.exec(name);
    if (!match || match[1] !== path.basename(target) || isRunning(Number(match[3]))) return [];
    return [{ path: path.join(path.dirname(target), name), role: match[2] as Role }];
  });
}

/** Undoes a swap killed between its two renames (the old folder goes back), and removes the rest. */
export function clearLeftovers(target: string): void {
  const leftovers = leftoversOf(target);
  for (const old of leftovers.filter((l) => l.role === 'old')) {
    if (!existsSync(target)) renameSync(old.path, target);
    else rmSync(old.path, { recursive: true, force: true });
  }
  for (const staged of leftovers.filter((l) => l.role === 'new')) rmSync(staged.path, { recursive: true, force: true });
}

function cannotWrite(target: string, error: unknown): InputError {
  return new InputError({ file: target }, `cannot write: ${describeFsError(error)}`);
}

export class StagedFolder {
  /** Where the new folder's files go. */
  readonly path: string;

  constructor(readonly target: string) {
    this.path = siblingOf(target, 'new');
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      clearLeftovers(target);
      mkdirSync(this.path);
    } catch (error) {
      throw cannotWrite(target, error);
    }
  }

  /** Puts the new folder in place of the target; `keep` names files of the old folder that stay (hard-linked, not copied). */
  commit(keep: string[] = []): void {
    const old = existsSync(this.target) ? statSync(this.target) : undefined;
    try {
      if (old) chmodSync(this.path, old.mode & 0o7777);
      for (const name of keep) linkSync(path.join(this.target, name), path.join(this.path, name));
      syncFolder(this.path);
    } catch (error) {
      this.abort();
      throw cannotWrite(this.target, error);
    }
    const aside = siblingOf(this.target, 'old');
    try {
      if (old) renameSync(this.target, aside);
    } catch (error) {
      this.abort();
      throw cannotWrite(this.target, error);
    }
    try {
      renameSync(this.path, this.target);
    } catch (error) {
      if (old) renameSync(aside, this.target);
      this.abort();
      throw cannotWrite(this.target, error);
    }
    try {
      syncFolder(path.dirname(this.target));
      if (old) rmSync(aside, { recursive: true, force: true });
    } catch {
      // The new folder is in place; whatever is left of the old one is cleared by the next write.
    }
  }

  /** Throws the new folder away; the target is left as it was. */
  abort(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
