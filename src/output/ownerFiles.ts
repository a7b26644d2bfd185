/**
 * A list per owner, to send each rep their own: one CSV file for people per owner in a folder, one
 * for rows without a valid owner, and an index (`_owners.csv`) naming each owner's file, for a mail
 * merge. File names are safe on every system (ASCII letters, digits, `-` and `_`; never a reserved
 * device name; short) and unique even on a file system that ignores case: `<name>_<id>.csv`, with
 * `-2`, `-3`… when two owners' names and ids reduce to the same letters. The names depend only on
 * the snapshot's owners, not on the rows, so the same owner keeps the same file month after month.
 *
 * The folder is written by the caller as a whole (a staged folder), so each file here is plain:
 * rows are gathered per owner and appended in blocks, and every file is flushed to disk at the end.
 */
import { appendFileSync, closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describeFsError, InputError, UsageError } from '../errors.js';
import { csvText } from './csvWriter.js';
import { isFolder } from './outputPaths.js';

export const OWNER_INDEX_FILE = '_owners.csv';
export const NO_OWNER_FILE = '_no-valid-owner.csv';

const NAME_CHARS = 40;
const ID_CHARS = 40;
/** Bytes gathered for a file before they are appended to it. */
const BLOCK = 65536;

export interface ListedOwner {
  id: string;
  name: string;
  email?: string;
  active?: boolean;
}

/** Text reduced to ASCII letters, digits and single hyphens (accents dropped), at most `max` characters. */
export function fileStem(text: string, max: number): string {
  const ascii = text.normalize('NFKD').replace(/\p{M}/gu, '');
  return ascii
    .replace(/[^A-Za-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

/** Each owner's file name, by owner id: `<name>_<id>.csv`, unique ignoring case. */
export function ownerFileNames(owners: readonly ListedOwner[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set([OWNER_INDEX_FILE, NO_OWNER_FILE].map((name) => name.toLowerCase()));
  // In id order, so which of two clashing owners gets the suffix does not depend on the rows.
  for (const owner of [...owners].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (names.has(owner.id)) continue;
    const stem = `${fileStem(owner.name, NAME_CHARS) || 'owner'}_${fileStem(owner.id, ID_CHARS) || 'id'}`;
    let name = `${stem}.csv`;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem}-${n}.csv`;
    taken.add(name.toLowerCase());
    names.set(owner.id, name);
  }
  return names;
}

/**
 * Checks that `dir` may be replaced by a list per owner: it is new, empty, or holds such lists (its
 * index file). A folder of anything else is refused: replacing it would delete its files.
 */
export function ownerFolderCheck(dir: string, flag: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR')
      throw new InputError({ file: dir }, `not a folder: ${flag} names the folder the lists are written to`);
    throw new InputError({ file: dir }, `cannot read the folder: ${describeFsError(error)}`);
  }
  if (names.length === 0) return;
  const list = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
  if (!names.includes(OWNER_INDEX_FILE)) {
    throw new UsageError(
      `${flag} ${dir} is not empty and holds no lists per owner (${list})`,
      `the lists get a folder of their own, replaced whole on the next run: choose a new or empty folder`,
    );
  }
  // Replaced whole: anything but the lists would be lost with it.
  const others = names.filter((name) => !name.endsWith('.csv') || isFolder(path.join(dir, name)));
  if (others.length > 0)
    throw new UsageError(
      `${flag} ${dir} holds more than lists per owner (${others.slice(0, 5).join(', ')}): it is replaced whole`,
      'move them out of it, or choose another folder',
    );
}

interface OwnerFile {
  name: string;
  owner?: ListedOwner;
  rows: number;
  pending: string;
  created: boolean;
}

/** Rows written into one file per owner inside `folder` (a folder being staged). */
export class OwnerFiles {
  private readonly files = new Map<string, OwnerFile>();
  private readonly names: Map<string, string>;
  private readonly byId: Map<string, ListedOwner>;
  private readonly header: string;

  constructor(
    private readonly folder: string,
    header: string[],
    owners: readonly ListedOwner[],
    /** Where messages say the files are. */
    private readonly shownAs = folder,
  ) {
    this.names = ownerFileNames(owners);
    this.byId = new Map(owners.map((o) => [o.id, o]));
    this.header = `\uFEFF${csvText([header], 'people')}`;
  }

  /** A row for the owner with this id; no id, or one that is no owner, goes to the file without a valid owner. */
  write(ownerId: string | null | undefined, row: (string | number)[]): void {
    const known = ownerId ? this.names.get(ownerId) : undefined;
    const name = known ?? NO_OWNER_FILE;
    let file = this.files.get(name);
    if (!file) {
      file = {
        name,
        owner: known ? this.byId.get(ownerId!) : undefined,
        rows: 0,
        pending: this.header,
        created: false,
      };
      this.files.set(name, file);
    }
    // Formula-like cells neutralised, as in every CSV for people.
    file.pending += csvText([row], 'people');
    file.rows++;
    if (file.pending.length > BLOCK) this.flush(file);
  }

  private flush(file: OwnerFile): void {
    const target = path.join(this.folder, file.name);
    try {
      appendFileSync(target, file.pending, { flag: file.created ? 'a' : 'wx' });
    } catch (error) {
      throw new InputError({ file: path.join(this.shownAs, file.name) }, `cannot write: ${describeFsError(error)}`);
    }
    file.created = true;
    file.pending = '';
  }

  /** Writes what is gathered and the index, and flushes every file to disk; returns the owners' files and rows. */
  finish(): { owners: number; rows: number; withoutOwner: number } {
    const files = [...this.files.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const index: OwnerFile = {
      name: OWNER_INDEX_FILE,
      rows: 0,
      created: false,
      pending: `\uFEFF${csvText([['owner_id', 'owner_name', 'owner_email', 'active', 'file', 'rows']], 'people')}`,
    };
    for (const file of files) {
      const { owner } = file;
      index.pending += csvText(
        [
          [
            owner?.id ?? '',
            owner?.name ?? '(no valid owner)',
            owner?.email ?? '',
            owner?.active === undefined ? '' : String(owner.active),
            file.name,
            file.rows,
          ],
        ],
        'people',
      );
    }
    for (const file of [...files, index]) {
      this.flush(file);
      const fd = openSync(path.join(this.folder, file.name), 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    const withoutOwner = this.files.get(NO_OWNER_FILE)?.rows ?? 0;
    return {
      owners: files.length - (withoutOwner > 0 ? 1 : 0),
      rows: files.reduce((sum, f) => sum + f.rows, 0),
      withoutOwner,
    };
  }
}
