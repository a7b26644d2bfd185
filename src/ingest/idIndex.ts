/**
 * Ids of a kind mapped to small numbers (their order of arrival), for finding duplicate rows and
 * for a contact's account. A load meets millions of ids: kept as strings in a Map they would cost
 * about a hundred bytes each and most of the reader's time in hashing and garbage collection.
 *
 * Ids of up to 20 letters and digits (Salesforce, HubSpot and most CRMs' ids) are encoded exactly
 * into four 30-bit words — five base-63 digits each, one per character, 0 past the end — and kept in an
 * open-addressing table of typed arrays. Any other id (a GUID, an id with punctuation) goes in a Map.
 */
import { detached } from './values.js';

const WORDS = 4;
const CHARS_PER_WORD = 5;
const MAX_CHARS = WORDS * CHARS_PER_WORD;

/** A character's digit, 1–62, or 0 when it is not a letter or digit. */
const DIGIT = new Uint8Array(128);
'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split('').forEach((c, i) => (DIGIT[c.charCodeAt(0)] = i + 1));

export class IdIndex {
  private keys = new Uint32Array(WORDS * 1024);
  private values: Int32Array;
  private mask = 1023;
  private stored = 0;
  private readonly others = new Map<string, number>();
  private readonly key = new Uint32Array(WORDS);

  /** Without `values`, the index is a set: it stores no numbers (a fifth less memory) and `get` gives 0 for an id it has. */
  constructor(private readonly withValues = true) {
    this.values = new Int32Array(withValues ? 1024 : 0);
  }

  get size(): number {
    return this.stored + this.others.size;
  }

  /** The number stored with the id, or -1 when it is not there. */
  get(id: string): number {
    if (!this.encode(id)) return this.others.get(id) ?? -1;
    const slot = this.find();
    if (this.keys[slot * WORDS] === 0) return -1;
    return this.withValues ? this.values[slot] : 0;
  }

  /** Stores the id with `value` unless it is there already: returns false then, keeping the first. */
  add(id: string, value: number): boolean {
    if (!this.encode(id)) {
      if (this.others.has(id)) return false;
      this.others.set(detached(id), value);
      return true;
    }
    let slot = this.find();
    if (this.keys[slot * WORDS] !== 0) return false;
    if ((this.stored + 1) * 4 > (this.mask + 1) * 3) {
      this.grow();
      slot = this.find();
    }
    this.keys.set(this.key, slot * WORDS);
    if (this.withValues) this.values[slot] = value;
    this.stored++;
    return true;
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

  /** The slot holding `this.key`, or the empty slot where it would go. */
  private find(): number {
    const { key, keys, mask } = this;
    // Ids often differ only in their last few characters: every word is mixed into every bit.
    let hash = 0;
    for (let i = 0; i < WORDS; i++) {
      hash = Math.imul(hash ^ key[i], 0x9e3779b1);
      hash ^= hash >>> 15;
    }
    hash = Math.imul(hash, 0x85ebca77);
    hash ^= hash >>> 13;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot * WORDS;
      if (keys[at] === 0) return slot;
      if (keys[at] === key[0] && keys[at + 1] === key[1] && keys[at + 2] === key[2] && keys[at + 3] === key[3]) return slot;
    }
  }

  /** Makes room for about `ids` ids at once, rather than growing step by step as they come. */
  reserve(ids: number): void {
    let slots = this.mask + 1;
    while (slots * 3 < ids * 4) slots *= 2;
    if (slots > this.mask + 1) this.grow(slots);
  }

  private grow(slots = (this.mask + 1) * 2): void {
    const { keys, values } = this;
    const key = this.key.slice();
    this.keys = new Uint32Array(slots * WORDS);
    this.values = new Int32Array(this.withValues ? slots : 0);
    this.mask = slots - 1;
    for (let slot = 0; slot < keys.length / WORDS; slot++) {
      const at = slot * WORDS;
      if (keys[at] === 0) continue;
      for (let i = 0; i < WORDS; i++) this.key[i] = keys[at + i];
      const to = this.find();
      for (let i = 0; i < WORDS; i++) this.keys[to * WORDS + i] = this.key[i];
      if (this.withValues) this.values[to] = values[slot];
    }
    this.key.set(key);
  }
}
