/** One checksum for Salesforce ids: the key-prefix check of salesforceObjects uses the one in salesforceId. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasValidChecksum, toSalesforceId18 } from '../../src/records/salesforceId.js';
import { salesforceKeyPrefix } from '../../src/ingest/identify/salesforceObjects.js';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
const id15 = fc.array(fc.constantFrom(...ALNUM), { minLength: 15, maxLength: 15 }).map((chars) => chars.join(''));
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'.split('');

describe('hasValidChecksum', () => {
  it('accepts published ids, their suffix in either case', () => {
    expect(hasValidChecksum('001x0000002xLCVAA2')).toBe(true);
    expect(hasValidChecksum('a0D30000001n7PiEAI')).toBe(true);
    expect(hasValidChecksum('a0D30000001n7Pieai')).toBe(true);
  });

  it('rejects a suffix that does not describe the case of the head', () => {
    expect(hasValidChecksum('001X0000002xLCVAA2')).toBe(false);
    expect(hasValidChecksum('001x0000002xLCVAA9')).toBe(false);
    expect(hasValidChecksum('001x0000002xLC-AA2')).toBe(false);
  });

  it('holds for the suffix toSalesforceId18 computes and no other; salesforceKeyPrefix agrees with it', () => {
    fc.assert(
      fc.property(id15, fc.integer({ min: 0, max: 2 }), fc.constantFrom(...SUFFIX), (head, at, replacement) => {
        const id = toSalesforceId18(head);
        expect(hasValidChecksum(id)).toBe(true);
        const other = id.slice(0, 15 + at) + replacement + id.slice(16 + at);
        expect(hasValidChecksum(other)).toBe(other === id);
        for (const candidate of [id, other])
          expect(salesforceKeyPrefix(candidate) !== undefined).toBe(hasValidChecksum(candidate));
      }),
    );
  });
});
