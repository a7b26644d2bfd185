/**
 * Text inputs read whole: config, baseline, rules files, exclusion lists and the files of a plan
 * folder. Each is a regular file (see regularFile.ts) no bigger than its kind may be, decoded like
 * an export (BOM, else UTF-8, else Windows-1252).
 */
import { closeSync, readSync } from 'node:fs';
import { describeFsError, InputError } from '../../errors.js';
import { decodeWhole } from './decode.js';
import { openRegularFileSync } from './regularFile.js';

const MB = 1024 * 1024;

/** Generous for real use; far below what would exhaust memory (or a string's maximum length). */
export const TEXT_FILE_LIMITS = {
  config: { what: 'a config file', limit: 1 * MB, from: '--config' },
  baseline: { what: 'a baseline', limit: 64 * MB, from: '--baseline (or config baseline)' },
  rules: { what: 'a rules file', limit: 64 * MB, from: '--rules (or config rules)' },
  exclusions: {
    what: 'an exclusion list',
    limit: 256 * MB,
    from: '--exclude (or config exclude): a CSV of record ids',
  },
  plan: { what: 'a plan file', limit: 256 * MB, from: 'the plan folder (written by crm-owners plan or transfer)' },
} as const;

export type TextFileKind = keyof typeof TEXT_FILE_LIMITS;

/** Rounded up, so a size just over a limit never reads as the limit itself. */
function megabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${mb < 10 ? Math.ceil(mb * 10) / 10 : Math.ceil(mb)} MB`;
}

export function tooBig(file: string, kind: TextFileKind, size: number): InputError {
  const { what, limit } = TEXT_FILE_LIMITS[kind];
  return new InputError({ file }, `${megabytes(size)} is more than ${what} may be (limit ${megabytes(limit)})`);
}

export function readTextFile(file: string, kind: TextFileKind): string {
  const { limit, from } = TEXT_FILE_LIMITS[kind];
  let opened;
  try {
    opened = openRegularFileSync(file);
  } catch (error) {
    // Said in the words of the flag that named the file, not those of `load`.
    if (error instanceof InputError && !error.hint) error.hint = `check the path given to ${from}`;
    throw error;
  }
  const { fd, size } = opened;
  try {
    if (size > limit) throw tooBig(file, kind, size);
    // Read to the end, not just `size` bytes: the file may be growing. One byte past the limit
    // is enough to know it is too big.
    let bytes = Buffer.allocUnsafe(Math.min(size, limit) + 1);
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        if (length > limit) throw tooBig(file, kind, length);
        bytes = Buffer.concat([bytes, Buffer.allocUnsafe(Math.min(bytes.length, limit + 1 - length))]);
      }
      const read = readSync(fd, bytes, length, bytes.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return decodeWhole(bytes.subarray(0, length));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError({ file }, `cannot read: ${describeFsError(error)}`);
  } finally {
    closeSync(fd);
  }
}
