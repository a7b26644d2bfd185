/**
 * No output may replace the database or a file the command reads (`--findings s.db` would put CSV
 * where the database was). Paths are compared as the system resolves them, through symlinks and
 * `..`, so another spelling of the same file is caught too. Commands check before any work, so a
 * refused command changes nothing.
 */
import { lstatSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
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
  return Object.entries(paths).flatMap(([flag, value]) =>
    value === undefined ? [] : [value].flat().map((p) => ({ flag, path: p })),
  );
}

/** The database, the files SQLite keeps beside it, and every input. */
function guardedPaths(db: string, inputs: PathsByFlag): Guarded[] {
  const guarded: Omit<Guarded, 'resolved'>[] =
    db === ':memory:'
      ? []
      : [
          { flag: '--db', name: `the database (--db ${db})`, path: db },
          ...['-journal', '-wal', '-shm'].map((suffix) => ({
            flag: '--db',
            name: `the database's ${suffix.slice(1)} file (--db ${db})`,
            path: `${db}${suffix}`,
          })),
        ];
  for (const input of listed(inputs))
    guarded.push({ flag: input.flag, name: `an input (${input.flag} ${input.path})`, path: input.path });
  return guarded.map((g) => ({ ...g, resolved: resolvedPath(g.path) }));
}

/**
 * `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: a stream the command was given,
 * written through as it is (a pipe or a terminal cannot be renamed over).
 */
export function isStandardStream(file: string): boolean {
  return /^\/(dev\/(stdout|stderr|fd\/\d+)|proc\/self\/fd\/\d+)$/.test(path.resolve(file));
}

/**
 * The file a path names once its symlinks are followed (`link.csv` → `target.txt`, even when the
 * target is not there yet): an output is written there, so the link stays a link.
 */
export function followLinks(file: string): string {
  let current = file;
  // 40: the most links the system itself follows before it reports a loop.
  for (let hops = 0; hops < 40; hops++) {
    let target: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
      target = readlinkSync(current);
    } catch {
      return current;
    }
    current = path.resolve(path.dirname(current), target);
  }
  return current;
}

/** What a path is when it is not a regular file or a folder: a device, a FIFO, a socket. */
export function specialFileKind(stat: Stats | undefined): string | undefined {
  if (!stat) return undefined;
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isSocket()) return 'a socket';
  return undefined;
}

/**
 * Refuses an output that is not a regular file or a new path: a device or a FIFO would be replaced
 * by a file (as root, `--out /dev/null` would replace the system's /dev/null). Standard streams
 * (`/dev/stdout`) are written through.
 */
export function refuseSpecialOutput(flag: string, file: string): void {
  if (isStandardStream(file)) return;
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    return;
  }
  const kind = stat.isDirectory() ? 'a folder' : specialFileKind(stat);
  if (kind)
    throw new UsageError(
      `${flag} ${file} is ${kind}, not a file: outputs are written as regular files`,
      'name a new file or an existing regular file (for standard output: /dev/stdout)',
    );
}

/** Refuses two outputs of one command that are the same file: the second would replace the first. */
function refuseSharedOutputs(outputs: { flag: string; path: string }[]): void {
  const seen = new Map<string, { flag: string; path: string }>();
  for (const output of outputs) {
    if (isStandardStream(output.path)) continue;
    const resolved = resolvedPath(followLinks(output.path));
    const earlier = seen.get(resolved);
    if (earlier)
      throw new UsageError(
        `${earlier.flag} ${earlier.path} and ${output.flag} ${output.path} are the same file: one output would replace the other`,
        'give each output a file of its own',
      );
    seen.set(resolved, output);
  }
}

/** Whether `file` is a folder (false when it is not there). */
export function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return !statSync(file).isDirectory();
  } catch {
    return false;
  }
}

const isInside = (file: string, folder: string) =>
  file.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`);

/**
 * Refuses (UsageError, exit 2) an output file that is the database, its journal, an input, or a
 * file of an input folder; and a plan folder (`folders`) that is or holds one of them, or holds the
 * current folder, since a plan folder is replaced whole. `rolling` names the input an output may
 * replace because it is read first and the output is its next version (`--write-baseline` over `--baseline`).
 */
export function refuseClobbering(
  db: string,
  outputs: { files?: PathsByFlag; folders?: PathsByFlag },
  inputs: PathsByFlag,
  rolling: Record<string, string> = {},
): void {
  const guarded = guardedPaths(db, inputs);
  const hint = 'write the output somewhere else';
  if (db !== ':memory:') {
    // A database created at an input's path (`load x.csv --db x.csv` with x.csv not there yet).
    const database = resolvedPath(followLinks(db));
    const input = guarded.find((g) => g.flag !== '--db' && g.resolved === database);
    if (input)
      throw new UsageError(
        `--db ${db} is ${input.name}: the database cannot be one of the files the command reads`,
        'pass another --db',
      );
  }
  for (const output of listed(outputs.files ?? {})) refuseSpecialOutput(output.flag, output.path);
  refuseSharedOutputs([...listed(outputs.files ?? {}), ...listed(outputs.folders ?? {})]);
  for (const output of listed(outputs.folders ?? {})) {
    const kind = specialFileKind(statOrUndefined(output.path));
    if (kind)
      throw new UsageError(
        `${output.flag} ${output.path} is ${kind}, not a folder`,
        'name a new folder or a plan folder',
      );
  }
  for (const output of listed(outputs.files ?? {})) {
    const target = resolvedPath(followLinks(output.path));
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
    if (held)
      throw new UsageError(
        `${output.flag} ${output.path} holds ${held.name}: a plan folder is replaced whole`,
        'choose a folder of its own for the plan',
      );
    if (holds(resolvedPath('.')))
      throw new UsageError(
        `${output.flag} ${output.path} holds the current folder: a plan folder is replaced whole`,
        'choose a folder of its own for the plan, e.g. --out plans/2026-11',
      );
  }
}
