/**
 * Email addresses that may be on more than one record of a kind, found while records stream past,
 * so the split-ownership check groups those few records instead of sorting every record by email.
 *
 * Each address sets one bit of a hash bitmap; an address whose bit is already set is a candidate.
 * Every address met twice is a candidate (no misses); a few others are too, where hashes collide,
 * and the check's exact grouping drops them. The bitmap's size is fixed, whatever the number of rows.
 */
import type { RecordKind } from './model.js';
import { detached } from './values.js';

const BITS = 1 << 26;

/** FNV-1a over the UTF-16 code units. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class SharedEmails {
  private readonly seen = new Map<RecordKind, Uint32Array>();
  private readonly candidates = new Map<RecordKind, Set<string>>();

  /** Notes an email key (trimmed and lower-cased) of a record of the kind. */
  see(kind: RecordKind, emailKey: string): void {
    let bits = this.seen.get(kind);
    if (!bits) this.seen.set(kind, (bits = new Uint32Array(BITS / 32)));
    const bit = hash(emailKey) & (BITS - 1);
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    if ((bits[word] & mask) === 0) {
      bits[word] |= mask;
      return;
    }
    let set = this.candidates.get(kind);
    if (!set) this.candidates.set(kind, (set = new Set()));
    set.add(detached(emailKey));
  }

  /** The candidate email keys of each kind. */
  list(): { kind: RecordKind; emails: string[] }[] {
    return [...this.candidates].map(([kind, emails]) => ({ kind, emails: [...emails] }));
  }
}
