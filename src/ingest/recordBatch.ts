/**
 * Records as the reader hands them to the writer. What repeats from record to record — the owner as
 * exported with all that was resolved from it, the account's owner — crosses as small numbers into
 * tables whose new entries come with each batch; the rest as packed text (packedRows.ts).
 *
 * The writer expands the rows back and, on the way, counts the owner groups (cheap where owners
 * are numbers) and notes shared email addresses: work taken off the reader, which has the more to
 * do per record.
 */
import type { OwnerIssue, OwnerResolution } from './directory.js';
import { kindHas } from '../kinds/registry.js';
import type { RecordKind } from './model.js';
import { OwnerGroups, type OwnerGroup } from './ownerGroups.js';
import { forEachRow, RowPacker, type PackedRows, type Value } from './packedRows.js';
import { SharedEmails } from './sharedEmails.js';
import { detached } from './values.js';

/** An owner value as exported, and what it resolved to. */
export interface OwnerRef {
  owner: string;
  ownerId: string | null;
  issue: OwnerIssue | null;
  active: number | null;
  type: string | null;
}

export interface RecordBatch {
  /** Per record: id, name, email key, account id, created, last activity, raw, details; line, owner ref, account owner, closed (numbers). */
  rows: PackedRows;
  /** Owner refs and account owner ids first used in this batch, numbered on from the earlier batches'. */
  newRefs: OwnerRef[];
  newOwnerIds: string[];
}

/** A record as the reader has it, ready to store. */
export interface ReadRecord {
  id: string;
  name: string;
  emailKey: string;
  /** Its account's id and owner, when the account is in the snapshot. */
  accountId: string | null;
  accountOwnerId: string | null;
  created: string;
  lastActivity: string;
  /** History: a closed opportunity or case, a converted lead. */
  closed: boolean;
  /** JSON of the kind's extra fields, or null. */
  details: string | null;
  line: number;
  raw: string;
}

/** Columns of the records table, in the order the writer's rows give them. */
export const RECORD_COLUMNS = [
  'id', 'name', 'email_key', 'owner', 'owner_id', 'owner_issue', 'owner_active', 'owner_type',
  'account_id', 'account_owner_id', 'created', 'last_activity', 'closed', 'details', 'line', 'raw',
] as const;

const PACKED_WIDTH = 12;

/** The reader's side: records in, batches out. One for a whole load: the numbers it gives hold for the load. */
export class RecordBatchBuilder {
  private readonly packer = new RowPacker(PACKED_WIDTH);
  private readonly refs = new Map<OwnerResolution, number>();
  private readonly ownerIds = new Map<string, number>();
  private newRefs: OwnerRef[] = [];
  private newOwnerIds: string[] = [];

  /** `refOf` tells what an owner value resolved to. */
  constructor(private readonly refOf: (owner: string, resolution: OwnerResolution) => OwnerRef) {}

  get rows(): number {
    return this.packer.rows;
  }

  /**
   * `resolution` is the owner directory's answer for the owner value: the same object for the same
   * value (it caches them), so refs are numbered by that object, without hashing the value again.
   */
  add(record: ReadRecord, owner: string, resolution: OwnerResolution): void {
    let ref = this.refs.get(resolution);
    if (ref === undefined) {
      ref = this.refs.size;
      this.refs.set(resolution, ref);
      const resolved = this.refOf(owner, resolution);
      this.newRefs.push({ ...resolved, owner: detached(resolved.owner) });
    }
    let accountOwner: number | null = null;
    if (record.accountOwnerId !== null) {
      accountOwner = this.ownerIds.get(record.accountOwnerId) ?? null;
      if (accountOwner === null) {
        accountOwner = this.ownerIds.size;
        this.ownerIds.set(record.accountOwnerId, accountOwner);
        this.newOwnerIds.push(record.accountOwnerId);
      }
    }
    const p = this.packer;
    p.push(record.id);
    p.push(record.name);
    p.push(record.emailKey);
    p.push(record.accountId);
    p.push(record.created);
    p.push(record.lastActivity);
    p.push(record.raw);
    p.push(record.details);
    p.push(record.line);
    p.push(ref);
    p.push(accountOwner);
    p.push(record.closed ? 1 : 0);
  }

