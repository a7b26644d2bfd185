/**
 * Resolving references within a snapshot: a record's owner value against the owners (by id, then
 * email, then name), and a contact's account against the accounts (by id, then name).
 */
import { IdIndex } from './idIndex.js';
import { detached } from './detached.js';
import type { OwnerRecord, RecordKind } from './model.js';
import { kindOfSalesforcePrefix, OWNERS_KIND, type ParentField } from '../kinds/registry.js';
import { EMPTY_SALESFORCE_ID, isQueueId, toSalesforceId18 } from './salesforceId.js';

export type OwnerIssue = 'empty' | 'unknown' | 'ambiguous' | 'deactivated';

export interface OwnerResolution {
  ownerId?: string;
  issue?: OwnerIssue;
}

/** Names compare case-insensitively (all of Unicode, not only ASCII) with whitespace collapsed. */
export function nameKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** HubSpot writes this in place of the name of an owner who was deactivated. */
const HUBSPOT_DEACTIVATED = 'deactivated user';

function addTo(index: Map<string, string[]>, key: string, id: string): void {
  if (key === '') return;
  const ids = index.get(key);
  if (!ids) index.set(detached(key), [id]);
  else if (!ids.includes(id)) ids.push(id);
}

export class OwnerDirectory {
  private readonly byId = new Map<string, OwnerRecord>();
  private readonly byEmail = new Map<string, string[]>();
  private readonly byName = new Map<string, string[]>();
  private readonly cache = new Map<string, OwnerResolution>();

  /** `onQueue` is told of each queue id met in records but missing from the owners files. */
  constructor(private readonly onQueue: (queue: OwnerRecord) => void = () => {}) {}

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): OwnerRecord | undefined {
    return this.byId.get(id);
  }

  add(owner: OwnerRecord): void {
    this.byId.set(owner.id, owner);
    addTo(this.byEmail, owner.email.trim().toLowerCase(), owner.id);
    addTo(this.byName, nameKey(owner.name), owner.id);
    this.cache.clear();
  }

  /** Resolves an owner value; the answer for a value is computed once per load. */
  resolve(raw: string): OwnerResolution {
    let resolution = this.cache.get(raw);
    if (!resolution) {
      resolution = this.lookup(raw.trim());
      this.cache.set(detached(raw), resolution);
    }
    return resolution;
  }

  /** The owners an ambiguous value fits (by email, else by name); none when it fits one or none. */
  matches(raw: string): OwnerRecord[] {
    const value = raw.trim();
    const ids = this.byEmail.get(value.toLowerCase()) ?? this.byName.get(nameKey(value)) ?? [];
    return ids.length > 1 ? ids.map((id) => this.byId.get(id)!) : [];
  }

  /** Like `resolve`, for references outside records (placeholders, rules, --to): no queue is invented. */
  find(raw: string): OwnerResolution {
    return this.lookup(raw.trim(), false);
  }

  private lookup(value: string, inventQueues = true): OwnerResolution {
    if (value === '' || value === EMPTY_SALESFORCE_ID) return { issue: 'empty' };
    const id = toSalesforceId18(value);
    if (this.byId.has(value)) return { ownerId: value };
    if (this.byId.has(id)) return { ownerId: id };
    if (isQueueId(id) && inventQueues) {
      // A queue id not in the owners file is still a known, active owner.
      const queue: OwnerRecord = {
        id,
        name: id,
        email: '',
        active: true,
        type: 'queue',
        territories: [],
        team: '',
        capacity: {},
      };
      this.add(queue);
      this.onQueue(queue);
      return { ownerId: id };
    }
    const byEmail = this.byEmail.get(value.toLowerCase());
    if (byEmail) return byEmail.length === 1 ? { ownerId: byEmail[0] } : { issue: 'ambiguous' };
    const key = nameKey(value);
    const byName = this.byName.get(key);
    if (byName) return byName.length === 1 ? { ownerId: byName[0] } : { issue: 'ambiguous' };
    if (key === HUBSPOT_DEACTIVATED) return { issue: 'deactivated' };
    return { issue: 'unknown' };
  }
}

export interface AccountRef {
  id: string;
  /** The account's resolved owner. */
  ownerId: string | null;
}

/** Accounts of a snapshot, for contacts that name theirs by id or (Dynamics, Pipedrive) by name. */
export class AccountDirectory {
  /** Account ids, to their place in `accounts`. */
  private readonly byId = new IdIndex();
  private readonly accounts: AccountRef[] = [];
  private readonly byName = new Map<string, string[]>();

  /** `keepNames`: whether contacts may name their account (only then are names kept). */
  constructor(private readonly keepNames = true) {}

  add(id: string, name: string, ownerId: string | null): void {
    if (!this.byId.add(id, this.accounts.length)) return;
    this.accounts.push({ id: detached(id), ownerId });
    if (this.keepNames) addTo(this.byName, nameKey(name), id);
  }

  /** The account, or undefined when the reference is empty, unknown or an ambiguous name. */
  resolve(id: string, name: string): AccountRef | undefined {
    if (id !== '') return this.accounts[this.byId.get(id)];
    const ids = this.byName.get(nameKey(name));
    return ids?.length === 1 ? this.accounts[this.byId.get(ids[0])] : undefined;
  }
}

/** A record another one belongs to: its id, kind and resolved owner. */
export interface ParentRef extends AccountRef {
  kind: RecordKind;
}

/**
 * Records of the kinds that other records may point at by id (an activity's contact, lead,
 * opportunity or case), kept only for the kinds a load's files need: without activity or team files
 * the load keeps nothing more than before.
 */
export class ParentDirectory {
  private readonly byKind = new Map<RecordKind, { ids: IdIndex; owners: (string | null)[] }>();

  constructor(kinds: Iterable<RecordKind>) {
    for (const kind of kinds) this.byKind.set(kind, { ids: new IdIndex(), owners: [] });
  }

  /** Whether the kind's records are kept (some loaded kind may point at them). */
  keeps(kind: RecordKind): boolean {
    return this.byKind.has(kind);
  }

  add(kind: RecordKind, id: string, ownerId: string | null): void {
    const entry = this.byKind.get(kind);
    if (entry && entry.ids.add(id, entry.owners.length)) entry.owners.push(ownerId);
  }

  /**
   * The record a kind's parent fields point at: the first field whose id is found, among the kinds
   * that field may name — the one its Salesforce key prefix names first.
   */
  resolve(fields: readonly ParentField[], refs: readonly string[], salesforce: boolean): ParentRef | undefined {
    for (let i = 0; i < fields.length; i++) {
      const id = refs[i];
      if (!id) continue;
      const byPrefix = salesforce ? kindOfSalesforcePrefix(id.slice(0, 3)) : undefined;
      const kinds =
        byPrefix !== undefined && byPrefix !== OWNERS_KIND && fields[i].kinds.includes(byPrefix)
          ? [byPrefix]
          : fields[i].kinds;
      for (const kind of kinds) {
        const entry = this.byKind.get(kind);
        const at = entry ? entry.ids.get(id) : -1;
        if (at >= 0) return { id: detached(id), kind, ownerId: entry!.owners[at] };
      }
    }
    return undefined;
  }
}
