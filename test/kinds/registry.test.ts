import { describe, expect, it } from 'vitest';
import {
  closedMovable,
  childKinds,
  DEFAULT_FOLLOW_KINDS,
  FILE_KINDS,
  hasClosed,
  importFileName,
  kindHas,
  kindNamed,
  kindOfSalesforcePrefix,
  KINDS,
  PARENT_KIND,
  RECORD_KINDS,
  rollbackFileName,
  zeroCounts,
} from '../../src/kinds/registry.js';
import { PRESETS } from '../../src/ingest/identify/presets/index.js';
import { OWNER_EXTRAS } from '../../src/ingest/identify/presets/preset.js';

describe('the kind registry', () => {
  it('loads parents before their children, owners first', () => {
    expect(FILE_KINDS[0]).toBe('owners');
    for (const kind of RECORD_KINDS) {
      for (const parent of KINDS[kind].parents ?? [])
        expect(RECORD_KINDS.indexOf(parent), kind).toBeLessThan(RECORD_KINDS.indexOf(kind));
    }
    expect(childKinds(PARENT_KIND)).toEqual(['contacts', 'opportunities', 'cases', 'tasks', 'events', 'account-team']);
  });

  it('names each Salesforce key prefix once, owners being users and queues', () => {
    expect(
      ['005', '00G', '001', '003', '00Q', '006', '500', '00T', '00U', '01M', '00q'].map(kindOfSalesforcePrefix),
    ).toEqual([
      'owners',
      'owners',
      'accounts',
      'contacts',
      'leads',
      'opportunities',
      'cases',
      'tasks',
      'events',
      'account-team',
      'opportunity-team',
    ]);
    expect(kindOfSalesforcePrefix('00E')).toBeUndefined();
    expect(kindOfSalesforcePrefix('00e')).toBeUndefined();
  });

  it('tells which kinds have closed records and what the checks may read', () => {
    expect(RECORD_KINDS.filter(hasClosed)).toEqual(['leads', 'opportunities', 'cases', 'tasks', 'events']);
    expect(RECORD_KINDS.filter((kind) => kindHas(kind, 'email'))).toEqual(['contacts', 'leads']);
    // Activities go with the record they are about; closed tasks and past events never move.
    expect(DEFAULT_FOLLOW_KINDS).toEqual(['contacts', 'opportunities', 'tasks', 'events']);
    expect(RECORD_KINDS.filter(closedMovable)).toEqual(['opportunities', 'cases']);
  });

  it('finds kinds by plural or singular name, never by an Object member', () => {
    expect(['Opportunities', 'opportunity', ' case ', 'LEAD', 'contacts'].map(kindNamed)).toEqual([
      'opportunities',
      'opportunities',
      'cases',
      'leads',
      'contacts',
    ]);
    expect(['owners', 'deals', 'constructor', ''].map(kindNamed)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('gives every kind its plan files, a zero count and capacity columns every preset reads', () => {
    expect(RECORD_KINDS.map(importFileName)).toEqual([
      'import-accounts.csv',
      'import-contacts.csv',
      'import-leads.csv',
      'import-opportunities.csv',
      'import-cases.csv',
      'import-tasks.csv',
      'import-events.csv',
      'import-account-team.csv',
      'import-opportunity-team.csv',
    ]);
    expect(rollbackFileName('cases')).toBe('rollback-cases.csv');
    // Activities and team members are counted where loaded.
    expect(zeroCounts()).toEqual({ owners: 0, accounts: 0, contacts: 0, leads: 0, opportunities: 0, cases: 0 });
    expect(OWNER_EXTRAS.capacity_opportunities).toEqual(
      expect.arrayContaining(['opportunity capacity', 'opportunity_capacity__c']),
    );
    expect(OWNER_EXTRAS.capacity_cases).toEqual(expect.arrayContaining(['case capacity', 'case_capacity__c']));
  });

  it('every preset maps an id and an owner for each kind it knows, and besides its names only fields its kind has', () => {
    for (const preset of PRESETS) {
      for (const kind of RECORD_KINDS) {
        const columns = preset.columns[kind];
        if (!columns) continue;
        expect(columns.id, `${preset.name} ${kind} id`).toBeDefined();
        expect(columns.owner, `${preset.name} ${kind} owner`).toBeDefined();
        const extra = Object.keys(columns).filter(
          (field) =>
            !['id', 'name', 'first_name', 'last_name', 'email', 'owner'].includes(field) &&
            !kindHas(kind, field as never),
        );
        expect(extra, `${preset.name} ${kind}`).toEqual([]);
      }
    }
  });
});
