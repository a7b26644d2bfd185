/**
 * Rows as one thread hands them to another: every string of a batch in one string, with a table of
 * lengths, and the numbers apart. A structured clone of arrays of values costs the receiving thread
 * about two microseconds a row, more than SQLite takes to store it; one string crosses threads for
 * the price of a copy, and the receiver slices the values back out of it.
 */

export interface PackedRows {
  /** The strings' text, one after the other. */
  text: string;
  /** Per value: a string's length; -1 for null; -2 for the next of `numbers`. */
  lengths: Int32Array;
  numbers: Float64Array;
  /** Values per row. */
  width: number;
}

export type Value = string | number | null;

const NULL = -1;
const NUMBER = -2;

/** A growable typed array. */
class Column<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(public values: T) {}

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new (this.values.constructor as new (n: number) => T)(this.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  take(): T {
    const values = this.values.slice(0, this.length) as T;
    this.length = 0;
    return values;
  }
}

export class RowPacker {
  private parts: string[] = [];
  private readonly lengths = new Column(new Int32Array(1024));
  private readonly numbers = new Column(new Float64Array(256));

  constructor(readonly width: number) {}

  get rows(): number {
    return this.lengths.length / this.width;
  }

  push(value: Value): void {
    if (value === null) {
      this.lengths.push(NULL);
    } else if (typeof value === 'number') {
      this.lengths.push(NUMBER);
      this.numbers.push(value);
    } else {
      this.parts.push(value);
      this.lengths.push(value.length);
    }
  }

  /** The rows pushed so far, packed; the packer starts again empty. */
  take(): PackedRows {
    // concat() is several times faster than join('') over many short strings; it takes them as
    // arguments, so a few thousand at a time.
    let text = '';
    for (let i = 0; i < this.parts.length; i += 8192)
      text += String.prototype.concat.apply('', this.parts.slice(i, i + 8192));
    this.parts = [];
    return { text, lengths: this.lengths.take(), numbers: this.numbers.take(), width: this.width };
  }
}

/** Calls `row` with each row's values, in a reused array. */
export function forEachRow(packed: PackedRows, row: (values: Value[]) => void): void {
  const { text, lengths, numbers, width } = packed;
  const values: Value[] = new Array(width);
  for (let i = 0, at = 0, n = 0; i < lengths.length;) {
    for (let column = 0; column < width; column++, i++) {
      const length = lengths[i];
      if (length >= 0) values[column] = text.slice(at, (at += length));
      else if (length === NULL) values[column] = null;
      else values[column] = numbers[n++];
    }
    row(values);
  }
}
