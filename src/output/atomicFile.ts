/**
 * Every file the tool writes is written atomically: to a temporary file in the same folder, then
 * renamed over the target, so a reader never sees half a file and a failure leaves the old one.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describeFsError, InputError } from '../errors.js';

export class AtomicFile {
  private readonly fd: number;
  private readonly tempPath: string;
  private open = true;

  constructor(readonly target: string) {
    const dir = path.dirname(target);
    this.tempPath = path.join(dir, `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`);
    try {
      this.fd = openSync(this.tempPath, 'wx');
    } catch (error) {
      throw new InputError({ file: target }, `cannot write: ${describeFsError(error)}`);
    }
  }

  write(text: string): void {
    try {
      writeSync(this.fd, text);
    } catch (error) {
      this.abort();
      throw new InputError({ file: this.target }, `cannot write: ${describeFsError(error)}`);
    }
  }

  /** Flushes to disk and puts the file in place. */
  commit(): void {
    if (!this.open) return;
    this.open = false;
    try {
      fsyncSync(this.fd);
      closeSync(this.fd);
      renameSync(this.tempPath, this.target);
    } catch (error) {
      try {
        unlinkSync(this.tempPath);
      } catch {
        // already gone
      }
      throw new InputError({ file: this.target }, `cannot write: ${describeFsError(error)}`);
    }
  }

  /** Throws the temporary file away; the target is left as it was. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    try {
      closeSync(this.fd);
      unlinkSync(this.tempPath);
    } catch {
      // nothing left to clean up
    }
  }
}

export function writeFileAtomic(target: string, content: string): void {
  const file = new AtomicFile(target);
  file.write(content);
  file.commit();
}
