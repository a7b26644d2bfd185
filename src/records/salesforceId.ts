/**
 * Salesforce record ids come in a case-sensitive 15-character form (reports, the UI) and a
 * case-insensitive 18-character form (API, Data Loader). We store the 18-character form so the two
 * kinds of export join.
 */

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{18}$/;

/** The Weekly Data Export writes empty lookups as this id. */
export const EMPTY_SALESFORCE_ID = '000000000000000AAA';

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** Letters and digits: the characters of a Salesforce id. */
const ALPHANUMERIC = new Uint8Array(128);
for (let code = 0; code < 128; code++) ALPHANUMERIC[code] = /[a-zA-Z0-9]/.test(String.fromCharCode(code)) ? 1 : 0;

/**
 * The case bits of one five-character chunk of an id's first 15 characters (bit i: character i is
 * upper case), or -1 when one of them is not a letter or digit.
 */
function chunkBits(id: string, chunk: number): number {
  let bits = 0;
  for (let i = 0; i < 5; i++) {
    const code = id.charCodeAt(chunk * 5 + i);
    if (code >= 128 || ALPHANUMERIC[code] === 0) return -1;
    if (isUpper(code)) bits |= 1 << i;
  }
  return bits;
}

/**
 * The three-character case checksum of the first 15 characters of `id`, or undefined when one of
 * them is not a letter or digit. One pass over the characters: this runs for ids of every record.
 */
function checksum(id: string): string | undefined {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = chunkBits(id, chunk);
    if (bits < 0) return undefined;
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/**
 * Whether an 18-character id's suffix describes the case of its first 15 characters as they are
 * (the suffix compared case-insensitively, as Salesforce does).
 */
export function hasValidChecksum(id18: string): boolean {
  const suffix = checksum(id18);
  return suffix !== undefined && suffix === id18.slice(15, 18).toUpperCase();
}

/**
 * Whether an 18-character id is already in its stored form: its suffix, in upper case, is the
 * checksum of its first 15 characters as they are. Exports write ids so: this spares them building
 * the id again, three times a record.
 */
function isStoredForm(id: string): boolean {
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = chunkBits(id, chunk);
    if (bits < 0 || id.charCodeAt(15 + chunk) !== SUFFIX_ALPHABET.charCodeAt(bits)) return false;
  }
  return true;
}

/**
 * Restores the case of the first 15 characters from an 18-character id's suffix, so an id that
 * went through a case-folding tool (a spreadsheet, a legacy export) still matches.
 */
function restoreCase(id18: string): string | undefined {
  let head = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(id18[15 + chunk].toUpperCase());
    if (bits < 0) return undefined;
    for (let i = 0; i < 5; i++) {
      const ch = id18[chunk * 5 + i];
      head += bits & (1 << i) ? ch.toUpperCase() : ch.toLowerCase();
    }
  }
  return head;
}

/**
 * The 18-character form of a Salesforce id (correct case, upper-case suffix). Anything that is not
 * a Salesforce-shaped id is returned unchanged.
 */
export function toSalesforceId18(value: string): string {
  if (value.length === 15) {
    const suffix = checksum(value);
    return suffix === undefined ? value : value + suffix;
  }
  if (value.length === 18 && isStoredForm(value)) return value;
  if (ID18.test(value)) {
    const head = restoreCase(value);
    const suffix = value.slice(15).toUpperCase();
    // A suffix that does not describe its own head is not a Salesforce id: leave it alone.
    return head !== undefined && checksum(head) === suffix ? head + suffix : value;
  }
  return value;
}

export function isSalesforceId(value: string): boolean {
  return ID15.test(value) || ID18.test(value);
}

/** Queues (Group records) have ids starting `00G`. */
export function isQueueId(id: string): boolean {
  return id.startsWith('00G') && isSalesforceId(id);
}
