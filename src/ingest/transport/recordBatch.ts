/**
 * Records as the reader hands them to the writer. What repeats from record to record — the owner as
 * exported with all that was resolved from it, the account's owner — crosses as small numbers into
 * tables whose new entries come with each batch; the rest as packed text (packedRows.ts).
 *
 * The writer expands the rows back and, on the way, counts the owner groups (cheap where owners
 * are numbers) and notes shared email addresses: work taken off the reader, which has the more to
 * do per record.
 */
import type { OwnerIssue, OwnerResolution } from '../../records/directory.js';
import { kindHas, kindSpec } from '../../kinds/registry.js';
import type { RecordKind } from '../../records/model.js';
import { OwnerGroups, type OwnerGroup } from '../../records/ownerGroups.js';
import { forEachRow, RowPacker, type PackedRows, type Value } from '../../records/packedRows.js';
import { SharedEmails } from './sharedEmails.js';
import { detached } from '../../records/detached.js';

/** An owner value as exported, and what it resolved to. */
export interface OwnerRef {
  owner: string;
  ownerId: string | null;
  issue: OwnerIssue | null;
  active: number | null;
  type: string | null;
}

export interface RecordBatch {
  /** Per record: the RECORD_ROW fields in order, then its owner ref and account owner (numbers). */
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
  /** 1: history — a closed opportunity or case, a converted lead. */
  closed: 0 | 1;
  /** JSON of the kind's extra fields, or null. */
  details: string | null;
  line: number;
  raw: string;
}

/**
 * The record row, declared once: each field of a ReadRecord that crosses as it is, with the column
 * that stores it. Packing, the hand-over to the writer and the INSERT all follow this list. In the
 * writer's rows, the columns filled from numbers (the owner as resolved, the account's owner) come
 * after the plain fields, and the history fields last (see `recordColumns`).
 */
export const RECORD_ROW = [
  ['id', 'id'],
  ['name', 'name'],
  ['emailKey', 'email_key'],
  ['accountId', 'account_id'],
  ['created', 'created'],
  ['lastActivity', 'last_activity'],
  ['line', 'line'],
  ['raw', 'raw'],
  // History fields: only kinds with closed records or details fill them.
  ['closed', 'closed'],
  ['details', 'details'],
] as const satisfies readonly (readonly [Exclude<keyof ReadRecord, 'accountOwnerId'>, string])[];

/** The history fields: the last of RECORD_ROW. */
const HISTORY_FIELDS = 2;

/** Columns filled from the record's owner ref (see OwnerRef), in order. */
const OWNER_REF_COLUMNS = ['owner', 'owner_id', 'owner_issue', 'owner_active', 'owner_type'] as const;

const PLAIN_COLUMNS = RECORD_ROW.slice(0, -HISTORY_FIELDS).map(([, column]) => column);
const HISTORY_COLUMNS = RECORD_ROW.slice(-HISTORY_FIELDS).map(([, column]) => column);

/** Columns of the records table, in the order the writer's rows give them. */
export const RECORD_COLUMNS = [...PLAIN_COLUMNS, ...OWNER_REF_COLUMNS, 'account_owner_id', ...HISTORY_COLUMNS] as const;

/** A column of the records table that a load writes (the others: `key`, `snapshot_id`, `kind`, `file_id`). */
export type RecordColumn = (typeof RECORD_COLUMNS)[number];

/**
 * The columns a load of the kind writes: a kind that has neither closed records nor details
 * (accounts, contacts) leaves `closed` and `details` to their defaults (0, NULL): the kinds with
 * the most records bind no more values per row than before those columns existed.
 */
export function recordColumns(kind: RecordKind): readonly string[] {
  const spec = kindSpec(kind);
  return spec.closed || spec.details.length > 0 ? RECORD_COLUMNS : RECORD_COLUMNS.slice(0, -HISTORY_FIELDS);
}

const FIELDS = RECORD_ROW.map(([field]) => field);
const at = (field: (typeof FIELDS)[number]) => FIELDS.indexOf(field);
/** Positions in a packed row: the fields, then the two numbers. */
const EMAIL_KEY = at('emailKey');
const CLOSED = at('closed');
const REF = FIELDS.length;
const ACCOUNT_OWNER = REF + 1;
const PACKED_WIDTH = FIELDS.length + 2;

/**
 * Pushes a record's RECORD_ROW fields in order. Built from the list, so that it reads fixed
 * properties as hand-written code would: a loop over the field names is a keyed look-up per value,
 * 70 ms more per million records (measured). The names are this module's own identifiers.
 */
const packFields = new Function('p', 'r', FIELDS.map((field) => `p.push(r.${field});`).join('\n')) as (
  packer: RowPacker,
  record: ReadRecord,
) => void;

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
    packFields(p, record);
    p.push(ref);
    p.push(accountOwner);
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
    // Only kinds with an email address are grouped by it (see audit/checks/splitOwnership.ts).
    const emails = kindHas(kind, 'email') ? this.shared : undefined;
    let record = this.stored.get(kind) ?? 0;
    const values: Value[] = new Array(RECORD_COLUMNS.length);
    const plain = PLAIN_COLUMNS.length;
    forEachRow(batch.rows, (packed) => {
      const emailKey = packed[EMAIL_KEY] as string;
      const open = packed[CLOSED] === 0;
      if (emails && emailKey !== '' && open) emails.see(kind, emailKey, record);
      record++;
      const refNumber = packed[REF] as number;
      const ref = this.refs[refNumber];
      const accountOwner = packed[ACCOUNT_OWNER] === null ? 0 : (packed[ACCOUNT_OWNER] as number) + 1;
      if (open) {
        const byAccountOwner = (counts[refNumber] ??= new Map());
        byAccountOwner.set(accountOwner, (byAccountOwner.get(accountOwner) ?? 0) + 1);
      }
      for (let i = 0; i < plain; i++) values[i] = packed[i];
      values[plain] = ref.owner;
      values[plain + 1] = ref.ownerId;
      values[plain + 2] = ref.issue;
      values[plain + 3] = ref.active;
      values[plain + 4] = ref.type;
      values[plain + 5] = accountOwner === 0 ? null : this.ownerIds[accountOwner - 1];
      for (let i = 0; i < HISTORY_FIELDS; i++) values[plain + 6 + i] = packed[plain + i];
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
          groups.count(
            kind,
            ownerId,
            issue,
            owner,
            active,
            type,
            accountOwner === 0 ? null : this.ownerIds[accountOwner - 1],
            records,
          );
        }
      });
    }
    return groups.list();
  }
}
