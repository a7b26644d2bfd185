/**
 * Owner references: by id (after id normalisation), then email (case-insensitive), then name
 * (case-insensitive, whitespace collapsed); an email or a name two owners share is ambiguous; an `00G` id in no
 * owners file is a queue. Placeholders (ids, emails, names or raw values) mean "nobody".
 */
import type { Owner } from './readExport.js';
import { EMPTY_LOOKUP, isSalesforceId, normaliseId } from './salesforceId.js';

export type Resolution =
  | { state: 'none' }
  | { state: 'placeholder' }
  | { state: 'owner'; owner: Owner }
  | { state: 'unknown'; ambiguous: boolean };

const nameKey = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();

export class OwnerDirectory {
  private byId = new Map<string, Owner>();
  private byEmail = new Map<string, Owner[]>();
  private byName = new Map<string, Owner[]>();
  private placeholderIds = new Set<string>();
  private placeholderKeys = new Set<string>();
  /** Queues known only by the `00G` ids records name, in the order first named. */
  readonly queues = new Map<string, Owner>();

  constructor(owners: Owner[], placeholders: string[] = []) {
    for (const owner of owners) {
      if (!this.byId.has(owner.id)) this.byId.set(owner.id, owner);
      const email = owner.email.trim().toLowerCase();
      if (email) this.byEmail.set(email, [...(this.byEmail.get(email) ?? []), owner]);
      const name = nameKey(owner.name);
      if (name) this.byName.set(name, [...(this.byName.get(name) ?? []), owner]);
    }
    for (const placeholder of placeholders) {
      this.placeholderKeys.add(nameKey(placeholder));
      const found = this.find(placeholder);
      if (found.state === 'owner') this.placeholderIds.add(found.owner.id);
    }
  }

  /** The owner a value names, ignoring placeholders. */
  find(raw: string): Resolution {
    const value = raw.trim();
    if (value === '' || value === EMPTY_LOOKUP) return { state: 'none' };
    const byId = this.byId.get(normaliseId(value));
    if (byId) return { state: 'owner', owner: byId };
    if (isSalesforceId(value) && value.startsWith('00G')) {
      const id = normaliseId(value);
      if (!this.queues.has(id))
        this.queues.set(id, { id, name: '', email: '', active: true, type: 'queue', territories: [], capacity: {} });
      return { state: 'owner', owner: this.queues.get(id)! };
    }
    // An email two owners share (a team mailbox) names neither, as a shared name does not.
    const byEmail = this.byEmail.get(value.toLowerCase()) ?? [];
    if (byEmail.length === 1) return { state: 'owner', owner: byEmail[0]! };
    if (byEmail.length > 1) return { state: 'unknown', ambiguous: true };
    const byName = this.byName.get(nameKey(value)) ?? [];
    if (byName.length === 1) return { state: 'owner', owner: byName[0]! };
    return { state: 'unknown', ambiguous: byName.length > 1 };
  }

  resolve(raw: string): Resolution {
    const found = this.find(raw);
    if (found.state === 'none') return found;
    if (this.placeholderKeys.has(nameKey(raw))) return { state: 'placeholder' };
    if (found.state === 'owner' && this.placeholderIds.has(found.owner.id)) return { state: 'placeholder' };
    return found;
  }
}
