/**
 * Rows as the reader hands them to the writer: every value of a batch in one string, with a table
 * of lengths. A structured clone of arrays of values costs the receiving thread about two
 * microseconds a row, more than SQLite takes to store it; one string crosses threads for the price
 * of a copy, and the writer slices the values back out of it.
 */

export interface PackedRows {
  /** The values' text, one after the other. */
  text: string;
  /** Per value: its length; -1 for null; -2 - length for a number written as text. */
  lengths: Int32Array;
  /** Values per row. */
  width: number;
}

export type Value = string | number | null;

export class RowPacker {
  private parts: string[] = [];
  private lengths = new Int32Array(1024);
  private count = 0;

  constructor(readonly width: number) {}

  get rows(): number {
    return this.count / this.width;
  }

  push(value: Value): void {
    if (this.count === this.lengths.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.lengths);
      this.lengths = grown;
    }
    if (value === null) {
      this.lengths[this.count++] = -1;
    } else if (typeof value === 'number') {
      const text = String(value);
      this.parts.push(text);
      this.lengths[this.count++] = -2 - text.length;
    } else {
      this.parts.push(value);
      this.lengths[this.count++] = value.length;
    }
  }

  /** The rows pushed so far, packed; the packer starts again empty. */
  take(): PackedRows {
    const packed = { text: this.parts.join(''), lengths: this.lengths.slice(0, this.count), width: this.width };
    this.parts = [];
    this.count = 0;
    return packed;
  }
}

/** Calls `row` with each row's values, in a reused array. */
export function forEachRow(packed: PackedRows, row: (values: Value[]) => void): void {
  const { text, lengths, width } = packed;
  const values: Value[] = new Array(width);
  for (let i = 0, at = 0; i < lengths.length; ) {
    for (let column = 0; column < width; column++, i++) {
      const length = lengths[i];
      if (length >= 0) {
        values[column] = text.slice(at, (at += length));
      } else if (length === -1) {
        values[column] = null;
      } else {
        const digits = -2 - length;
        values[column] = Number(text.slice(at, (at += digits)));
      }
    }
    row(values);
  }
}
