/**
 * No output may replace the database or a file the command reads (`--findings s.db` would put CSV
 * where the database was). Paths are compared as the system resolves them, through symlinks and
 * `..`, so another spelling of the same file is caught too. Commands check before any work, so a
 * refused command changes nothing.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** Paths by the flag that gave them (`FILE` for arguments); a flag not given is undefined. */
export type PathsByFlag = Record<string, string | string[] | undefined>;

interface Guarded {
  flag: string;
  /** How messages name it: `the database (--db s.db)`. */
  name: string;
  path: string;
  resolved: string;
}

/**
 * The path as the system resolves it: the real path of the file, or for a file not there yet the
 * real path of the folder it would be in (`link/../x` is the `x` beside the link's target).
 */
export function resolvedPath(file: string): string {
  // Neither path.resolve nor the JavaScript realpathSync: they drop `dir/..` without following `dir`.
  const absolute = path.isAbsolute(file) ? file : `${process.cwd()}${path.sep}${file}`;
  try {
    return realpathSync.native(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(resolvedPath(parent), path.basename(absolute));
  }
}

function listed(paths: PathsByFlag): { flag: string; path: string }[] {
  return Object.entries(paths).flatMap(([flag, value]) => (value === undefined ? [] : [value].flat().map((p) => ({ flag, path: p }))));
}

/** The database, the files SQLite keeps beside it, and every input. */
function guardedPaths(db: string, inputs: PathsByFlag): Guarded[] {
  const guarded: Omit<Guarded, 'resolved'>[] =
    db === ':memory:'
      ? []
      : [
          { flag: '--db', name: `the database (--db ${db})`, path: db },
          ...['-journal', '-wal', '-shm'].map((suffix) => ({ flag: '--db', name: `the database's ${suffix.slice(1)} file (--db ${db})`, path: `${db}${suffix}` })),
        ];
  for (const input of listed(inputs)) guarded.push({ flag: input.flag, name: `an input (${input.flag} ${input.path})`, path: input.path });
  return guarded.map((g) => ({ ...g, resolved: resolvedPath(g.path) }));
}

/** Whether `file` is a folder (false when it is not there). */
export function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return !statSync(file).isDirectory();
  } catch {
    return false;
  }
}

const isInside = (file: string, folder: string) => file.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);

/**
 * Refuses (UsageError, exit 2) an output file that is the database, its journal, an input, or a
 * file of an input folder; and a plan folder (`folders`) that is or holds one of them, or holds the
 * current folder, since a plan folder is replaced whole. `rolling` names the input an output may
 * replace because it is read first and the output is its next version (`--write-baseline` over `--baseline`).
 */
export function refuseClobbering(db: string, outputs: { files?: PathsByFlag; folders?: PathsByFlag }, inputs: PathsByFlag, rolling: Record<string, string> = {}): void {
  const guarded = guardedPaths(db, inputs);
  const hint = 'write the output somewhere else';
  for (const output of listed(outputs.files ?? {})) {
    const target = resolvedPath(output.path);
    for (const g of guarded) {
      if (rolling[output.flag] === g.flag) continue;
      if (target === g.resolved) throw new UsageError(`${output.flag} ${output.path} would replace ${g.name}`, hint);
      if (isFolder(g.resolved) && path.dirname(target) === g.resolved && isFile(target)) {
        throw new UsageError(`${output.flag} ${output.path} would replace a file of ${g.name}`, hint);
      }
    }
  }
  for (const output of listed(outputs.folders ?? {})) {
    const folder = resolvedPath(output.path);
    const holds = (file: string) => file === folder || isInside(file, folder);
    const held = guarded.find((g) => holds(g.resolved));
    if (held) throw new UsageError(`${output.flag} ${output.path} holds ${held.name}: a plan folder is replaced whole`, 'choose a folder of its own for the plan');
    if (holds(resolvedPath('.'))) throw new UsageError(`${output.flag} ${output.path} holds the current folder: a plan folder is replaced whole`, 'choose a folder of its own for the plan, e.g. --out plans/2026-11');
  }
}
