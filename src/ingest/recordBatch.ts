/**
 * Records as the reader hands them to the writer. What repeats from record to record — the owner as
 * exported with all that was resolved from it — crosses as a small number into a table whose new
 * entries come with each batch; the rest as packed text (packedRows.ts).
 *
 * The writer expands the rows back and, on the way, finds each contact's account, counts the owner
 * groups and notes the shared emails: that work is cheap where the owners are numbers, and it
 * evens out the two threads, the reader being the busier.
 */
import { AccountDirectory, type OwnerIssue, type OwnerResolution } from './directory.js';
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
  /** Per record: id, name, email key, account id, account name, created, last activity, raw; line, owner ref. */
  rows: PackedRows;
  /** Owner refs first used in this batch, numbered on from the earlier batches'. */
  newRefs: OwnerRef[];
  /** Whether records of the load may name their account by name (Dynamics, Pipedrive): only then are account names kept. */
  accountNames: boolean;
}

/** A record as the reader has it, ready to store. */
export interface ReadRecord {
  id: string;
  name: string;
  emailKey: string;
  /** The account it names, by id or (when there is no id) by name; '' for none. */
  accountId: string;
  accountName: string;
  created: string;
  lastActivity: string;
  line: number;
  raw: string;
}

/** Columns of the records table, in the order the writer's rows give them. */
export const RECORD_COLUMNS = [
  'id', 'name', 'email_key', 'owner', 'owner_id', 'owner_issue', 'owner_active', 'owner_type',
  'account_id', 'account_owner_id', 'created', 'last_activity', 'line', 'raw',
] as const;

const PACKED_WIDTH = 10;

/** The reader's side: records in, batches out. One for a whole load: the refs it numbers hold for the load. */
export class RecordBatchBuilder {
  private readonly packer = new RowPacker(PACKED_WIDTH);
  private readonly refs = new Map<OwnerResolution, number>();
  private newRefs: OwnerRef[] = [];

  /** `refOf` tells what an owner value resolved to. */
  constructor(
    private readonly refOf: (owner: string, resolution: OwnerResolution) => OwnerRef,
    private readonly accountNames: boolean,
  ) {}

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
    const p = this.packer;
    p.push(record.id);
    p.push(record.name);
    p.push(record.emailKey);
    p.push(record.accountId === '' ? null : record.accountId);
    // A name is needed only to find an account when there is no id.
    p.push(record.accountId === '' && record.accountName !== '' ? record.accountName : null);
    p.push(record.created);
    p.push(record.lastActivity);
    p.push(record.raw);
    p.push(record.line);
    p.push(ref);
  }

  take(): RecordBatch {
    const batch = { rows: this.packer.take(), newRefs: this.newRefs, accountNames: this.accountNames };
    this.newRefs = [];
    return batch;
  }
}

/** The writer's side: batches in, rows of RECORD_COLUMNS out; accounts found, owner groups and shared emails counted. */
export class RecordBatchExpander {
  private readonly refs: OwnerRef[] = [];
  private accounts?: AccountDirectory;
  /** Records by kind, owner ref and account owner id. */
  private readonly counts = new Map<RecordKind, Map<string | null, number>[]>();
  /** Records expanded so far, by kind: the number of the next one. */
  private readonly expanded = new Map<RecordKind, number>();
  readonly sharedEmails = new SharedEmails();

  expand(kind: RecordKind, batch: RecordBatch, row: (values: Value[]) => void): void {
    this.refs.push(...batch.newRefs);
    const accounts = (this.accounts ??= new AccountDirectory(batch.accountNames));
    let counts = this.counts.get(kind);
    if (!counts) this.counts.set(kind, (counts = []));
    const values: Value[] = new Array(RECORD_COLUMNS.length);
    let record = this.expanded.get(kind) ?? 0;
    forEachRow(batch.rows, (packed) => {
      const id = packed[0] as string;
      const name = packed[1] as string;
      const emailKey = packed[2] as string;
      const refNumber = packed[9] as number;
      const ref = this.refs[refNumber];
      let accountId: string | null = null;
      let accountOwnerId: string | null = null;
      if (kind === 'accounts') {
        accounts.add(id, name, ref.ownerId);
      } else {
        const account = accounts.resolve((packed[3] as string | null) ?? '', (packed[4] as string | null) ?? '');
        if (account) ({ id: accountId, ownerId: accountOwnerId } = account);
        if (emailKey !== '') this.sharedEmails.see(kind, emailKey, record);
      }
      record++;
      const byAccountOwner = (counts[refNumber] ??= new Map());
      byAccountOwner.set(accountOwnerId, (byAccountOwner.get(accountOwnerId) ?? 0) + 1);
      values[0] = id;
      values[1] = name;
      values[2] = emailKey;
      values[3] = ref.owner;
      values[4] = ref.ownerId;
      values[5] = ref.issue;
      values[6] = ref.active;
      values[7] = ref.type;
      values[8] = accountId;
      values[9] = accountOwnerId;
      values[10] = packed[5]; // created
      values[11] = packed[6]; // last activity
      values[12] = packed[8]; // line
      values[13] = packed[7]; // raw
      row(values);
    });
    this.expanded.set(kind, record);
  }

  /** The owner groups of all records expanded (see store/schema.ts). */
  groups(): OwnerGroup[] {
    const groups = new OwnerGroups();
    for (const [kind, counts] of this.counts) {
      counts.forEach((byAccountOwner, refNumber) => {
        const { owner, ownerId, issue, active, type } = this.refs[refNumber];
        for (const [accountOwnerId, records] of byAccountOwner) groups.count(kind, ownerId, issue, owner, active, type, accountOwnerId, records);
      });
    }
    return groups.list();
  }
}
