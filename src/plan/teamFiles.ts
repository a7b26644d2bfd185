/**
 * Team memberships a plan hands over. A team member's user cannot be changed in place (Salesforce's
 * `AccountTeamMember.UserId` and `OpportunityTeamMember.UserId` are set on insert only), so a
 * membership that moves is replaced: the new owner is inserted with the old member's role and
 * access levels, and the old member is deleted by id. The rollback re-inserts the old members; the
 * new members' ids exist only once the CRM has inserted them (Data Loader writes them to its success
 * file), so deleting them again is done from that file.
 */
import type { Field, RecordKind } from '../records/model.js';
import { kindRole, kindSpec, parentFieldsOf } from '../kinds/registry.js';
import type { AuditContext } from '../audit/context.js';
import type { CrmName } from './crmFormat.js';
import type { Move } from './buildPlan.js';

/** One membership to replace. */
export interface TeamChange {
  kind: RecordKind;
  /** The old membership's id. */
  memberId: string;
  /** The record whose team it is (account, opportunity). */
  parentId: string;
  oldUserId: string;
  newUserId: string;
  /** Role and access levels, by canonical field (`role`, `account_access`, ...), as exported. */
  values: Partial<Record<Field, string>>;
  /** The new owner is on that team already: the old member is only removed. */
  alreadyMember: boolean;
}

/** A file of team changes: its name in the plan folder, header and rows. */
export interface TeamFile {
  name: string;
  header: string[];
  rows: string[][];
}

/** What a plan does with a kind's team changes in a CRM's format: files, or why there are none. */
export interface TeamPlan {
  kind: RecordKind;
  files: TeamFile[];
  /** Said in the plan's summary: how to import, how to roll back, or that it must be done by hand. */
  note: string;
}

export const isMembershipKind = (kind: RecordKind) => kindRole(kind) === 'membership';

/** File names of a membership kind's changes (declared once: plans write them, verify reads them). */
export const teamInsertFileName = (kind: RecordKind) => `insert-${kind}.csv`;
export const teamDeleteFileName = (kind: RecordKind) => `delete-${kind}.csv`;
export const teamRollbackFileName = (kind: RecordKind) => `rollback-insert-${kind}.csv`;

/** Salesforce Data Loader's columns for the canonical fields of team members (AccountTeamMember, OpportunityTeamMember). */
const SALESFORCE_COLUMNS: Partial<Record<Field | 'user', string>> = {
  account_id: 'AccountId',
  opportunity_id: 'OpportunityId',
  user: 'UserId',
  role: 'TeamMemberRole',
  account_access: 'AccountAccessLevel',
  opportunity_access: 'OpportunityAccessLevel',
  case_access: 'CaseAccessLevel',
  contact_access: 'ContactAccessLevel',
};

/** Access levels as a Salesforce report writes them, in the values the API takes (case-sensitive). */
const SALESFORCE_ACCESS: Record<string, string> = {
  read: 'Read',
  'read only': 'Read',
  'read-only': 'Read',
  edit: 'Edit',
  'read/write': 'Edit',
  none: 'None',
  private: 'None',
};

/** CRMs whose importers this tool writes team files for. */
const TEAM_CRMS: readonly CrmName[] = ['salesforce', 'generic'];

/** The fields of an insert row after the parent and the user: the role, then the access levels the kind has. */
function valueFields(kind: RecordKind): Field[] {
  return kindSpec(kind).details.filter((field) => field === 'role' || field.endsWith('_access'));
}

function parentField(kind: RecordKind): Field {
  return parentFieldsOf(kind)[0]?.field ?? 'account_id';
}

function insertHeader(crm: CrmName, kind: RecordKind): string[] {
  const fields: (Field | 'user')[] = [parentField(kind), 'user', ...valueFields(kind)];
  return fields.map((field) =>
    crm === 'salesforce' ? SALESFORCE_COLUMNS[field]! : field === 'user' ? 'user_id' : field,
  );
}

