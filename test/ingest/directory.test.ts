import { describe, it, expect } from 'vitest';
import { AccountDirectory, nameKey, OwnerDirectory } from '../../src/records/directory.js';
import type { OwnerRecord } from '../../src/records/model.js';
import { toSalesforceId18 } from '../../src/records/salesforceId.js';

/** An active user with the given fields. */
function owner(fields: Partial<OwnerRecord> & { id: string }): OwnerRecord {
  return { name: '', email: '', active: true, type: 'user', territories: [], team: '', capacity: {}, ...fields };
}

const DANA = owner({ id: '005x0000000fNSiAAM', name: 'Dana Whitfield', email: 'Dana.Whitfield@LumenRidge.io' });
const MEI = owner({ id: '0058c000003i23fAAA', name: 'Mei  Chen', email: 'mei.chen@lumenridge.io' });
const GARCIA = owner({ id: 'u-garcia', name: 'José García', email: 'GARCÍA@x.com' });
const ALEX_1 = owner({ id: 'u-alex-1', name: 'Alex Kim', email: 'alex.kim@a.com' });
const ALEX_2 = owner({ id: 'u-alex-2', name: 'alex kim', email: 'alex.kim@b.com' });

/** A directory of the owners above, and the queues it invents. */
function directory() {
  const invented: OwnerRecord[] = [];
  const owners = new OwnerDirectory((queue) => invented.push(queue));
  for (const o of [DANA, MEI, GARCIA, ALEX_1, ALEX_2]) owners.add(o);
  return { owners, invented };
}

describe('OwnerDirectory.resolve', () => {
  it('resolves by id', () => {
    const { owners } = directory();
    expect(owners.resolve('005x0000000fNSiAAM')).toEqual({ ownerId: DANA.id });
    expect(owners.resolve('u-garcia')).toEqual({ ownerId: GARCIA.id });
    expect(owners.resolve('  u-garcia ')).toEqual({ ownerId: GARCIA.id });
  });

  it('resolves a 15-character id, and a case-folded 18-character id, to the owner with the 18-character id', () => {
    const { owners } = directory();
    expect(owners.resolve('005x0000000fNSi')).toEqual({ ownerId: DANA.id });
    expect(owners.resolve('005X0000000FNSIAAM')).toEqual({ ownerId: DANA.id });
    expect(owners.resolve('005x0000000fnsiaam')).toEqual({ ownerId: DANA.id });
    // A 15-character id is case-sensitive: a different case is a different id.
    expect(owners.resolve('005x0000000fnsi')).toEqual({ issue: 'unknown' });
  });

  it('resolves by email, case-insensitively, beyond ASCII', () => {
    const { owners } = directory();
    expect(owners.resolve('dana.whitfield@lumenridge.io')).toEqual({ ownerId: DANA.id });
    expect(owners.resolve(' DANA.WHITFIELD@LUMENRIDGE.IO ')).toEqual({ ownerId: DANA.id });
    expect(owners.resolve('garcía@x.com')).toEqual({ ownerId: GARCIA.id });
    expect(owners.resolve('GARCÍA@X.COM')).toEqual({ ownerId: GARCIA.id });
    // Not the ASCII-folded spelling: that is another address.
    expect(owners.resolve('garcia@x.com')).toEqual({ issue: 'unknown' });
  });

  it('resolves by name with whitespace collapsed and Unicode case folded', () => {
    const { owners } = directory();
    expect(owners.resolve('Dana Whitfield')).toEqual({ ownerId: DANA.id });
    expect(owners.resolve('  dana   WHITFIELD ')).toEqual({ ownerId: DANA.id });
    expect(owners.resolve('Mei Chen')).toEqual({ ownerId: MEI.id }); // the owner's own name has two spaces
    expect(owners.resolve('Mei\tChen')).toEqual({ ownerId: MEI.id });
    expect(owners.resolve('JOSÉ GARCÍA')).toEqual({ ownerId: GARCIA.id });
    expect(owners.resolve('josé garcía')).toEqual({ ownerId: GARCIA.id });
  });

  it('calls a name two owners share ambiguous', () => {
    const { owners } = directory();
    expect(owners.resolve('Alex Kim')).toEqual({ issue: 'ambiguous' });
    expect(owners.resolve('ALEX  KIM')).toEqual({ issue: 'ambiguous' });
    // Their emails still tell them apart.
    expect(owners.resolve('alex.kim@b.com')).toEqual({ ownerId: ALEX_2.id });
  });

  it('calls an email two owners share ambiguous', () => {
    const owners = new OwnerDirectory();
    owners.add(owner({ id: 'a', email: 'team@x.com' }));
    owners.add(owner({ id: 'b', email: 'TEAM@x.com' }));
    expect(owners.resolve('team@x.com')).toEqual({ issue: 'ambiguous' });
  });

  it('calls empty values and the Weekly Export empty lookup empty', () => {
    const { owners } = directory();
    for (const value of ['', '   ', '000000000000000AAA'])
      expect(owners.resolve(value), JSON.stringify(value)).toEqual({ issue: 'empty' });
  });

  it("reads HubSpot's Deactivated User as deactivated", () => {
    const { owners } = directory();
    expect(owners.resolve('Deactivated User')).toEqual({ issue: 'deactivated' });
    expect(owners.resolve(' deactivated  user ')).toEqual({ issue: 'deactivated' });
  });

  it('calls anything else unknown', () => {
    const { owners } = directory();
    for (const value of ['Jordan Blake', 'nobody@x.com', '0058c00000JLFTzAAP', '0058c00000JLFTz', '12345']) {
      expect(owners.resolve(value), value).toEqual({ issue: 'unknown' });
    }
  });

  it('creates a queue owner, once, for a 00G id not in the owners files, and reports it', () => {
    const { owners, invented } = directory();
    const size = owners.size;
    expect(owners.resolve('00G8c00000tQX3c')).toEqual({ ownerId: '00G8c00000tQX3cEAG' });
    expect(owners.resolve('00G8c00000tQX3cEAG')).toEqual({ ownerId: '00G8c00000tQX3cEAG' });
    expect(owners.resolve('00G8c00000tQX3c')).toEqual({ ownerId: '00G8c00000tQX3cEAG' });
    expect(owners.resolve('00g8c00000tqx3ceag')).toEqual({ ownerId: '00G8c00000tQX3cEAG' });
    expect(invented).toEqual([
      {
        id: '00G8c00000tQX3cEAG',
        name: '00G8c00000tQX3cEAG',
        email: '',
        active: true,
        type: 'queue',
        territories: [],
        team: '',
        capacity: {},
      },
    ]);
    expect(owners.size).toBe(size + 1);
    expect(owners.get('00G8c00000tQX3cEAG')?.type).toBe('queue');
    // A second queue is another owner.
    expect(owners.resolve('00G8c00000tQX3d')).toEqual({ ownerId: toSalesforceId18('00G8c00000tQX3d') });
    expect(invented).toHaveLength(2);
  });

  it('does not invent a queue that the owners file has', () => {
    const { owners, invented } = directory();
    owners.add(owner({ id: '00G8c00000tQX3cEAG', name: 'Inbound Leads', type: 'queue' }));
    expect(owners.resolve('00G8c00000tQX3c')).toEqual({ ownerId: '00G8c00000tQX3cEAG' });
    expect(owners.resolve('Inbound Leads')).toEqual({ ownerId: '00G8c00000tQX3cEAG' });
    expect(invented).toEqual([]);
  });

  it('sees owners added after a value was resolved', () => {
    const { owners } = directory();
    expect(owners.resolve('Jordan Blake')).toEqual({ issue: 'unknown' });
    owners.add(owner({ id: 'u-jordan', name: 'Jordan Blake' }));
    expect(owners.resolve('Jordan Blake')).toEqual({ ownerId: 'u-jordan' });
  });
});

