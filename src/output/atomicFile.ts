/**
 * Every file the tool writes is written atomically: to a temporary file in the same folder, flushed
 * to disk, then renamed over the target (and the folder flushed), so a reader never sees half a
 * file and a failure (a full disk, a crash) leaves the old one.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describeFsError, InputError } from '../errors.js';

/** Writes bytes at the file's position and returns how many it wrote: `fs.writeSync`, or a stand-in in tests. */
export type WriteBytes = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/** A file being written: nothing is final until `commit`; `abort` leaves no trace. */
export interface OutputFile {
  /** The path messages name. */
  readonly target: string;
  write(text: string): void;
  commit(): void;
  abort(): void;
}

function cannotWrite(target: string, error: unknown): InputError {
  return new InputError({ file: target }, `cannot write: ${describeFsError(error)}`);
}

/** Flushes a folder's entries (a new or renamed file in it) to disk. */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A new file written to the end or not at all: a write that stores fewer bytes than asked (a disk
 * filling up) is continued until every byte is stored or the system reports why it cannot be.
 * `commit` flushes it to disk; `abort` deletes it.
 */
export class DurableFile implements OutputFile {
  private readonly fd: number;
  private open = true;

  /** `file` is created (it must not exist); messages name `target`. */
  constructor(
    readonly file: string,
    readonly target = file,
    private readonly writeBytes: WriteBytes = writeSync,
  ) {
    try {
      this.fd = openSync(file, 'wx');
    } catch (error) {
      throw cannotWrite(target, error);
    }
  }

  write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    try {
      for (let done = 0; done < bytes.length; ) done += this.writeBytes(this.fd, bytes, done, bytes.length - done);
    } catch (error) {
      this.abort();
      throw cannotWrite(this.target, error);
    }
  }

  commit(): void {
    if (!this.open) return;
    this.open = false;
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
    } catch (error) {
      this.remove();
      throw cannotWrite(this.target, error);
    }
  }

  abort(): void {
    if (!this.open) return;
    this.open = false;
    try {
      closeSync(this.fd);
    } catch {
      // closing is all that was left to do with it
    }
    this.remove();
  }

  private remove(): void {
    try {
      unlinkSync(this.file);
    } catch {
      // already gone
    }
  }
}

/** A file that replaces `target` whole on `commit`, through a hidden temporary file beside it. */
export class AtomicFile implements OutputFile {
  private readonly temp: DurableFile;
  private open = true;

  constructor(
    readonly target: string,
    writeBytes?: WriteBytes,
  ) {
    const tempPath = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
    this.temp = new DurableFile(tempPath, target, writeBytes);
  }

  write(text: string): void {
    this.temp.write(text);
  }

  commit(): void {
    if (!this.open) return;
    this.open = false;
    this.temp.commit();
    try {
      renameSync(this.temp.file, this.target);
    } catch (error) {
      try {
        unlinkSync(this.temp.file);
      } catch {
        // already gone
      }
      throw cannotWrite(this.target, error);
    }
    try {
      syncFolder(path.dirname(this.target));
    } catch (error) {
      throw cannotWrite(this.target, error);
    }
  }

  abort(): void {
    if (!this.open) return;
    this.open = false;
    this.temp.abort();
  }
}

export function writeFileAtomic(target: string, content: string, writeBytes?: WriteBytes): void {
  const file = new AtomicFile(target, writeBytes);
  file.write(content);
  file.commit();
}
