/**
 * Cell patterns of a territory rules file (README, "Territory rules").
 *
 *   empty or *            anything (also a missing or empty value)
 *   CA                    equal, case-insensitive, both sides trimmed
 *   CA|NV|OR              any of (alternatives may mix forms: CA|New*|>=100)
 *   !CA, !CA|NV           none of: the `!` negates the whole list
 *   San*, *Corp, a*b*c    glob, `*` = any run of characters, anchored
 *   >=1000 >1000 <=50 <50 numeric comparison
 *   100..999              inclusive numeric range
 *
 * There is no escape syntax: a literal value cannot contain `|` or `*`, start with `!`, `<` or `>`,
 * or contain `..` (none is defined, and territory fields rarely need them).
 */

/** Tests one record field; `undefined` means the record has no such column. */
export type Matcher = (value: string | undefined) => boolean;

export class PatternError extends Error {
  override name = 'PatternError';
}

/**
 * A plain decimal number only. Kept strict on purpose: `1,200`, `$5`, `12 kg`, `Infinity` or `0x1F`
 * are not numbers, so they never match a numeric pattern.
 */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value as every alternative compares it. A missing value counts as empty, so `!CA` matches it. */
function normalise(value: string | undefined): string {
  return (value ?? '').trim().toLowerCase();
}

function toNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

/** Both the whole-pattern `*` and a `*`-only alternative: also recognised to reject `!*`. */
const always = (): boolean => true;

export function compilePattern(text: string): Matcher {
  const pattern = text.trim();
  if (pattern === '' || pattern === '*') return always;

  const negated = pattern.startsWith('!');
  const list = negated ? pattern.slice(1).trim() : pattern;
  if (list === '') throw new PatternError('expected a value after "!", as in !CA');

  // Plain values go in a set (the common case, and fast over a million records); other forms are tests.
  const literals = new Set<string>();
  const tests: Array<(value: string) => boolean> = [];
  for (const raw of list.split('|')) {
    const alternative = raw.trim();
    if (alternative === '') throw new PatternError('empty alternative (two "|" in a row, or one at an end)');
    if (alternative.startsWith('!')) {
      throw new PatternError('"!" may only start the pattern: it negates the whole list, as in !CA|NV');
    }
    const test = compileAlternative(alternative);
    if (test) tests.push(test);
    else literals.add(alternative.toLowerCase());
  }
  if (negated && tests.some((test) => test === always)) {
    // `!*` can never match: almost certainly a mistake, and a silent one (records fall to no-territory).
    throw new PatternError('"!*" never matches anything');
  }

  const anyOf = (value: string | undefined): boolean => {
    const normalised = normalise(value);
    return literals.has(normalised) || tests.some((test) => test(normalised));
  };
  return negated ? (value) => !anyOf(value) : anyOf;
}

/** A test for one non-literal alternative (given the normalised value), or undefined for a literal. */
function compileAlternative(alternative: string): ((value: string) => boolean) | undefined {
  const comparison = /^(>=|<=|>|<)(.*)$/s.exec(alternative);
  if (comparison) {
    const [, operator = '', operand = ''] = comparison;
    const bound = toNumber(operand.trim());
    if (bound === undefined) throw new PatternError(`expected a number after ${operator}`);
    const compare = {
      '>=': (n: number) => n >= bound,
      '<=': (n: number) => n <= bound,
      '>': (n: number) => n > bound,
      '<': (n: number) => n < bound,
    }[operator as '>=' | '<=' | '>' | '<'];
    return (value) => {
      const n = toNumber(value);
      return n !== undefined && compare(n);
    };
  }

  const range = alternative.indexOf('..');
  if (range >= 0) {
    const low = toNumber(alternative.slice(0, range).trim());
    const high = toNumber(alternative.slice(range + 2).trim());
    if (low === undefined || high === undefined) {
      throw new PatternError('expected a number on both sides of "..", as in 100..999');
    }
    if (low > high) throw new PatternError(`empty range: ${low} is greater than ${high}`);
    return (value) => {
      const n = toNumber(value);
      return n !== undefined && n >= low && n <= high;
    };
  }

  if (alternative.includes('*')) {
    if (/^\*+$/.test(alternative)) return always;
    // Lower-case the pattern with the same toLowerCase as the value, so globs and plain values agree
    // on case for every script. Matched piece by piece, left to right: linear, where a regex of
    // many `.*` can backtrack for ever.
    const pieces = alternative.toLowerCase().split('*');
    return (value) => globMatches(pieces, value);
  }

  return undefined;
}

/** `pieces` is a glob split on `*`: the first must start the value, the last end it, the rest follow in order. */
function globMatches(pieces: string[], value: string): boolean {
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  let at = first.length;
  const end = value.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = value.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
