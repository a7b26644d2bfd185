/**
 * Inputs are read only from regular files. A FIFO or a socket would block the read (or the open
 * itself), a device such as /dev/zero never ends: each is refused by name before anything waits
 * on it. Files are opened with O_NONBLOCK (no effect on a regular file; a FIFO put in a file's
 * place cannot block the open) and checked again on the open descriptor.
 */
import { closeSync, constants, fstatSync, openSync, promises as fs, statSync, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { describeFsError, InputError } from '../../errors.js';

const NON_BLOCKING_READ = constants.O_RDONLY | constants.O_NONBLOCK;

/** What a file that is not a regular file is, in words. */
function fileType(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a plain file';
}

/** Throws when `stat` is not that of a regular file. */
export function checkRegularFile(file: string, stat: Stats): void {
  if (!stat.isFile()) throw new InputError({ file }, `is ${fileType(stat)}, not a regular file`);
}

/** An open that failed: a socket cannot be opened at all (ENXIO), so say what it is instead. */
function openError(file: string, error: unknown): InputError {
  if ((error as NodeJS.ErrnoException).code === 'ENXIO') {
    let stat: Stats | undefined;
    try {
      stat = statSync(file);
    } catch {
      // Gone since: report the open's own error.
    }
    if (stat && !stat.isFile()) return new InputError({ file }, `is ${fileType(stat)}, not a regular file`);
  }
  return new InputError({ file }, describeFsError(error));
}

/** Opens a regular file for reading; the caller closes the handle. */
export async function openRegularFile(file: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, NON_BLOCKING_READ);
  } catch (error) {
    throw openError(file, error);
  }
  try {
    checkRegularFile(file, await handle.stat());
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Opens a regular file for reading, synchronously: the descriptor and the file's size. */
export function openRegularFileSync(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, NON_BLOCKING_READ);
  } catch (error) {
    throw openError(file, error);
  }
  try {
    const stat = fstatSync(fd);
    checkRegularFile(file, stat);
    return { fd, size: stat.size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
