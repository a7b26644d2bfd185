/**
 * Dynamics records are often owned by a team ("Sales Team EMEA"), which is in no users export: until
 * the Teams export is loaded too, such owners are unknown. The unknown-owner finding says so, only
 * for records of Dynamics files and only when no Teams export was loaded.
 */
import { headerKey } from '../records/model.js';
import { dynamics } from '../ingest/identify/presets/dynamics.js';
import type { Db } from '../store/database.js';
import { snapshotFiles } from '../store/files.js';

/** What the finding and the report add when a Teams export would resolve team names. */
export const TEAMS_HINT = 'if it is a team, load the Dynamics Teams export too';

/** The snapshot's Dynamics records files, when no owners file of it lists teams; else none. */
export function filesNeedingTeams(db: Db, snapshot: number): number[] {
  const teamHeaders = new Set(dynamics.columns.owners?.team_type ?? []);
  const files = [...snapshotFiles(db, snapshot).values()];
  if (files.some((f) => f.kind === 'owners' && f.headers.some((h) => teamHeaders.has(headerKey(h))))) return [];
  return files.filter((f) => f.kind !== 'owners' && f.preset === dynamics.name).map((f) => f.id);
}
