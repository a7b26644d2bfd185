/** The canonical fields every preset maps its columns onto; the kinds are in kinds/registry.ts. */
import type { RecordKind } from '../kinds/registry.js';

export { FILE_KINDS, isFileKind, RECORD_KINDS, type FileKind, type RecordKind } from '../kinds/registry.js';

/** Canonical fields a column can map to. */
export type Field =
  | 'id'
  | 'name'
  | 'first_name'
  | 'last_name'
  | 'email'
  | 'owner'
  | 'account_id'
  | 'account_name'
  | 'active'
  | 'inactive'
  | 'user_type'
  | 'username'
  | 'territories'
  | 'capacity'
  | `capacity_${RecordKind}`
  | 'team'
  /** Owners files of teams (Dynamics "Teams" export): its rows are teams, of a queue's standing. */
  | 'team_type'
  | 'last_activity'
  | 'created'
  /** Opportunities and cases; `converted` for leads. */
  | 'stage'
  | 'closed'
  | 'won'
  | 'close_date'
  | 'amount'
  /** An opportunity amount's currency (`CurrencyIsoCode`), where the export has one. */
  | 'currency'
  | 'status'
  | 'converted'
  /** Activities: the task's due date, the event's start and end (or its start and length), whom and what it is about. */
  | 'due_date'
  | 'start'
  | 'end'
  | 'duration'
  | 'all_day'
  | 'who_id'
  | 'what_id'
  /** Team members: the record whose team it is, the member's role and access levels (the member is the owner field). */
  | 'opportunity_id'
  | 'role'
  | 'account_access'
  | 'opportunity_access'
  | 'case_access'
  | 'contact_access';

/** For each field, the header names (lower case, trimmed) that may hold it, best first. */
export type ColumnAliases = Partial<Record<Field, string[]>>;

/** Lower-cased, trimmed header: how headers are matched (legacy Data Loader files are ALL CAPS). */
export function headerKey(header: string): string {
  return header.trim().toLowerCase();
}

/** A user or queue as read from an owners file. */
export interface OwnerRecord {
  id: string;
  name: string;
  email: string;
  active: boolean;
  type: 'user' | 'queue' | 'system';
  territories: string[];
  team: string;
  capacity: Partial<Record<RecordKind, number>>;
}

/** A record of any kind as read from its file, before owner resolution. */
export interface CrmRecord {
  id: string;
  name: string;
  email: string;
  /** Account reference by id (contacts and leads). */
  accountId: string;
  /**
   * For kinds with parent fields (registry `parentFields`): the ids each field names, in that order,
   * '' where empty; the first that is found in the snapshot is the parent.
   */
  parentRefs?: string[];
  /** Account reference by name, where the export gives only the name (Dynamics, Pipedrive). */
  accountName: string;
  /** The owner value as exported: an id, email or name. */
  owner: string;
  /** ISO date (YYYY-MM-DD) or empty. */
  lastActivity: string;
  /** ISO date-time as far as known, or empty. */
  created: string;
  /** A closed opportunity or case, or a converted lead: history, not audited or planned. */
  closed: boolean;
  /** JSON of the kind's extra canonical fields (stage, won, close date, amount, status), or null. */
  details: string | null;
}
