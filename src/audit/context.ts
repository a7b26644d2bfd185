/**
 * What every check needs about one snapshot: its owners, the placeholder owners, the territory
 * rules and each record's territory. Per-audit facts go into TEMP tables so checks stay set-based
 * SQL; TEMP tables need no write lock, so audits run side by side.
 */
import { nameKey, type OwnerDirectory } from '../records/directory.js';
import { isMangledId } from '../ingest/values/values.js';
import { RECORD_KINDS, type OwnerRecord, type RecordKind } from '../records/model.js';
import { closedMovable, hasClosed } from '../kinds/registry.js';
import type { TerritoryRules } from '../rules/rules.js';
import type { Db } from '../store/database.js';
import { ownerDirectory, snapshotOwners } from '../store/owners.js';
import type { SnapshotInfo } from '../store/snapshots.js';
import { inKind, kindRanges, type RowidRange } from '../store/ranges.js';
import type { KindLoads } from './loads.js';
import { assignTerritories } from './territories.js';
import { fieldAbsence, type FieldAbsence } from './neededFields.js';
import type { Field } from '../records/model.js';
import { filesNeedingTeams } from './ownerTeams.js';

export interface AuditSettings {
  placeholderOwners: string[];
  rules?: TerritoryRules;
  defaultCapacity?: number;
  staleDays?: number;
  /** Config `overdueDays`: days of grace before an open task past its due date is overdue (default 0). */
  overdueDays?: number;
  /** Config `mismatchKinds`: the child kinds `account-owner-mismatch` checks (default: all). */
  mismatchKinds?: RecordKind[];
  /** Plans: closed opportunities and cases are moved too (`--include-closed`; never converted leads). Audits never set it. */
  includeClosed?: boolean;
}

export interface AuditContext {
  db: Db;
  snapshot: SnapshotInfo;
  /** Kinds with at least one record, in report order. */
  kinds: RecordKind[];
  owners: OwnerRecord[];
  ownersById: Map<string, OwnerRecord>;
  directory: OwnerDirectory;
  /** Owner ids configured as placeholders. */
  placeholderIds: Set<string>;
  /** The owner conditions for this audit's placeholder settings. */
  sql: ReturnType<typeof ownerConditions>;
  settings: AuditSettings;
  /** Owner loads per kind, computed once per audit (see loads.ts). */
  loadCache: Map<RecordKind, KindLoads>;
  /**
   * SQL condition selecting this snapshot's records of a kind that are audited and planned: the
   * open ones, unless `includeClosed` and the kind's closed records may move (see store/ranges.ts).
   */
  inKind(kind: RecordKind, alias?: string): string;
  /** The same, closed records included. */
  allOfKind(kind: RecordKind, alias?: string): string;
  /** ` AND <alias>.closed = 0` where inKind leaves closed records out, else ''. */
  openOnly(kind: RecordKind, alias?: string): string;
  /** Where the kind's records of this snapshot lie, if it has any. */
  rangeOf(kind: RecordKind): RowidRange | undefined;
  /** The files of a kind without a column for the field (see neededFields.ts). */
  absent(kind: RecordKind, field: Field): FieldAbsence;
  /** Dynamics records files whose team owners a Teams export would resolve (none when one was loaded). */
  filesNeedingTeams(): number[];
}

/**
 * SQL conditions over `records r`, shared by the checks so that the categories agree: a record is
 * unowned, or inactive-owned, or unknown-owned, or covered. The owner's state was stored with the
 * record at load, so none of them needs a join. Without placeholder owners the placeholder tests are
 * FALSE, which SQLite drops from the query: otherwise each is a look-up for every record scanned.
 */