  take(): RecordBatch {
    const batch = { rows: this.packer.take(), newRefs: this.newRefs, newOwnerIds: this.newOwnerIds };
    this.newRefs = [];
    this.newOwnerIds = [];
    return batch;
  }
}

/**
 * The writer's side: batches in, rows of RECORD_COLUMNS out; owner groups counted and shared emails
 * noted for open records only (closed ones are history: counted, not audited).
 */
export class RecordBatchExpander {
  private readonly refs: OwnerRef[] = [];
  private readonly ownerIds: string[] = [];
  /** Records by kind, owner ref and account owner (number + 1; 0 for none). */
  private readonly counts = new Map<RecordKind, Map<number, number>[]>();
  /** Records expanded so far, by kind: the next record's number within its kind. */
  private readonly stored = new Map<RecordKind, number>();
  private readonly shared = new SharedEmails();

  expand(kind: RecordKind, batch: RecordBatch, row: (values: Value[]) => void): void {
    this.refs.push(...batch.newRefs);
    this.ownerIds.push(...batch.newOwnerIds);
    let counts = this.counts.get(kind);
    if (!counts) this.counts.set(kind, (counts = []));
    // Accounts are not grouped by email address (see audit/checks/splitOwnership.ts).
    const emails = kindHas(kind, 'email') ? this.shared : undefined;
    let record = this.stored.get(kind) ?? 0;
    const values: Value[] = new Array(RECORD_COLUMNS.length);
    forEachRow(batch.rows, (packed) => {
      const emailKey = packed[2] as string;
      const closed = packed[11] as number;
      if (emails && emailKey !== '' && closed === 0) emails.see(kind, emailKey, record);
      record++;
      const refNumber = packed[9] as number;
      const ref = this.refs[refNumber];
      const accountOwner = packed[10] === null ? 0 : (packed[10] as number) + 1;
      if (closed === 0) {
        const byAccountOwner = (counts[refNumber] ??= new Map());
        byAccountOwner.set(accountOwner, (byAccountOwner.get(accountOwner) ?? 0) + 1);
      }
      values[0] = packed[0]; // id
      values[1] = packed[1]; // name
      values[2] = emailKey;
      values[3] = ref.owner;
      values[4] = ref.ownerId;
      values[5] = ref.issue;
      values[6] = ref.active;
      values[7] = ref.type;
      values[8] = packed[3]; // account id
      values[9] = accountOwner === 0 ? null : this.ownerIds[accountOwner - 1];
      values[10] = packed[4]; // created
      values[11] = packed[5]; // last activity
      values[12] = closed;
      values[13] = packed[7]; // details
      values[14] = packed[8]; // line
      values[15] = packed[6]; // raw
      row(values);
    });
    this.stored.set(kind, record);
  }

  /** Per kind, the numbers (in order of storing) of the records whose email address may be on another. */
  sharedEmails(): { kind: RecordKind; records: number[] }[] {
    return this.shared.candidates();
  }

  /** The owner groups of all records expanded (see store/schema.ts). */
  groups(): OwnerGroup[] {
    const groups = new OwnerGroups();
    for (const [kind, counts] of this.counts) {
      counts.forEach((byAccountOwner, refNumber) => {
        const { owner, ownerId, issue, active, type } = this.refs[refNumber];
        for (const [accountOwner, records] of byAccountOwner) {
          groups.count(kind, ownerId, issue, owner, active, type, accountOwner === 0 ? null : this.ownerIds[accountOwner - 1], records);
        }
      });
    }
    return groups.list();
  }
}
