/**
 * Exports loaded again unchanged: every file byte-identical (same SHA-256) to the files of the
 * latest snapshot. Such a load adds a snapshot that says nothing new.
 */
import type { Db } from '../store/database.js';
import { fingerprint } from '../ingest/sources/decode.js';
import { inputSources } from './readSnapshot.js';
import type { ReadOptions } from './loadMessages.js';

/** The SHA-256 of every file a load of `options` would read. */
export async function inputHashes(options: ReadOptions): Promise<string[]> {
  const hashes: string[] = [];
  for (const source of await inputSources(options)) hashes.push((await fingerprint(source)).sha256);
  return hashes;
}

/** The latest snapshot before `before` (default: any), when its files have exactly these hashes. */
export function unchangedSince(db: Db, hashes: string[], before = Number.MAX_SAFE_INTEGER): number | undefined {
  const latest = db
    .prepare<[number], { id: number | null }>('SELECT MAX(id) AS id FROM snapshots WHERE id < ?')
    .get(before)!;
  if (latest.id === null) return undefined;
  const stored = db
    .prepare<[number], { sha256: string }>('SELECT sha256 FROM snapshot_files WHERE snapshot_id = ?')
    .all(latest.id)
    .map((f) => f.sha256);
  const same = stored.length === hashes.length && [...stored].sort().join() === [...hashes].sort().join();
  return same ? latest.id : undefined;
}
