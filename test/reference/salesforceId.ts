/**
 * Salesforce ids, written again from the documented rule (not the tool's code): the 18-character
 * form appends one character per 5-character chunk of the 15-character id, whose bits say which of
 * the chunk's characters are upper-case letters.
 */
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

function suffixOf(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15[chunk * 5 + i]!;
      if (ch >= 'A' && ch <= 'Z') bits += 2 ** i;
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

export function to18(id15: string): string {
  return id15 + suffixOf(id15);
}

const ALNUM_15 = /^[A-Za-z0-9]{15}$/;
const ALNUM_18 = /^[A-Za-z0-9]{18}$/;

/** Whether a value looks like a Salesforce id (15 characters, or 18 with a correct suffix). */
export function isSalesforceId(value: string): boolean {
  if (ALNUM_15.test(value)) return true;
  return ALNUM_18.test(value) && suffixOf(value.slice(0, 15)) === value.slice(15).toUpperCase();
}

/** The form every id is compared in: 18 characters for a Salesforce id, the trimmed value otherwise. */
export function normaliseId(value: string): string {
  const v = value.trim();
  if (ALNUM_15.test(v)) return to18(v);
  return v;
}

/** The Weekly Data Export's empty lookup. */
export const EMPTY_LOOKUP = '000000000000000AAA';
