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
  | 'converted';

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