describe('OwnerDirectory.find', () => {
  it('resolves like resolve', () => {
    const { owners } = directory();
    expect(owners.find('dana.whitfield@lumenridge.io')).toEqual({ ownerId: DANA.id });
    expect(owners.find('005x0000000fNSi')).toEqual({ ownerId: DANA.id });
    expect(owners.find('Alex Kim')).toEqual({ issue: 'ambiguous' });
    expect(owners.find('')).toEqual({ issue: 'empty' });
  });

  it('does not invent queues', () => {
    const { owners, invented } = directory();
    expect(owners.find('00G8c00000tQX3c')).toEqual({ issue: 'unknown' });
    expect(owners.has('00G8c00000tQX3cEAG')).toBe(false);
    expect(invented).toEqual([]);
  });
});

describe('nameKey', () => {
  it('trims, collapses whitespace and lower-cases all of Unicode', () => {
    expect(nameKey('  Ana\u00a0 María\tLÓPEZ \n')).toBe('ana maría lópez');
    expect(nameKey('ÉMILE ZOLA')).toBe('émile zola');
  });
});

describe('AccountDirectory', () => {
  function accounts() {
    const directory = new AccountDirectory();
    directory.add('0018c000003SSALAA4', 'Redwood Logistics', DANA.id);
    directory.add('acc-2', 'Alpine  Trail Supply', null);
    directory.add('acc-3', 'Twin Co', MEI.id);
    directory.add('acc-4', 'twin co', MEI.id);
    return directory;
  }

  it("resolves by id, with the account's owner", () => {
    expect(accounts().resolve('0018c000003SSALAA4', '')).toEqual({ id: '0018c000003SSALAA4', ownerId: DANA.id });
    expect(accounts().resolve('acc-2', 'Some Other Name')).toEqual({ id: 'acc-2', ownerId: null });
  });

  it('gives an unknown id nothing, whatever the name', () => {
    expect(accounts().resolve('acc-9', 'Redwood Logistics')).toBeUndefined();
  });

  it('resolves by a unique name when there is no id', () => {
    expect(accounts().resolve('', 'Redwood Logistics')?.id).toBe('0018c000003SSALAA4');
    expect(accounts().resolve('', ' alpine trail  SUPPLY ')?.id).toBe('acc-2');
  });

  it('gives an ambiguous, unknown or empty name nothing', () => {
    expect(accounts().resolve('', 'Twin Co')).toBeUndefined();
    expect(accounts().resolve('', 'Nobody Inc')).toBeUndefined();
    expect(accounts().resolve('', '')).toBeUndefined();
  });
});
