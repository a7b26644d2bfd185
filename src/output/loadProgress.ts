/**
 * The load's progress line: the file (and which of how many), its rows, the share of its bytes
 * read, and once the rate means something, about how long the file has left. The clock is passed
 * in, so the line is the same for the same updates whatever the machine's speed.
 */
import path from 'node:path';
import type { LoadProgressUpdate } from '../load/loadSnapshot.js';
import { formatCount } from '../report/format.js';

/** An estimate from the first seconds of a file swings widely: it is shown after this long. */
export const ETA_AFTER_MS = 3000;

/** `45 s`, `3 min`, `1 h 05 min`: a remaining time, rounded as a person says it. */
export function roughDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export class LoadProgressText {
  private file?: { path: string; startedAt: number };

  constructor(private readonly now: () => number = Date.now) {}

  text(update: LoadProgressUpdate): string {
    const now = this.now();
    if (this.file?.path !== update.file) this.file = { path: update.file, startedAt: now };
    const which = update.count > 1 ? ` (file ${update.index} of ${update.count})` : '';
    const parts = [`${path.basename(update.file)}${which}: ${formatCount(update.rows)} rows`];
    const { read, size } = update;
    if (read === undefined || size <= 0) return parts.join(' · ');
    // Counted from the rows' text, the bytes read can differ from the file's by a line end or a BOM.
    const share = Math.min(read, size) / size;
    parts.push(`${Math.min(99, Math.floor(share * 100))}%`);
    const elapsed = now - this.file.startedAt;
    if (elapsed >= ETA_AFTER_MS && share > 0 && share < 1)
      parts.push(`about ${roughDuration((elapsed / share) * (1 - share))} left`);
    return parts.join(' · ');
  }
}
