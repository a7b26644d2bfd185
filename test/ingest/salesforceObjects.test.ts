import { describe, expect, it } from 'vitest';
import { toSalesforceId18 } from '../../src/records/salesforceId.js';
import { kindOfSalesforcePrefix } from '../../src/kinds/registry.js';
import {
  isOwnerKeyPrefix,
  objectNamed,
  objectOfIds,
  SALESFORCE_OBJECTS,
  salesforceKeyPrefix,
} from '../../src/ingest/identify/salesforceObjects.js';

describe('salesforceKeyPrefix', () => {
  it('is the first three characters of a Salesforce id, 15 or 18 characters', () => {
    expect(salesforceKeyPrefix('00E5e000000HpR1EAK')).toBe('00E');
    expect(salesforceKeyPrefix('00e5e000000HpP1AAK')).toBe('00e');
    expect(salesforceKeyPrefix('005x0000000fNSi')).toBe('005');
    expect(salesforceKeyPrefix('a0X5e00000HpIn1EAF')).toBe('a0X');
  });

  it('is undefined for values that are not Salesforce ids', () => {
    // A suffix that does not describe the case of the first 15 characters.
    expect(salesforceKeyPrefix('00E5e000000HpR1AAA')).toBeUndefined();
    // 15 digits: another CRM's number, not a Salesforce id.
    expect(salesforceKeyPrefix('123456789012345')).toBeUndefined();
    // 18 digits cannot carry a checksum (it is made of letters A-Z and 0-5 only after a letter).
    expect(salesforceKeyPrefix('123456789012345678')).toBeUndefined();
    for (const value of ['', 'u101', '61204511', 'ann@example.com', '00E5e000000HpR1E'])
      expect(salesforceKeyPrefix(value), value).toBeUndefined();
  });
});

describe('the prefix tables', () => {
  it('name the objects the README lists (`load` → "What a file holds"), case-sensitively', () => {
    expect(SALESFORCE_OBJECTS).toMatchObject({
      '005': 'User',
      '00G': 'Group',
      '001': 'Account',
      '003': 'Contact',
      '00Q': 'Lead',
      '006': 'Opportunity',
      '500': 'Case',
      '00T': 'Task',
      '00U': 'Event',
      '00E': 'UserRole',
      '00e': 'Profile',
      '012': 'RecordType',
      '01s': 'Pricebook2',
      '701': 'Campaign',
      '00v': 'CampaignMember',
      '02i': 'Asset',
      '800': 'Contract',
      '801': 'Order',
      '00k': 'OpportunityLineItem',
      '02Z': 'AccountContactRole',
    });
  });

  it('give users and queues as owners, and each record kind its object', () => {
    const kinds = {
      '005': 'owners',
      '00G': 'owners',
      '001': 'accounts',
      '003': 'contacts',
      '00Q': 'leads',
      '006': 'opportunities',
      '500': 'cases',
    };
    for (const [prefix, kind] of Object.entries(kinds)) expect(kindOfSalesforcePrefix(prefix)).toBe(kind);
    for (const prefix of ['00E', '00e', '01s', '02Z', 'a0X']) expect(kindOfSalesforcePrefix(prefix)).toBeUndefined();
    expect(Object.keys(SALESFORCE_OBJECTS).filter(isOwnerKeyPrefix).sort()).toEqual(['005', '00G']);
  });
});

describe('objectOfIds', () => {
  const ids = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => toSalesforceId18(`${prefix}5e00000Hp${String(i).padStart(3, '0')}`));

  it('names the object of the majority prefix', () => {
    expect(objectOfIds([...ids('00E', 6), ...ids('005', 3)], 'User')).toEqual({
      prefix: '00E',
      object: 'UserRole',
      count: 6,
      values: 9,
    });
    expect(objectOfIds(ids('00e', 2), 'UserRole')).toEqual({ prefix: '00e', object: 'Profile', count: 2, values: 2 });
  });

  it('ignores empty cells; other values count against the Salesforce ids', () => {
    expect(objectOfIds(['', ...ids('003', 2), ''], 'x')).toEqual({
      prefix: '003',
      object: 'Contact',
      count: 2,
      values: 2,
    });
    expect(objectOfIds([...ids('003', 2), 'C-1', 'C-2'], 'x')).toBeUndefined();
    expect(objectOfIds(['u101', 'u102'], 'x')).toBeUndefined();
    expect(objectOfIds([], 'x')).toBeUndefined();
  });

  it('a custom object is named by its file, else by its prefix', () => {
    expect(objectOfIds(ids('a0X', 3), 'Invoice__c')).toEqual({
      prefix: 'a0X',
      object: 'Invoice__c',
      count: 3,
      values: 3,
    });
    expect(objectOfIds(ids('a0X', 3), 'export (2)')).toEqual({
      prefix: 'a0X',
      object: 'custom object a0X',
      count: 3,
      values: 3,
    });
  });
});

describe('objectNamed', () => {
  it('knows the Weekly Data Export file names of standard and custom objects', () => {
    expect(objectNamed('Order')).toBe('Order');
    expect(objectNamed('userrole')).toBe('UserRole');
    expect(objectNamed('Invoice__c')).toBe('Invoice__c');
    expect(objectNamed('Orders')).toBeUndefined();
    expect(objectNamed('contacts-2026')).toBeUndefined();
  });
});
