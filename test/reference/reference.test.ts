/**
 * The reference itself, on a hand-made export whose every count is worked out in the comments, and
 * its building blocks on the contract's own examples.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quantile, referenceAudit } from './reference.js';
import { patternMatches } from './rules.js';
import { to18 } from './salesforceId.js';

const dir = mkdtempSync(path.join(tmpdir(), 'crm-owners-reference-unit-'));
const dir2 = mkdtempSync(path.join(tmpdir(), 'crm-owners-reference-unit-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(dir2, { recursive: true, force: true });
});

describe('salesforceId', () => {
  it('gives the contract test vectors', () => {
    expect(to18('001x0000002xLCV')).toBe('001x0000002xLCVAA2');
    expect(to18('005x0000000fNSi')).toBe('005x0000000fNSiAAM');
    expect(to18('a0D30000001n7Pi')).toBe('a0D30000001n7PiEAI');
    expect(to18('001E000000M4pZB')).toBe('001E000000M4pZBIAZ');
  });
});

describe('quantile', () => {
  it('interpolates linearly, as numpy does by default', () => {
    // numpy.quantile([1, 2, 3, 4], [0.25, 0.75]) == [1.75, 3.25]; of [1, 2, 3, 4, 20]: [2, 4].
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantile([1, 2, 3, 4, 20], 0.25)).toBe(2);
    expect(quantile([1, 2, 3, 4, 20], 0.75)).toBe(4);
  });
});

describe('patterns', () => {
  it('match as the rules table says', () => {
    expect(patternMatches('', undefined)).toBe(true);
    expect(patternMatches('*', 'x')).toBe(true);
    expect(patternMatches('CA', ' ca ')).toBe(true);
    expect(patternMatches('CA|NV', 'nv')).toBe(true);
    expect(patternMatches('!CA|NV', 'OR')).toBe(true);
    expect(patternMatches('!CA|NV', 'nv')).toBe(false);
    expect(patternMatches('!CA', undefined)).toBe(true);
    expect(patternMatches('CA', undefined)).toBe(false);
    expect(patternMatches('San*', 'san jose')).toBe(true);
    expect(patternMatches('*Corp', 'Acme Corporation')).toBe(false);
    expect(patternMatches('>=1000', '1000')).toBe(true);
    expect(patternMatches('<50', 'n/a')).toBe(false);
    expect(patternMatches('100..999', '999')).toBe(true);
    expect(patternMatches('100..999', '1000')).toBe(false);
  });
});

describe('the reference on a hand-made export', () => {
  const D = '005x0000000fNSi'; // Dana Whitfield, active (15 characters in User.csv)
  const O = '005x0000000fNSj'; // Omar Haddad, inactive
  const write = (name: string, lines: string[]) => writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
  write('User.csv', [
    'Id,Name,Email,IsActive,UserType',
    `${D},Dana Whitfield,dana@acme.example,true,Standard`,
    `${O},Omar Haddad,omar@acme.example,false,Standard`,
    '005x0000000fNSk,Chris Lee,chris1@acme.example,true,Standard',
    '005x0000000fNSl,Chris Lee,chris2@acme.example,true,Standard',
    '005x0000000fNSm,Automated Process,auto@acme.example,true,AutomatedProcess',
  ]);
  // a1 Dana (18 characters) → covered, stale (January); a2 Omar → inactive; a3 empty → unowned;
  // a4 "Chris Lee" → two owners: unknown; a5 the empty lookup → unowned. Coverage 1 of 5.
  write('Account.csv', [
    'Id,Name,OwnerId,LastActivityDate',
    `001x0000002xLCV,a1,${to18(D)},2026-01-01`,
    `001x0000002xLCW,a2,${O},2026-10-30`,
    '001x0000002xLCX,a3,,2026-10-30',
    '001x0000002xLCY,a4,Chris Lee,2026-10-30',
    '001x0000002xLCZ,a5,000000000000000AAA,2026-10-30',
  ]);
  // c1 (a1, Omar): inactive; a1 is Dana's → mismatch. c2 (a2 in 18 characters, Dana by email):
  // mismatch (a2 is Omar's). c1 and c2 share pat@x.example (case and spaces aside) with different
  // owners → split-ownership 2. c3 repeats c1 in 18 characters → duplicate-id, not a record.
  // c4 (a3 unowned, Dana, no activity) → no mismatch (a3 has no owner), stale. Coverage 2 of 3.
  write('Contact.csv', [
    'Id,Name,Email,AccountId,OwnerId,LastActivityDate',
    `003x000000A1b2C,c1,pat@x.example,001x0000002xLCV,${O},2026-10-30`,
    `003x000000A1b2D,c2, PAT@x.example,${to18('001x0000002xLCW')},dana@acme.example,2026-10-30`,
    `${to18('003x000000A1b2C')},c3,pat@x.example,,${D},2026-10-30`,
    `003x000000A1b2E,c4,sam@x.example,001x0000002xLCX,${D},`,
  ]);
  // l1 converted: history, in no check. l2 Dana, no activity → stale. One open lead, covered.
  write('Lead.csv', [
    'Id,Name,Email,IsConverted,OwnerId,LastActivityDate',
    '00Qx000000A1b2C,l1,,true,,',
    `00Qx000000A1b2D,l2,,false,${D},`,
  ]);

  const audit = referenceAudit(dir, { loadedAt: new Date('2026-11-01T10:00:00Z'), staleDays: 30 });
  const count = (check: string, kind: string) =>
    audit.checks.find((row) => row.check === check && row.kind === kind)?.count;

  it('counts every check by hand', () => {
    expect(audit.counts).toEqual({ accounts: 5, contacts: 3, leads: 1 });
    expect(audit.loaded).toEqual({ accounts: 5, contacts: 3, leads: 2 });
    expect([
      count('unowned', 'accounts'),
      count('inactive-owner', 'accounts'),
      count('unknown-owner', 'accounts'),
    ]).toEqual([2, 1, 1]);
    expect([
      count('inactive-owner', 'contacts'),
      count('account-owner-mismatch', 'contacts'),
      count('split-ownership', 'contacts'),
      count('duplicate-id', 'contacts'),
    ]).toEqual([1, 2, 2, 1]);
    expect([
      count('stale-ownership', 'accounts'),
      count('stale-ownership', 'contacts'),
      count('stale-ownership', 'leads'),
    ]).toEqual([1, 1, 1]);
    expect([count('unowned', 'leads'), count('split-ownership', 'leads')]).toEqual([0, 0]);
    expect(count('account-owner-mismatch', 'accounts')).toBeUndefined();
    expect(count('no-territory', 'accounts')).toBeUndefined();
    // 1 + 2 + 1 covered of 5 + 3 + 1 open records.
    expect(audit.coverage).toEqual({ accounts: 20, contacts: 66.67, leads: 100, overall: 44.44 });
  });
});

describe('the reference on a hand-made export with territory rules and capacity', () => {
  const write = (name: string, lines: string[]) => writeFileSync(path.join(dir2, name), `${lines.join('\n')}\n`);
  // Ann serves West (her Territory__c) and may hold 2 accounts; Ben serves East (his column and the rule).
  write('User.csv', [
    'Id,Name,Email,IsActive,Territory__c,Account_Capacity__c',
    '005x0000000Ann1,Ann Ames,ann@acme.example,true,West,2',
    '005x0000000Ben1,Ben Barr,ben@acme.example,true,East,',
    '005x0000000Cyd1,Cy Cole,cy@acme.example,true,,',
    '005x0000000Dia1,Di Dunn,di@acme.example,true,,',
  ]);
  // Ann: CA, CA, NY (East: conflict); Ben: NY; Cy: TX (no rule: no-territory); Di: CA (West: conflict).
  write('Account.csv', [
    'Id,Name,BillingState,OwnerId',
    '001x0000003A001,a1,CA,005x0000000Ann1',
    '001x0000003A002,a2,CA,005x0000000Ann1',
    '001x0000003A003,a3,NY,005x0000000Ann1',
    '001x0000003A004,a4,NY,005x0000000Ben1',
    '001x0000003A005,a5,TX,005x0000000Cyd1',
    '001x0000003A006,a6,CA,005x0000000Dia1',
  ]);
  // c1 takes its account a3's territory, East, whatever its own state; Di is not East's → conflict.
  write('Contact.csv', [
    'Id,Name,Email,AccountId,MailingState,OwnerId',
    '003x0000003C001,c1,,001x0000003A003,CA,005x0000000Dia1',
  ]);
  const rulesCsv =
    'territory,priority,kind,owners,BillingState\nWest,1,accounts,,CA|NV\nEast,1,accounts,ben@acme.example,NY\n';
  const audit = referenceAudit(dir2, { loadedAt: new Date('2026-11-01T10:00:00Z'), rulesCsv });
  const count = (check: string, kind: string) =>
    audit.checks.find((row) => row.check === check && row.kind === kind)?.count;

  it('counts territory conflicts, records without territory and the excess over capacity', () => {
    expect([count('territory-conflict', 'accounts'), count('no-territory', 'accounts')]).toEqual([2, 1]);
    expect([count('territory-conflict', 'contacts'), count('no-territory', 'contacts')]).toEqual([1, 0]);
    // Ann holds 3 of her 2; the others' loads [1, 1, 1] with hers give the fence 1.5 + 1.5 × 0.5 = 2.25.
    expect(count('overloaded-owner', 'accounts')).toBe(1);
    expect(audit.loads[to18('005x0000000Ann1')]).toEqual({ accounts: 3, contacts: 0 });
  });
});
