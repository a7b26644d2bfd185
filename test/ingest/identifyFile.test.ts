/**
 * What a file holds, from its start. Expectations follow the loaded kinds (FILE_KINDS): a kind the
 * build does not load is recognised and reported "not loaded"; once it is loaded, the same files load.
 */
import { describe, expect, it } from 'vitest';
import { identifyFile } from '../../src/ingest/identify/identifyFile.js';
import { headerKey, isFileKind } from '../../src/records/model.js';
import { toSalesforceId18 } from '../../src/records/salesforceId.js';

const ids = (prefix: string, n = 3) =>
  Array.from({ length: n }, (_, i) => toSalesforceId18(`${prefix}5e00000Hp${String(i).padStart(3, '0')}`));

/** What a file was identified as, in short: its kind and object, or why it is not loaded. */
type Identification = { kind: string; object?: string } | { object?: string; reason: string };

function identify(name: string, headers: string[], idValues?: string[], rows = idValues?.length ?? 0): Identification {
  const idColumn = headers.findIndex((h) => headerKey(h) === 'id');
  const found = identifyFile({
    name,
    headers: new Set(headers.map(headerKey)),
    ids: idColumn < 0 ? undefined : (idValues ?? []),
    rows,
  });
  if (found.kind) return { kind: found.kind, object: found.object };
  return found.object ? { object: found.object, reason: found.reason! } : { reason: found.reason! };
}

/** A file of `kind` loads as that kind if the build loads it, else is skipped as not loaded. */
function expectKind(identification: Identification, kind: string, object?: string): void {
  if (isFileKind(kind)) expect(identification).toEqual({ kind, object });
  else expect(identification).toEqual({ object: object ?? kind, reason: `${kind} are not loaded` });
}

describe('identifyFile: Salesforce files by the key prefix of their ids', () => {
  it('the six kinds, whatever the file is called', () => {
    expectKind(identify('export-1.csv', ['Id', 'Username', 'IsActive'], ids('005')), 'owners', 'User');
    expectKind(identify('export-2.csv', ['Id', 'Name', 'Type'], ids('00G')), 'owners', 'Group');
    expectKind(identify('Contacts and Accounts.csv', ['Id', 'Name', 'OwnerId'], ids('001')), 'accounts', 'Account');
    expectKind(identify('export-4.csv', ['Id', 'AccountId', 'OwnerId'], ids('003')), 'contacts', 'Contact');
    expectKind(identify('export-5.csv', ['Id', 'Company', 'OwnerId'], ids('00Q')), 'leads', 'Lead');
    expectKind(
      identify('Opportunity.csv', ['ID', 'ACCOUNTID', 'LEADSOURCE', 'OWNERID'], ids('006')),
      'opportunities',
      'Opportunity',
    );
    expectKind(identify('Case.csv', ['Id', 'AccountId', 'ContactId', 'OwnerId'], ids('500')), 'cases', 'Case');
  });

  it('other objects are no kind, whatever their headers say', () => {
    expect(identify('TaskRelation.csv', ['ID', 'RELATIONID', 'ACCOUNTID', 'TASKID'], ids('00k'))).toEqual({
      object: 'OpportunityLineItem',
      reason: 'key prefix 00k',
    });
    expect(identify('UserRole.csv', ['Id', 'Name', 'IsActive'], ids('00E'))).toEqual({
      object: 'UserRole',
      reason: 'key prefix 00E',
    });
    expect(identify('Profile.csv', ['Id', 'Name', 'UserType'], ids('00e'))).toEqual({
      object: 'Profile',
      reason: 'key prefix 00e',
    });
    expect(identify('Users.csv', ['Id', 'Name', 'IsActive'], ids('01s'))).toEqual({
      object: 'Pricebook2',
      reason: 'key prefix 01s',
    });
    expect(identify('Invoice__c.csv', ['Id', 'OwnerId', 'Account__c'], ids('a0X'))).toEqual({
      object: 'Invoice__c',
      reason: 'key prefix a0X',
    });
  });

  it('a header-only file of the Weekly Data Export is known by its name', () => {
    expect(identify('Order.csv', ['Id', 'OwnerId', 'AccountId'])).toEqual({
      object: 'Order',
      reason: 'named after the object',
    });
    expectKind(identify('Account.csv', ['Id', 'Name', 'OwnerId']), 'accounts', 'Account');
    expectKind(identify('Opportunity.csv', ['Id', 'Name', 'OwnerId']), 'opportunities', 'Opportunity');
    expect(identify('Idea.csv', ['Id', 'Title', 'Body'])).toEqual({ reason: 'header-only file of an unknown object' });
  });
});

describe('identifyFile: files without Salesforce ids keep name and header detection', () => {
  it('by name, then headers', () => {
    expect(
      identify('hubspot-owners-2026-11-01.csv', ['Owner ID', 'First Name', 'Last Name', 'Email', 'Archived'], [], 2),
    ).toEqual({ kind: 'owners' });
    expect(identify('people.csv', ['id', 'name', 'owner'], ['p-1'])).toMatchObject({ kind: 'contacts' });
    expect(identify('export.csv', ['id', 'name', 'email', 'active'], ['u101'])).toMatchObject({ kind: 'owners' });
    expectKind(
      identify('hubspot-crm-exports-all-deals-2026-11-01.csv', [
        'Record ID',
        'Deal Name',
        'Deal owner',
        'Associated Company IDs',
      ]),
      'opportunities',
    );
    expectKind(
      identify('export.csv', ['Ticket ID', 'Ticket name', 'Ticket owner', 'Associated Company IDs'], undefined, 3),
      'cases',
    );
  });

  it('a file nothing tells is an unknown object', () => {
    expect(identify('export.csv', ['id', 'name', 'owner'], ['x-1'])).toEqual({ reason: 'unknown object' });
    expect(identify('export.csv', ['id', 'name', 'owner'])).toEqual({
      reason: 'header-only file of an unknown object',
    });
  });
});