function cell(crm: CrmName, field: Field, value: string | undefined): string {
  const text = value ?? '';
  return crm === 'salesforce' && field.endsWith('_access')
    ? (SALESFORCE_ACCESS[text.trim().toLowerCase()] ?? text)
    : text;
}

function insertRow(crm: CrmName, change: TeamChange, user: string): string[] {
  return [change.parentId, user, ...valueFields(change.kind).map((field) => cell(crm, field, change.values[field]))];
}

/** The files a CRM's importer takes for a kind's team changes, or a note when it takes none. */
export function teamPlan(crm: CrmName, kind: RecordKind, changes: TeamChange[]): TeamPlan {
  const n = changes.length;
  const members = `${n} ${n === 1 ? kindSpec(kind).singular : `${kindSpec(kind).singular}s`}`;
  if (!TEAM_CRMS.includes(crm)) {
    return {
      kind,
      files: [],
      note: `${members}: ${crm}'s import does not change team members; replace them in the CRM by hand (plan.csv lists them)`,
    };
  }
  const header = insertHeader(crm, kind);
  const inserts = changes.filter((c) => !c.alreadyMember);
  const files: TeamFile[] = [
    { name: teamInsertFileName(kind), header, rows: inserts.map((c) => insertRow(crm, c, c.newUserId)) },
    {
      name: teamDeleteFileName(kind),
      header: [crm === 'salesforce' ? 'Id' : 'id'],
      rows: changes.map((c) => [c.memberId]),
    },
    { name: teamRollbackFileName(kind), header, rows: changes.map((c) => insertRow(crm, c, c.oldUserId)) },
  ];
  const kept = n - inserts.length;
  const already = kept > 0 ? ` (${kept} already on the team: only removed)` : '';
  const how = crm === 'salesforce' ? 'Data Loader: insert' : 'insert';
  return {
    kind,
    files,
    note:
      `${members} replaced${already}: ${how} ${teamInsertFileName(kind)}, then delete ${teamDeleteFileName(kind)}; ` +
      `to roll back, insert ${teamRollbackFileName(kind)} and delete the new members by the ids in the insert's success file`,
  };
}

/** The team changes of a plan's moves, with each membership's role and access and whether its new owner is on the team already. */
export function teamChanges(context: AuditContext, moves: Move[]): TeamChange[] {
  const moved = moves.filter((m) => isMembershipKind(m.record.kind) && m.record.accountId !== null);
  if (moved.length === 0) return [];
  const { db } = context;
  const details = new Map(
    db
      .prepare<[string], { key: number; details: string | null }>(
        'SELECT key, details FROM records WHERE key IN (SELECT value FROM json_each(?))',
      )
      .all(JSON.stringify(moved.map((m) => m.record.key)))
      .map((row) => [row.key, row.details ? (JSON.parse(row.details) as Partial<Record<Field, string>>) : {}]),
  );
  // Who is on which team already, for the kinds and new owners concerned.
  const members = new Set<string>();
  for (const kind of new Set(moved.map((m) => m.record.kind))) {
    const owners = [...new Set(moved.filter((m) => m.record.kind === kind).map((m) => m.to.id))];
    const rows = db
      .prepare<[string], { parent: string; user: string }>(
        `SELECT r.account_id AS parent, r.owner_id AS user FROM records r WHERE ${context.allOfKind(kind)} AND r.owner_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(owners));
    for (const row of rows) members.add(`${kind}\n${row.parent}\n${row.user}`);
  }
  return moved.map(({ record, to }) => {
    const key = `${record.kind}\n${record.accountId}\n${to.id}`;
    const alreadyMember = members.has(key);
    // Two memberships handed to one owner on one team: the first inserts, the second only goes.
    members.add(key);
    return {
      kind: record.kind,
      memberId: record.id,
      parentId: record.accountId!,
      oldUserId: record.ownerId ?? record.owner,
      newUserId: to.id,
      values: details.get(record.key) ?? {},
      alreadyMember,
    };
  });
}