export function ownerConditions(withPlaceholders: boolean) {
  const placeholderId = withPlaceholders ? `(r.owner_id IS NOT NULL AND r.owner_id IN temp.placeholder_ids)` : 'FALSE';
  const placeholderRef = withPlaceholders ? `(r.owner_id IS NULL AND fold(r.owner) IN temp.placeholder_refs)` : 'FALSE';
  return {
    placeholder: `(${placeholderId} OR ${placeholderRef})`,
    /** The account's owner is a placeholder. */
    placeholderAccountOwner: withPlaceholders ? '(r.account_owner_id IN temp.placeholder_ids)' : 'FALSE',
    unowned: `(r.owner_issue = 'empty' OR ${placeholderId} OR ${placeholderRef})`,
    inactive: `(NOT ${placeholderId} AND NOT ${placeholderRef} AND (r.owner_active = 0 OR r.owner_issue = 'deactivated'))`,
    unknown: `(r.owner_issue IN ('unknown', 'ambiguous') AND NOT ${placeholderRef})`,
    covered: `(r.owner_active = 1 AND NOT ${placeholderId})`,
  };
}

export function buildContext(db: Db, snapshot: SnapshotInfo, settings: AuditSettings): AuditContext {
  const owners = snapshotOwners(db, snapshot.id);
  const directory = ownerDirectory(owners);
  const placeholderIds = new Set<string>();
  for (const ref of settings.placeholderOwners) {
    const id = directory.find(ref).ownerId;
    if (id) placeholderIds.add(id);
  }
  // Owner values compare like names: trimmed, whitespace collapsed, case folded beyond ASCII.
  db.function('fold', { deterministic: true }, (value: unknown) => nameKey(String(value ?? '')));
  db.function('mangled_id', { deterministic: true }, (value: unknown) => (isMangledId(String(value ?? '')) ? 1 : 0));
  db.exec(`
    DROP TABLE IF EXISTS temp.placeholder_ids;
    DROP TABLE IF EXISTS temp.placeholder_refs;
    CREATE TEMP TABLE placeholder_ids (id TEXT PRIMARY KEY);
    CREATE TEMP TABLE placeholder_refs (ref TEXT PRIMARY KEY);
  `);
  const addId = db.prepare('INSERT OR IGNORE INTO temp.placeholder_ids VALUES (?)');
  for (const id of placeholderIds) addId.run(id);
  // A placeholder may also be a raw value that is in no owners file (an integration user's name).
  const addRef = db.prepare('INSERT OR IGNORE INTO temp.placeholder_refs VALUES (?)');
  for (const ref of settings.placeholderOwners) addRef.run(nameKey(ref));

  const kinds = RECORD_KINDS.filter((kind) => snapshot.counts[kind] > 0);
  // `--include-closed` takes closed records only of the kinds whose closed records may move.
  const openOnly = (kind: RecordKind, alias = 'r') =>
    hasClosed(kind) && !(settings.includeClosed && closedMovable(kind)) ? ` AND ${alias}.closed = 0` : '';
  const ranges = kindRanges(db, snapshot.id);
  const absences = new Map<string, FieldAbsence>();
  let needingTeams: number[] | undefined;
  const context: AuditContext = {
    db,
    snapshot,
    kinds,
    owners,
    ownersById: new Map(owners.map((o) => [o.id, o])),
    directory,
    placeholderIds,
    sql: ownerConditions(settings.placeholderOwners.length > 0),
    settings,
    loadCache: new Map(),
    inKind: (kind, alias) => inKind(ranges, kind, alias) + openOnly(kind, alias),
    allOfKind: (kind, alias) => inKind(ranges, kind, alias),
    openOnly,
    rangeOf: (kind) => ranges.get(kind),
    absent: (kind, field) => {
      const key = `${kind}\u0000${field}`;
      if (!absences.has(key)) absences.set(key, fieldAbsence(db, snapshot, kind, field, context.inKind(kind)));
      return absences.get(key)!;
    },
    filesNeedingTeams: () => (needingTeams ??= filesNeedingTeams(db, snapshot.id)),
  };
  if (settings.rules) assignTerritories(context, settings.rules);
  return context;
}
