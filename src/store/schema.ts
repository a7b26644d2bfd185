/**
 * The database schema. Snapshots are immutable: every row belongs to one snapshot, written in the
 * one transaction that created it.
 */

export const SCHEMA_VERSION = 2;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY,
  label TEXT,
  loaded_at TEXT NOT NULL,
  counts TEXT NOT NULL            -- JSON {"owners": n, "accounts": n, "contacts": n, "leads": n}
);

CREATE TABLE IF NOT EXISTS snapshot_files (
  id INTEGER PRIMARY KEY,
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  path TEXT NOT NULL,
  kind TEXT NOT NULL,
  preset TEXT NOT NULL,
  encoding TEXT NOT NULL,
  delimiter TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  rows INTEGER NOT NULL,           -- records kept
  rejected INTEGER NOT NULL,       -- rows written to the rejects file
  duplicates INTEGER NOT NULL,     -- rows whose id was already seen
  dropped INTEGER NOT NULL,        -- report footer rows
  headers TEXT NOT NULL            -- JSON array, in file order
);

CREATE TABLE IF NOT EXISTS owners (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  active INTEGER NOT NULL,
  type TEXT NOT NULL,              -- user | queue | system
  territories TEXT NOT NULL,       -- JSON array
  team TEXT NOT NULL,
  capacity TEXT NOT NULL,          -- JSON {"accounts"?: n, "contacts"?: n, "leads"?: n}
  file_id INTEGER,                 -- NULL for a queue known only from records
  line INTEGER,
  fields TEXT,                     -- JSON array of the row's original values
  PRIMARY KEY (snapshot_id, id)
);

CREATE TABLE IF NOT EXISTS records (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  kind TEXT NOT NULL,              -- accounts | contacts | leads
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,         -- trimmed, lower-cased (all of Unicode) for grouping
  account_ref TEXT NOT NULL,       -- the account as exported (id or name)
  account_id TEXT,                 -- the account in this snapshot, if it is there
  owner TEXT NOT NULL,             -- the owner as exported (id, email or name)
  owner_id TEXT,                   -- the owner it resolves to
  owner_issue TEXT,                -- empty | unknown | ambiguous | deactivated
  created TEXT NOT NULL,
  last_activity TEXT NOT NULL,
  file_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  fields TEXT NOT NULL             -- JSON array of the row's original values
);

CREATE TABLE IF NOT EXISTS duplicate_rows (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  file_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  fields TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS plans (
  id INTEGER PRIMARY KEY,
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  created_at TEXT NOT NULL,
  command TEXT NOT NULL,           -- plan | transfer
  options TEXT NOT NULL,           -- JSON, as in summary.json
  out_dir TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS plan_rows (
  plan_id INTEGER NOT NULL REFERENCES plans(id),
  kind TEXT NOT NULL,
  record_id TEXT NOT NULL,
  old_owner TEXT NOT NULL,         -- the owner as exported
  old_owner_id TEXT,
  new_owner_id TEXT,               -- NULL for an unplaced record
  reason TEXT NOT NULL,            -- the check, transfer, follows account; or why it is unplaced
  territory TEXT,
  placed INTEGER NOT NULL
);
`;

/** Built after a snapshot's rows are in: cheaper than maintaining them row by row. */
export const INDEXES = `
CREATE UNIQUE INDEX IF NOT EXISTS records_by_id ON records (snapshot_id, kind, id);
CREATE INDEX IF NOT EXISTS records_by_owner ON records (snapshot_id, kind, owner_id);
CREATE INDEX IF NOT EXISTS records_by_account ON records (snapshot_id, account_id) WHERE account_id IS NOT NULL;
`;
