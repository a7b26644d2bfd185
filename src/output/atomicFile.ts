/**
 * Every file the tool writes is written atomically: to a temporary file in the same folder, flushed
 * to disk, then renamed over the target (and the folder flushed), so a reader never sees half a
 * file and a failure (a full disk, a crash) leaves the old one.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { describeFsError, InputError } from '../errors.js';
import { removedOnSignal } from './interrupt.js';
import { followLinks, isStandardStream, specialFileKind } from './outputPaths.js';
import { isRunning } from './processes.js';

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
      for (let done = 0; done < bytes.length;) done += this.writeBytes(this.fd, bytes, done, bytes.length - done);
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

/** `.<name>.<pid>.<random>.tmp`: the temporary file an `AtomicFile` writes beside its target. */
function tempNameOf(target: string): string {
  return `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
}

/**
 * Removes the temporary files that writers of `target` killed outright (`kill -9`, a power cut)
 * left beside it: those whose process is gone. A running writer's file is left alone.
 */
export function clearDeadTempFiles(target: string): void {
  const prefix = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(path.dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = /^(\d+)\.[a-z0-9]*$/.exec(name.slice(prefix.length, -'.tmp'.length))?.[1];
    if (pid === undefined || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    try {
      unlinkSync(path.join(path.dirname(target), name));
    } catch {
      // removed by another writer meanwhile, or not ours to remove: it does no harm
    }
  }
}

/**
 * A test-only pause: with `CRM_OWNERS_TEST_HOLD_WRITE=FILE`, a writer whose temporary file exists
 * writes its name to FILE and waits (without turning the event loop) until `FILE.go` exists, so a
 * test can signal it at that exact point.
 */
function holdForTest(tempFile: string): void {
  const ready = process.env.CRM_OWNERS_TEST_HOLD_WRITE;
  if (!ready) return;
  writeFileSync(ready, tempFile);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; !existsSync(`${ready}.go`) && waited < 60_000; waited += 10) Atomics.wait(sleeper, 0, 0, 10);
}

/**
 * A file that replaces `target` whole on `commit`, through a hidden temporary file beside it. A
 * symlink is followed: the file it points to is replaced, and the link stays.
 */
export class AtomicFile implements OutputFile {
  private readonly temp: DurableFile;
  private readonly final: string;
  private readonly forget: () => void;
  private open = true;

  constructor(
    readonly target: string,
    writeBytes?: WriteBytes,
  ) {
    this.final = followLinks(target);
    let kind: string | undefined;
    try {
      const stat = statSync(this.final);
      kind = stat.isDirectory() ? 'a folder' : specialFileKind(stat);
    } catch {
      // not there yet: a new file
    }
    if (kind) throw new InputError({ file: target }, `cannot write: it is ${kind}, not a regular file`);
    clearDeadTempFiles(this.final);
    const tempPath = path.join(path.dirname(this.final), tempNameOf(this.final));
    this.temp = new DurableFile(tempPath, target, writeBytes);
    this.forget = removedOnSignal(tempPath);
    holdForTest(tempPath);
  }

  write(text: string): void {
    try {
      this.temp.write(text);
    } catch (error) {
      this.forget();
      throw error;
    }
  }

  commit(): void {
    if (!this.open) return;
    this.open = false;
    this.forget();
    this.temp.commit();
    try {
      renameSync(this.temp.file, this.final);
    } catch (error) {
      try {
        unlinkSync(this.temp.file);
      } catch {
        // already gone
      }
      throw cannotWrite(this.target, error);
    }
    try {
      syncFolder(path.dirname(this.final));
    } catch (error) {
      throw cannotWrite(this.target, error);
    }
  }

  abort(): void {
    if (!this.open) return;
    this.open = false;
    this.forget();
    this.temp.abort();
  }
}

/**
 * A standard stream named as a file (`--findings /dev/stdout`, `/dev/fd/3`): written through to
 * the descriptor the process already has, which is neither reopened (a socket cannot be) nor closed.
 * It cannot be replaced atomically, and a reader of a pipe reads as it comes anyway.
 */
export class StreamFile implements OutputFile {
  private readonly fd: number;

  constructor(
    readonly target: string,
    private readonly writeBytes: WriteBytes = writeSync,
  ) {
    const name = /(stdout|stderr|\d+)$/.exec(target)![1];
    this.fd = name === 'stdout' ? 1 : name === 'stderr' ? 2 : Number(name);
  }

  write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let done = 0; done < bytes.length;) {
      try {
        done += this.writeBytes(this.fd, bytes, done, bytes.length - done);
      } catch (error) {
        // A pipe in non-blocking mode that is full: wait for its reader.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') Atomics.wait(pause, 0, 0, 5);
        else throw cannotWrite(this.target, error);
      }
    }
  }

  commit(): void {}

  abort(): void {}
}

/** The file an output flag names: a standard stream written through, anything else atomically. */
export function openOutputFile(target: string, writeBytes?: WriteBytes): OutputFile {
  return isStandardStream(target) ? new StreamFile(target, writeBytes) : new AtomicFile(target, writeBytes);
}

export function writeFileAtomic(target: string, content: string, writeBytes?: WriteBytes): void {
  const file = openOutputFile(target, writeBytes);
  file.write(content);
  file.commit();
}
