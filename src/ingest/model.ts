/** The record kinds and canonical fields every preset maps its columns onto. */

export const RECORD_KINDS = ['accounts', 'contacts', 'leads'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const FILE_KINDS = ['owners', ...RECORD_KINDS] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export function isFileKind(value: string): value is FileKind {
  return (FILE_KINDS as readonly string[]).includes(value);
}

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
  | 'capacity_accounts'
  | 'capacity_contacts'
  | 'capacity_leads'
  | 'team'
  | 'last_activity'
  | 'created';

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

/** An account, contact or lead as read from its file, before owner resolution. */
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
}
