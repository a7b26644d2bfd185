/**
 * Records whose email address may be on another record of their kind, found while records stream
 * past, so the split-ownership check reads those few records by key instead of grouping every
 * record by email.
 *
 * Each address is hashed to 32 bits; a table keeps, per hash, the first record that had it. A
 * record whose hash is already there is a candidate, and so is that first record. Every record whose
 * address is shared is a candidate (no misses); records whose hashes merely collide are too, and the
 * check's exact grouping by address drops them.
 */
import type { RecordKind } from '../../records/model.js';

/** FNV-1a over the UTF-16 code units; never 0, which marks an empty slot. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}

/** Per kind: hash -> the first record's number; the numbers of candidate records. */
class KindTable {
  hashes = new Uint32Array(1 << 16);
  /** The first record with the hash; -1 once it is a candidate. */
  firsts = new Int32Array(1 << 16);
  size = 0;
  readonly candidates: number[] = [];

  see(h: number, record: number): void {
    let slot = this.find(h);
    if (this.hashes[slot] === h) {
      if (this.firsts[slot] >= 0) {
        this.candidates.push(this.firsts[slot]);
        this.firsts[slot] = -1;
      }
      this.candidates.push(record);
      return;
    }
    if ((this.size + 1) * 4 > this.hashes.length * 3) {
      this.grow();
      slot = this.find(h);
    }
    this.hashes[slot] = h;
    this.firsts[slot] = record;
    this.size++;
  }

  private find(h: number): number {
    const mask = this.hashes.length - 1;
    let slot = (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
    while (this.hashes[slot] !== 0 && this.hashes[slot] !== h) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { hashes, firsts } = this;
    this.hashes = new Uint32Array(hashes.length * 2);
    this.firsts = new Int32Array(hashes.length * 2);
    for (let slot = 0; slot < hashes.length; slot++) {
      if (hashes[slot] === 0) continue;
      const to = this.find(hashes[slot]);
      this.hashes[to] = hashes[slot];
      this.firsts[to] = firsts[slot];
    }
  }
}

export class SharedEmails {
  private readonly tables = new Map<RecordKind, KindTable>();

  /** Notes the email key (trimmed and lower-cased) of the record numbered `record` in its kind. */
  see(kind: RecordKind, emailKey: string, record: number): void {
    let table = this.tables.get(kind);
    if (!table) this.tables.set(kind, (table = new KindTable()));
    table.see(hash(emailKey), record);
  }

  /** The numbers of the candidate records of each kind, ascending. */
  candidates(): { kind: RecordKind; records: number[] }[] {
    return [...this.tables].map(([kind, table]) => ({ kind, records: [...table.candidates].sort((a, b) => a - b) }));
  }
}
