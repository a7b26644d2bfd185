/**
 * The database schema. Snapshots are immutable: every row belongs to one snapshot, written in the
 * one transaction that created it. A record that a load finds unchanged since the snapshot before
 * is not stored again: its row (a version of the record) is held by every snapshot from the one
 * that wrote it (`snapshot_id`) up to, not including, `ended`.
 */

export const SCHEMA_VERSION = 7;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY,
  label TEXT,
  loaded_at TEXT NOT NULL,
  counts TEXT NOT NULL,           -- JSON {"owners": n, "accounts": n, "contacts": n, "leads": n}
  as_of TEXT                      -- when the exports were taken (load --as-of; default loaded_at); schema 6
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
  raw TEXT,                        -- encodeCells(the row's cells)
  PRIMARY KEY (snapshot_id, id)
);

-- One row per record of every kind (kinds/registry.ts). What the snapshot knows about a record's owner and account
-- is resolved once, at load, and kept here: snapshots never change, and the checks then need no
-- joins over millions of rows.
CREATE TABLE IF NOT EXISTS records (
  key INTEGER PRIMARY KEY,         -- the record's real key (rowid alias): VACUUM keeps it
  snapshot_id INTEGER NOT NULL,
  kind TEXT NOT NULL,              -- a record kind (kinds/registry.ts)
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  email_key TEXT NOT NULL,         -- email trimmed and lower-cased (all of Unicode), for grouping
  owner TEXT NOT NULL,             -- the owner as exported (id, email or name)
  owner_id TEXT,                   -- the owner it resolves to
  owner_issue TEXT,                -- empty | unknown | ambiguous | deactivated
  owner_active INTEGER,            -- the resolved owner's active flag
  owner_type TEXT,                 -- the resolved owner's type: user | queue | system
  account_id TEXT,                 -- the record's account, when it is in this snapshot
  account_owner_id TEXT,           -- that account's resolved owner
  created TEXT NOT NULL,
  last_activity TEXT NOT NULL,
  closed INTEGER NOT NULL DEFAULT 0, -- 1: closed opportunity/case or converted lead (history: counted, not audited or planned)
  details TEXT,                      -- JSON of the kind's extra canonical fields (stage, won, close_date, amount, status), or NULL
  file_id INTEGER NOT NULL,        -- where this version was read: a file of snapshot_id
  line INTEGER NOT NULL,
  raw TEXT NOT NULL,               -- the row's cells, every original column (encodeCells, store/cells.ts)
  ended INTEGER,                   -- the first snapshot that no longer holds this version, or NULL; schema 7
  digest INTEGER                   -- a hash of the stored values, to find it unchanged (store/recordDigest.ts); schema 7
);

-- The versions some snapshot stopped holding: what changed, read by diff, churn and history.
CREATE INDEX IF NOT EXISTS records_ended ON records(ended) WHERE ended IS NOT NULL;

-- Open records counted by everything the ownership checks look at (closed ones are history): a few hundred rows summarise a
-- million records, so coverage, loads and the owner checks are sums over this table. Columns are
-- named as in records so the checks' conditions read the same over both.
CREATE TABLE IF NOT EXISTS owner_groups (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  kind TEXT NOT NULL,
  owner_id TEXT,
  owner_issue TEXT,
  owner TEXT NOT NULL,             -- the folded owner value when it resolves to no owner, else ''
  owner_active INTEGER,
  owner_type TEXT,
  account_owner_id TEXT,
  records INTEGER NOT NULL
);

-- Where each kind's records of a snapshot lie. A load writes a kind's records in one run, so they
-- are one range of keys: scans of a snapshot and kind read just that range, without an index.
CREATE TABLE IF NOT EXISTS record_ranges (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  kind TEXT NOT NULL,
  first_key INTEGER NOT NULL,
  last_key INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, kind)
);

-- Contacts (and leads) whose email address may be on another record of their kind, noted at load:
-- a superset of those whose address is shared, so the split-ownership check reads these records
-- by key instead of grouping every record by email.
CREATE TABLE IF NOT EXISTS shared_email_records (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  kind TEXT NOT NULL,
  record_key INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, kind, record_key)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS duplicate_rows (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id),
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  file_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  raw TEXT NOT NULL,               -- encodeCells(the row's cells)
  first_file_id INTEGER,           -- where the snapshot's row of this id was read; schema 7
  first_line INTEGER
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
