import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { EMPTY_SALESFORCE_ID, isQueueId, isSalesforceId, toSalesforceId18 } from '../../src/records/salesforceId.js';

/** 15- to 18-character conversions, as Salesforce computes them (README, `load` → "Salesforce ids"). */
const VECTORS: Array<[string, string]> = [
  ['001x0000002xLCV', '001x0000002xLCVAA2'],
  ['005x0000000fNSi', '005x0000000fNSiAAM'],
  ['a0D30000001n7Pi', 'a0D30000001n7PiEAI'],
  ['001E000000M4pZB', '001E000000M4pZBIAZ'],
];

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split('');
const id15 = fc.array(fc.constantFrom(...ALNUM), { minLength: 15, maxLength: 15 }).map((chars) => chars.join(''));

describe('toSalesforceId18', () => {
  it.each(VECTORS)('converts %s to %s', (short, long) => {
    expect(toSalesforceId18(short)).toBe(long);
  });

  it.each(VECTORS)('leaves the 18-character form %s → %s as it is', (_, long) => {
    expect(toSalesforceId18(long)).toBe(long);
  });

  it('gives an id in its 18-character form back as it is (property)', () => {
    fc.assert(
      fc.property(id15, (short) => {
        const long = toSalesforceId18(short);
        expect(toSalesforceId18(long)).toBe(long);
        expect(toSalesforceId18(long.slice(0, 15) + long.slice(15).toLowerCase())).toBe(long);
      }),
    );
  });

  it('restores the case of an 18-character id that went through a case-folding tool', () => {
    for (const [, long] of VECTORS) {
      expect(toSalesforceId18(long.toLowerCase())).toBe(long);
      expect(toSalesforceId18(long.toUpperCase())).toBe(long);
    }
    // Only the suffix lower-cased.
    expect(toSalesforceId18('001x0000002xLCVaa2')).toBe('001x0000002xLCVAA2');
  });

  it('leaves values that are not Salesforce ids unchanged', () => {
    for (const value of [
      '',
      'dana.whitfield@lumenridge.io',
      'Dana Whitfield',
      'Deactivated User',
      '61204511', // HubSpot owner id
      '51234567801', // HubSpot record id
      '18402937511',
      '123456789012345678901', // 21 digits
      '001x0000002xLCV ', // trailing space: not an id shape
      '001x0000002xLC-', // 15 characters, not alphanumeric
      '5b0cef76-0dd2-ef11-9d6f-000d3a00785b', // Dynamics GUID
    ]) {
      expect(toSalesforceId18(value), JSON.stringify(value)).toBe(value);
    }
  });

  it('leaves an 18-character value whose suffix does not match its head unchanged', () => {
    // 18 digits (a numeric id from another system) must survive: its checksum would be AAA.
    expect(toSalesforceId18('123456789012345678')).toBe('123456789012345678');
    expect(toSalesforceId18('001x0000002xLCVAA3')).toBe('001x0000002xLCVAA3');
    expect(toSalesforceId18('001x0000002xLCVAAZ')).toBe('001x0000002xLCVAAZ');
    // A suffix character outside the checksum alphabet (6-9).
    expect(toSalesforceId18('001x0000002xLCVAA9')).toBe('001x0000002xLCVAA9');
  });

  it('gives the empty-lookup id of the Weekly Data Export back as it is', () => {
    expect(toSalesforceId18(EMPTY_SALESFORCE_ID)).toBe(EMPTY_SALESFORCE_ID);
    expect(toSalesforceId18('000000000000000')).toBe(EMPTY_SALESFORCE_ID);
  });

  it('keeps the 15 characters and survives lower-casing (property)', () => {
    fc.assert(
      fc.property(id15, (s) => {
        const long = toSalesforceId18(s);
        expect(long).toHaveLength(18);
        expect(long.slice(0, 15)).toBe(s);
        expect(long.slice(15)).toMatch(/^[A-Z0-5]{3}$/);
        expect(toSalesforceId18(long.toLowerCase())).toBe(long);
        expect(toSalesforceId18(long.toUpperCase())).toBe(long);
        expect(toSalesforceId18(long)).toBe(long);
      }),
      { numRuns: 500 },
    );
  });

  it('gives 15-character ids that differ only in case different 18-character ids (property)', () => {
    const flipCase = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
    fc.assert(
      fc.property(id15, fc.integer({ min: 0, max: 14 }), (a, at) => {
        const b = a.slice(0, at) + flipCase(a[at]) + a.slice(at + 1);
        fc.pre(a !== b); // digits have no case
        expect(toSalesforceId18(a).toLowerCase()).not.toBe(toSalesforceId18(b).toLowerCase());
      }),
    );
  });
});

describe('isSalesforceId', () => {
  it('accepts 15 and 18 alphanumeric characters only', () => {
    expect(isSalesforceId('001x0000002xLCV')).toBe(true);
    expect(isSalesforceId('001x0000002xLCVAA2')).toBe(true);
    expect(isSalesforceId('001x0000002xLC')).toBe(false);
    expect(isSalesforceId('001x0000002xLCVAA')).toBe(false);
    expect(isSalesforceId('a@b.com')).toBe(false);
    expect(isSalesforceId('')).toBe(false);
  });
});

describe('isQueueId', () => {
  it('is true for 00G ids of 15 and 18 characters', () => {
    expect(isQueueId('00G8c00000tQX3c')).toBe(true);
    expect(isQueueId('00G8c00000tQX3cEAG')).toBe(true);
  });

  it('is false for users, other objects and non-ids', () => {
    expect(isQueueId('0058c00000l57zPAAQ')).toBe(false); // user
    expect(isQueueId('001x0000002xLCV')).toBe(false); // account
    expect(isQueueId('00G')).toBe(false);
    expect(isQueueId('00Gfoo')).toBe(false);
    expect(isQueueId('00G8c00000tQX3cEAGX')).toBe(false); // 19 characters
    expect(isQueueId('00G Sales Queue')).toBe(false);
    expect(isQueueId('')).toBe(false);
  });
});
