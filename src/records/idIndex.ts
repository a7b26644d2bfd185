/**
 * Ids of a kind mapped to small numbers (their order of arrival), for finding duplicate rows and
 * for a contact's account. A load meets millions of ids: kept as strings in a Map they would cost
 * about a hundred bytes each and most of the reader's time in hashing and garbage collection.
 *
 * Ids of up to 20 letters and digits (Salesforce, HubSpot and most CRMs' ids) are encoded exactly
 * into four 30-bit words — five base-63 digits each, one per character, 0 past the end — kept one
 * after another in order of arrival. An open-addressing table finds them: per slot a one-byte tag
 * from the id's hash and the id's number. Most look-ups of a new id read only the tags, and an
 * insertion writes one tag and one number at random places: random accesses are what a large index
 * costs (each one a likely miss of the caches and the address translation buffers), so they go to
 * the smallest arrays, and the keys themselves are written in order. Any other id (a GUID, an id with
 * punctuation) goes in a Map.
 */
import { detached } from './detached.js';

const WORDS = 4;
const CHARS_PER_WORD = 5;
const MAX_CHARS = WORDS * CHARS_PER_WORD;
const FIRST_SLOTS = 1024;

/** A character's digit, 1–62, or 0 when it is not a letter or digit. */
const DIGIT = new Uint8Array(128);
'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  .split('')
  .forEach((c, i) => (DIGIT[c.charCodeAt(0)] = i + 1));

/** The hash of a key's four words: ids often differ only in their last few characters, so every word is mixed into every bit. */
function hashOf(w0: number, w1: number, w2: number, w3: number): number {
  let hash = Math.imul(w0, 0x9e3779b1);
  hash ^= hash >>> 15;
  hash = Math.imul(hash ^ w1, 0x9e3779b1);
  hash ^= hash >>> 15;
  hash = Math.imul(hash ^ w2, 0x9e3779b1);
  hash ^= hash >>> 15;
  hash = Math.imul(hash ^ w3, 0x9e3779b1);
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x85ebca77);
  return hash ^ (hash >>> 13);
}

/** A slot's tag: 1–255 from the hash's top byte (its low bits choose the slot); 0 marks an empty slot. */
const tagOf = (hash: number) => hash >>> 24 || 1;

export class IdIndex {
  private tags = new Uint8Array(FIRST_SLOTS);
  /** Per slot, the number (order of arrival) of the id it holds. */
  private slots = new Uint32Array(FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  /** Encoded ids, WORDS words each, in order of arrival. */
  private keys = new Uint32Array(WORDS * FIRST_SLOTS);
  /** The number given with each id, in order of arrival. */
  private values: Int32Array;
  private stored = 0;
  private readonly others = new Map<string, number>();
  private readonly key = new Uint32Array(WORDS);
  /** The tag of the key last looked for. */
  private tag = 0;

  /** Without `values`, the index is a set: it stores no numbers and `get` gives 0 for an id it has. */
  constructor(private readonly withValues = true) {
    this.values = new Int32Array(withValues ? FIRST_SLOTS : 0);
  }

  get size(): number {
    return this.stored + this.others.size;
  }

  /** The number stored with the id, or -1 when it is not there. */
  get(id: string): number {
    if (!this.encode(id)) return this.others.get(id) ?? -1;
    const slot = this.find();
    if (this.tags[slot] === 0) return -1;
    return this.withValues ? this.values[this.slots[slot]] : 0;
  }

  /** Stores the id with `value` unless it is there already: returns false then, keeping the first. */
  add(id: string, value: number): boolean {
    if (!this.encode(id)) {
      if (this.others.has(id)) return false;
      this.others.set(detached(id), value);
      return true;
    }
    let slot = this.find();
    if (this.tags[slot] !== 0) return false;
    const n = this.stored;
    if ((n + 1) * 4 > (this.mask + 1) * 3) {
      this.rehash((this.mask + 1) * 2);
      slot = this.find();
    }
    if (n * WORDS === this.keys.length) this.makeRoom(n * 2);
    this.tags[slot] = this.tag;
    this.slots[slot] = n;
    this.keys.set(this.key, n * WORDS);
    if (this.withValues) this.values[n] = value;
    this.stored = n + 1;
    return true;
  }

  /** Makes room for about `ids` ids at once, rather than growing step by step as they come. */
  reserve(ids: number): void {
    let slots = this.mask + 1;
    while (slots * 3 < ids * 4) slots *= 2;
    if (slots > this.mask + 1) this.rehash(slots);
    if (ids * WORDS > this.keys.length) this.makeRoom(ids);
  }

  /** Encodes `id` into `this.key`; false when it has a character that is not a letter or digit, or is too long. */
  private encode(id: string): boolean {
    const length = id.length;
    if (length === 0 || length > MAX_CHARS) return false;
    const key = this.key;
    for (let word = 0, at = 0; word < WORDS; word++) {
      let value = 0;
      for (const end = at + CHARS_PER_WORD; at < end; at++) {
        let digit = 0;
        if (at < length) {
          const code = id.charCodeAt(at);
          digit = code < 128 ? DIGIT[code] : 0;
          if (digit === 0) return false;
        }
        value = value * 63 + digit;
      }
      key[word] = value;
    }
    return true;
  }

  /** The slot holding `this.key`, or the empty slot where it would go; sets `this.tag`. */
  private find(): number {
    const { key, keys, tags, slots, mask } = this;
    const hash = hashOf(key[0], key[1], key[2], key[3]);
    const tag = tagOf(hash);
    this.tag = tag;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = tags[slot];
      if (found === 0) return slot;
      if (found !== tag) continue;
      const at = slots[slot] * WORDS;
      if (keys[at] === key[0] && keys[at + 1] === key[1] && keys[at + 2] === key[2] && keys[at + 3] === key[3])
        return slot;
    }
  }

  /** Room for `ids` ids in the arrays kept in order of arrival. */
  private makeRoom(ids: number): void {
    const keys = new Uint32Array(ids * WORDS);
    keys.set(this.keys.subarray(0, this.stored * WORDS));
    this.keys = keys;
    if (!this.withValues) return;
    const values = new Int32Array(ids);
    values.set(this.values.subarray(0, this.stored));
    this.values = values;
  }

  /** A table of `size` slots for the ids stored (all distinct: no comparison needed). */
  private rehash(size: number): void {
    const tags = new Uint8Array(size);
    const slots = new Uint32Array(size);
    const mask = size - 1;
    const keys = this.keys;
    for (let n = 0; n < this.stored; n++) {
      const at = n * WORDS;
      const hash = hashOf(keys[at], keys[at + 1], keys[at + 2], keys[at + 3]);
      let slot = hash & mask;
      while (tags[slot] !== 0) slot = (slot + 1) & mask;
      tags[slot] = tagOf(hash);
      slots[slot] = n;
    }
    this.tags = tags;
    this.slots = slots;
    this.mask = mask;
  }
}
