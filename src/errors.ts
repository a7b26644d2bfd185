/**
 * Typed errors. Each carries the exit code it maps to; `cli.ts` turns them into a message and an
 * exit code in exactly one place.
 */

/** The command ran and its verdict is negative (audit gate failed, verify found unapplied rows). */
export const EXIT_VERDICT = 1;
/** Usage error, bad input, bad config, or I/O failure. */
export const EXIT_ERROR = 2;

export class CrmOwnersError extends Error {
  readonly exitCode: number = EXIT_ERROR;
  /** A next step for the user, printed after the message. */
  hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Wrong flags or arguments. */
export class UsageError extends CrmOwnersError {}

/** A position in an input file, for messages: `file:line:column`, or `file: sheet "S", cell C12` in a workbook. */
export interface FilePosition {
  file: string;
  /** The worksheet, in a workbook: `line` is then the sheet's row number. */
  sheet?: string;
  /** Physical line, counted from 1 (the header line). */
  line?: number;
  /** Column (field) number, counted from 1, or a header name. */
  column?: number | string;
}

/** A column number (from 1) as a spreadsheet's letters: 3 → `C`, 27 → `AA`. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function formatSheetPosition(pos: FilePosition): string {
  let text = `${pos.file}: sheet ${JSON.stringify(pos.sheet)}`;
  if (pos.line !== undefined)
    text += typeof pos.column === 'number' ? `, cell ${columnLetters(pos.column)}${pos.line}` : `, row ${pos.line}`;
  if (typeof pos.column === 'string') text += ` (column "${pos.column}")`;
  return text;
}

export function formatPosition(pos: FilePosition): string {
  if (pos.sheet !== undefined) return formatSheetPosition(pos);
  let text = pos.file;
  if (pos.line !== undefined) text += `:${pos.line}`;
  if (pos.column !== undefined) text += typeof pos.column === 'number' ? `:${pos.column}` : ` (column "${pos.column}")`;
  return text;
}

/** A problem with an input file (CSV, rules, config): the message names the file, line and column. */
export class InputError extends CrmOwnersError {
  readonly position: FilePosition;
  readonly reason: string;
  constructor(position: FilePosition, reason: string, hint?: string) {
    super(`${formatPosition(position)}: ${reason}`, hint);
    this.position = position;
    this.reason = reason;
  }
}

/** The database is missing, locked, corrupt or from another version. */
export class DatabaseError extends CrmOwnersError {}

/** A file system error in words, for a message that names the file. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ELOOP':
      return 'is a symlink loop (too many levels of symbolic links)';
    default:
      return (error as Error)?.message ?? String(error);
  }
}
