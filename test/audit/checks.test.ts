/**
 * Every audit check on hand-made snapshots. Each test says, in a comment, which records count and
 * which do not, and why (README, `audit` → "The checks").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/audit/checkIds.js';
import { ACCOUNTS_HEADER, CONTACTS_HEADER, OWNERS_HEADER, auditOf, csv } from './helpers.js';

const pad = (n: number) => String(n).padStart(2, '0');

describe('unowned', () => {
  // Owners: u1 Ann (ordinary), u2 Ben Bot, u3 Cat Sync, u4 Dan Default. Placeholders are given as
  // u2 (by id), SYNC@x.test (by email, other case), "dan   DEFAULT" (by name, case and spaces) and
  // "Legacy Import" (a raw value that is in no owners file).
  const owners = csv(
    OWNERS_HEADER,
    'u1,Ann Active,ann@x.test,true,user,,',
    'u2,Ben Bot,bot@x.test,true,user,,',
    'u3,Cat Sync,sync@x.test,true,user,,',
    'u4,Dan Default,dan@x.test,true,user,,',
  );
  const placeholderOwners = ['u2', 'SYNC@x.test', 'dan   DEFAULT', 'Legacy Import'];

  it('counts empty owners, the empty Salesforce id and placeholders by id, email, name or raw value', async () => {
    // a1 u1                → owned: not counted
    // a2 (empty)           → counted (no owner)
    // a3 000000000000000AAA → counted (the Weekly Export's empty lookup)
    // a4 u2                → counted (placeholder by id)
    // a5 sync@x.test       → resolves to u3 by email → placeholder → counted
    // a6 Dan Default       → resolves to u4 by name → placeholder → counted
    // a7 Legacy Import     → in no owners file, but a configured placeholder → counted (not unknown)
    // a8 Somebody Else     → unknown owner: not unowned
    // a9 Cat Sync          → resolves to u3 by name → placeholder → counted
    // → unowned accounts = a2, a3, a4, a5, a6, a7, a9 = 7 of 9.
    const audit = await auditOf(
      {
        'owners.csv': owners,
        'accounts.csv': csv(
          ACCOUNTS_HEADER,
          'a1,One,u1,,',
          'a2,Two,,,',
          'a3,Three,000000000000000AAA,,',
          'a4,Four,u2,,',
          'a5,Five,sync@x.test,,',
          'a6,Six,Dan Default,,',
          'a7,Seven,Legacy Import,,',
          'a8,Eight,Somebody Else,,',
          'a9,Nine,Cat Sync,,',
        ),
      },
      { placeholderOwners },
    );
    expect(audit.row('unowned', 'accounts')).toEqual({
      check: 'unowned',
      kind: 'accounts',
      count: 7,
      total: 9,
      percent: 77.78,
      status: 'warn',
    });
    expect(audit.flagged('unowned', 'accounts')).toEqual(['a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a9']);
    expect(audit.count('unknown-owner', 'accounts')).toBe(1);
    expect(audit.flagged('unknown-owner', 'accounts')).toEqual(['a8']);
    const details = Object.fromEntries(audit.findingsOf('unowned', 'accounts').map((f) => [f.recordId, f.detail]));
    expect(details).toEqual({
      a2: 'no owner',
      a3: 'no owner',
      a4: 'placeholder owner',
      a5: 'placeholder owner',
      a6: 'placeholder owner',
      a7: 'placeholder owner',
      a9: 'placeholder owner',
    });
    // Only a1 is covered.
    expect(audit.result.coverage.accounts).toBe(11.11);
  });

  it('a raw placeholder value matches like an owner name: case-insensitive, whitespace collapsed', async () => {
    // Placeholder "Legacy Import" is in no owners file. Owner values resolve by name case-insensitively
    // with whitespace collapsed (README, `load` → "Owner references"), so "LEGACY IMPORT" and "legacy  import"
    // name the same placeholder and are unowned, not unknown.
    const audit = await auditOf(
      {
        'owners.csv': owners,
        'accounts.csv': csv(
          ACCOUNTS_HEADER,
          'a1,One,LEGACY IMPORT,,',
          'a2,Two,legacy  import,,',
          'a3,Three,Legacy Import,,',
        ),
      },
      { placeholderOwners },
    );
    expect(audit.count('unowned', 'accounts')).toBe(3);
    expect(audit.count('unknown-owner', 'accounts')).toBe(0);
  });

  it('without placeholders only empty owner values are unowned', async () => {
    // Same accounts, no placeholder config: a2 and a3 are unowned; a7 "Legacy Import" and a8 are
    // unknown; u2, u3, u4 are ordinary owners.
    const audit = await auditOf({
      'owners.csv': owners,
      'accounts.csv': csv(
        ACCOUNTS_HEADER,
        'a1,One,u1,,',
        'a2,Two,,,',
        'a3,Three,000000000000000AAA,,',
        'a4,Four,u2,,',
        'a7,Seven,Legacy Import,,',
      ),
    });
    expect(audit.flagged('unowned', 'accounts')).toEqual(['a2', 'a3']);
    expect(audit.flagged('unknown-owner', 'accounts')).toEqual(['a7']);
  });

  it('reads 000000000000000AAA as empty in a Salesforce export', async () => {
    // Salesforce Weekly Data Export shape: OwnerId 000000000000000AAA is an empty lookup.
    // 001…A4 owned by Dana (not counted), 001…A0 empty id (counted) → 1 of 2.
    const audit = await auditOf({
      'User.csv': csv(
        '"Id","Name","Email","IsActive","UserType"',
        '"0058c00000l57zPAAQ","Dana Whitfield","dana@x.test","1","Standard"',
      ),
      'Account.csv': csv(
        '"Id","Name","OwnerId"',
        '"0018c000003SSALAA4","Redwood","0058c00000l57zPAAQ"',
        '"0018c00000fVpBVAA0","Pacific","000000000000000AAA"',
      ),
    });
    expect(audit.row('unowned', 'accounts')).toMatchObject({ count: 1, total: 2 });
    expect(audit.flagged('unowned', 'accounts')).toEqual(['0018c00000fVpBVAA0']);
    expect(audit.findingsOf('unowned', 'accounts')[0]).toMatchObject({ owner: '', ownerId: '', detail: 'no owner' });
    expect(audit.count('unknown-owner', 'accounts')).toBe(0);
  });
});

describe('inactive-owner', () => {
  it('counts inactive owners and Deactivated User; an inactive placeholder is unowned only', async () => {
    // Owners: u1 active, u2 inactive, u3 inactive and a placeholder.
    // a1 u1                → active owner: not counted
    // a2 u2                → inactive: counted ("owner is inactive")
    // a3 Deactivated User  → HubSpot's deactivated owner: counted ("Deactivated User")
    // a4 u3                → placeholder: unowned, NOT inactive (categories do not overlap)
    // a5 Ben Inactive      → u2 by name: counted
    // a6 ben@x.test        → u2 by email: counted
    // → inactive accounts = a2, a3, a5, a6 = 4; unowned = a4.
    const audit = await auditOf(
      {
        'owners.csv': csv(
          OWNERS_HEADER,
          'u1,Ann Active,ann@x.test,true,user,,',
          'u2,Ben Inactive,ben@x.test,false,user,,',
          'u3,Old Integration,int@x.test,false,user,,',
        ),
        'accounts.csv': csv(
          ACCOUNTS_HEADER,
          'a1,One,u1,,',
          'a2,Two,u2,,',
          'a3,Three,Deactivated User,,',
          'a4,Four,u3,,',
          'a5,Five,Ben Inactive,,',
          'a6,Six,ben@x.test,,',
        ),
      },
      { placeholderOwners: ['u3'] },
    );
    expect(audit.row('inactive-owner', 'accounts')).toMatchObject({
      count: 4,
      total: 6,
      percent: 66.67,
      status: 'warn',
    });
    expect(audit.flagged('inactive-owner', 'accounts')).toEqual(['a2', 'a3', 'a5', 'a6']);
    const details = Object.fromEntries(
      audit.findingsOf('inactive-owner', 'accounts').map((f) => [f.recordId, f.detail]),
    );
    expect(details).toEqual({
      a2: 'owner is inactive',
      a3: 'Deactivated User',
      a5: 'owner is inactive',
      a6: 'owner is inactive',
    });
    expect(audit.flagged('unowned', 'accounts')).toEqual(['a4']);
    // Deactivated User is not an unknown owner either.
    expect(audit.count('unknown-owner', 'accounts')).toBe(0);
    expect(audit.result.coverage.accounts).toBe(16.67);
  });

  it('"Deactivated User" configured as a placeholder is unowned, not also inactive', async () => {
    // Some HubSpot orgs list "Deactivated User" among their placeholders. A placeholder's records
    // are unowned, and the categories do not overlap (same rule as the inactive placeholder above):
    // a1 → unowned only; a2 u1 → covered. Counting a1 twice would make unowned + inactive + unknown
    // + covered add up to more than the records.
    const audit = await auditOf(
      {
        'owners.csv': csv(OWNERS_HEADER, 'u1,Ann Active,ann@x.test,true,user,,'),
        'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,One,Deactivated User,,', 'a2,Two,u1,,'),
      },
      { placeholderOwners: ['Deactivated User'] },
    );
    expect(audit.flagged('unowned', 'accounts')).toEqual(['a1']);
    expect(audit.row('inactive-owner', 'accounts')).toMatchObject({ count: 0, status: 'pass' });
  });

  it('reads HubSpot exports: Deactivated User and archived owners', async () => {
    // HubSpot shape. Owners: 1 Hannah Brooks (active), 2 Tom Becker (Archived true).
    // 101 Hannah Brooks     → active: not counted
    // 102 Tom Becker        → archived owner: counted
    // 103 Deactivated User  → counted
    // 104 (empty)           → unowned, not inactive
    // → inactive contacts = 102, 103 = 2.
    const audit = await auditOf({
      'hubspot-owners.csv': csv(
        'Owner ID,User ID,First Name,Last Name,Email,Archived',
        '1,91,Hannah,Brooks,hannah@b.test,false',
        '2,92,Tom,Becker,tom@b.test,true',
      ),
      'hubspot-contacts.csv': csv(
        'Record ID,First Name,Last Name,Email,Contact owner,Associated Company IDs',
        '101,Ellie,Warren,ellie@c.test,Hannah Brooks,',
        '102,Grant,Howell,grant@c.test,Tom Becker,',
        '103,Zara,Ahmed,zara@c.test,Deactivated User,',
        '104,Owen,Fletcher,owen@c.test,,',
      ),
    });
    expect(audit.flagged('inactive-owner', 'contacts')).toEqual(['102', '103']);
    expect(audit.flagged('unowned', 'contacts')).toEqual(['104']);
    expect(audit.count('unknown-owner', 'contacts')).toBe(0);
    expect(audit.result.coverage.contacts).toBe(25);
  });
});

describe('unknown-owner', () => {
  it('counts deleted users, typos and ambiguous names, with the detail', async () => {
    // Owners: u1 and u2 are both "Alex Morgan"; u3 Rita Stone.
    // c1 u1            → by id: known, not counted
    // c2 u9            → deleted user: counted ("no such owner")
    // c3 Rita Stnoe    → typo: counted ("no such owner")
    // c4 alex morgan   → two owners have that name: counted ("ambiguous name")
    // c5 (empty)       → unowned, not unknown
    // c6 "rita  STONE" → name match, case and spaces ignored: known
    // c7 amorgan@x.test → by email: u2, known (the shared name does not matter)
    // → unknown contacts = c2, c3, c4 = 3 of 7.
    const audit = await auditOf({
      'owners.csv': csv(
        OWNERS_HEADER,
        'u1,Alex Morgan,alex@x.test,true,user,,',
        'u2,Alex Morgan,amorgan@x.test,true,user,,',
        'u3,Rita Stone,rita@x.test,true,user,,',
      ),
      'contacts.csv': csv(
        CONTACTS_HEADER,
        'c1,One,one@c.test,,u1,,',
        'c2,Two,two@c.test,,u9,,',
        'c3,Three,three@c.test,,Rita Stnoe,,',
        'c4,Four,four@c.test,,alex morgan,,',
        'c5,Five,five@c.test,,,,',
        'c6,Six,six@c.test,,rita  STONE,,',
        'c7,Seven,seven@c.test,,amorgan@x.test,,',
      ),
    });
    expect(audit.row('unknown-owner', 'contacts')).toMatchObject({
      count: 3,
      total: 7,
      percent: 42.86,
      status: 'warn',
    });
    const details = Object.fromEntries(
      audit.findingsOf('unknown-owner', 'contacts').map((f) => [f.recordId, f.detail]),
    );
    expect(details).toEqual({ c2: 'no such owner', c3: 'no such owner', c4: 'ambiguous name' });
    expect(audit.findingsOf('unknown-owner', 'contacts').find((f) => f.recordId === 'c4')).toMatchObject({
      owner: 'alex morgan',
      ownerId: '',
      ownerName: '',
    });
    expect(audit.flagged('unowned', 'contacts')).toEqual(['c5']);
    expect(audit.result.coverage.contacts).toBe(42.86);
  });
});

describe('overloaded-owner', () => {
  it("uses the owner's own capacity; only the excess counts, newest records first", async () => {
    // u1 capacity 2 owns a1..a5 → 3 excess. By created, newest first: a1 (2026-05-01),
    // a3 (2026-01-01), a4 (2025-01-01) | a2 (2024-01-01), a5 (2023-01-01) are within capacity.
    // u2 capacity 10 owns a6: not overloaded. Only 2 active owners: no fence is needed or inferred.
    const audit = await auditOf({
      'owners.csv': csv(OWNERS_HEADER, 'u1,Ann,ann@x.test,true,user,,2', 'u2,Ben,ben@x.test,true,user,,10'),
      'accounts.csv': csv(
        ACCOUNTS_HEADER,
        'a1,One,u1,,2026-05-01',
        'a2,Two,u1,,2024-01-01',
        'a3,Three,u1,,2026-01-01',
        'a4,Four,u1,,2025-01-01',
        'a5,Five,u1,,2023-01-01',
        'a6,Six,u2,,2026-06-01',
      ),
    });
    expect(audit.row('overloaded-owner', 'accounts')).toMatchObject({
      count: 3,
      total: 6,
      percent: 50,
      status: 'warn',
    });
    const findings = audit.findingsOf('overloaded-owner', 'accounts');
    expect(findings.map((f) => f.recordId)).toEqual(['a1', 'a3', 'a4']);
    expect(findings[0]).toMatchObject({
      owner: 'u1',
      ownerId: 'u1',
      ownerName: 'Ann',
      detail: 'load 5 over capacity 2',
    });
    const ann = audit.result.owners.find((o) => o.id === 'u1')!;
    expect(ann.loads.accounts).toBe(5);
    expect(ann.capacity.accounts).toBe(2);
  });

  it('a per-kind capacity column wins over the all-kinds one', async () => {
    // u1: capacity 1 (every kind), Account Capacity 3. Owns 4 accounts → 1 excess (4 − 3), and 3
    // contacts → 2 excess (3 − 1, the all-kinds capacity applies to contacts).
    const audit = await auditOf({
      'owners.csv': csv(
        'id,name,email,active,capacity,account capacity',
        'u1,Ann,ann@x.test,true,1,3',
        'u2,Ben,ben@x.test,true,,',
      ),
      'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A,u1,,', 'a2,B,u1,,', 'a3,C,u1,,', 'a4,D,u1,,', 'a5,E,u2,,'),
      'contacts.csv': csv(CONTACTS_HEADER, 'c1,A,,,u1,,', 'c2,B,,,u1,,', 'c3,C,,,u1,,'),
    });
    expect(audit.count('overloaded-owner', 'accounts')).toBe(1);
    expect(audit.count('overloaded-owner', 'contacts')).toBe(2);
    expect(audit.result.owners.find((o) => o.id === 'u1')!.capacity).toEqual({ accounts: 3, contacts: 1 });
    // No created column values → the excess records are the highest ids.
    expect(audit.flagged('overloaded-owner', 'accounts')).toEqual(['a4']);
    expect(audit.flagged('overloaded-owner', 'contacts')).toEqual(['c2', 'c3']);
  });

  it('defaultCapacity applies to owners without their own, before any fence', async () => {
    // defaultCapacity 2. Five active owners, so a fence could be inferred — but the default wins.
    // u1 (no capacity) owns 3 → 1 excess; u2 (own capacity 1) owns 2 → 1 excess (own beats default);
    // u3, u4, u5 own 1 each → within 2. Total 2.
    // (The fence over loads [3,2,1,1,1] would be Q3 2 + 1.5·(2 − 1) = 3.5: u1 would not be over it.)
    const audit = await auditOf(
      {
        'owners.csv': csv(
          OWNERS_HEADER,
          'u1,Ann,ann@x.test,true,user,,',
          'u2,Ben,ben@x.test,true,user,,1',
          'u3,Cat,cat@x.test,true,user,,',
          'u4,Dan,dan@x.test,true,user,,',
          'u5,Eve,eve@x.test,true,user,,',
        ),
        'accounts.csv': csv(
          ACCOUNTS_HEADER,
          'a1,A,u1,,',
          'a2,B,u1,,',
          'a3,C,u1,,',
          'a4,D,u2,,',
          'a5,E,u2,,',
          'a6,F,u3,,',
          'a7,G,u4,,',
          'a8,H,u5,,',
        ),
      },
      { defaultCapacity: 2 },
    );
    expect(audit.count('overloaded-owner', 'accounts')).toBe(2);
    expect(audit.flagged('overloaded-owner', 'accounts')).toEqual(['a3', 'a5']);
    expect(audit.result.owners.find((o) => o.id === 'u1')!.capacity.accounts).toBe(2);
    expect(audit.result.owners.find((o) => o.id === 'u2')!.capacity.accounts).toBe(1);
  });

  it('infers the Tukey fence from active user owners only, and counts the excess over it', async () => {
    // Active user owners u1..u5 own 1, 2, 3, 4 and 20 accounts; none has a capacity.
    // numpy.percentile([1,2,3,4,20], [25, 75]) = [2, 4] → IQR 2 → fence 4 + 1.5·2 = 7.
    // u5 owns 20 → 13 excess. No created dates → the 13 highest ids of u5's: a18..a30.
    // These must NOT take part in the fence, nor be overloaded (each owns 30, more than anyone):
    //   u6 inactive, u7 placeholder (active), q1 a queue, s1 a system user.
    // Were any of their loads (30) in the fence, [1,2,3,4,20,30] would give Q1 2.25, Q3 16,
    // fence 36.625, and nobody would be over it.
    const owners = [
      OWNERS_HEADER,
      'u1,Ann,ann@x.test,true,user,,',
      'u2,Ben,ben@x.test,true,user,,',
      'u3,Cat,cat@x.test,true,user,,',
      'u4,Dan,dan@x.test,true,user,,',
      'u5,Eve,eve@x.test,true,user,,',
      'u6,Fay,fay@x.test,false,user,,',
      'u7,Integration,int@x.test,true,user,,',
      'q1,Inbound Queue,,true,queue,,',
      's1,Automated Process,,true,AutomatedProcess,,',
    ];
    const accounts = [ACCOUNTS_HEADER];
    let n = 0;
    const own = (owner: string, count: number, prefix = 'a') => {
      for (let i = 0; i < count; i++) accounts.push(`${prefix}${pad(++n)},Account ${n},${owner},,`);
    };
    own('u1', 1); // a01
    own('u2', 2); // a02 a03
    own('u3', 3); // a04..a06
    own('u4', 4); // a07..a10
    own('u5', 20); // a11..a30
    for (const other of ['u6', 'u7', 'q1', 's1']) own(other, 30, `x-${other}-`);
    const audit = await auditOf(
      { 'owners.csv': csv(...owners), 'accounts.csv': csv(...accounts) },
      { placeholderOwners: ['u7'] },
    );

    expect(audit.count('overloaded-owner', 'accounts')).toBe(13);
    const expected = Array.from({ length: 13 }, (_, i) => `a${pad(18 + i)}`);
    expect(audit.flagged('overloaded-owner', 'accounts')).toEqual(expected);
    // Highest ids first.
    expect(audit.findingsOf('overloaded-owner', 'accounts').map((f) => f.recordId)).toEqual([...expected].reverse());
    expect(audit.findingsOf('overloaded-owner', 'accounts')[0]).toMatchObject({
      ownerId: 'u5',
      detail: 'load 20 over capacity 7',
    });
    // The inferred capacity is reported for the assignable owners.
    expect(audit.result.owners.find((o) => o.id === 'u1')!.capacity.accounts).toBe(7);
    expect(audit.result.owners.find((o) => o.id === 'u5')!.capacity.accounts).toBe(7);
  });

  it('a fractional fence allows its whole part: [10,20,30,40] → fence 55', async () => {
    // numpy.percentile([10,20,30,40], [25, 75]) = [17.5, 32.5] → fence 32.5 + 1.5·15 = 55.
    // Loads 10, 20, 30, 40: nobody is above 55 → 0.
    const accounts = [ACCOUNTS_HEADER];
    let n = 0;
    ['u1', 'u2', 'u3', 'u4'].forEach((owner, i) => {
      for (let k = 0; k < (i + 1) * 10; k++) accounts.push(`a${String(++n).padStart(3, '0')},A,${owner},,`);
    });
    const audit = await auditOf({
      'owners.csv': csv(
        OWNERS_HEADER,
        'u1,Ann,a@x.test,true,user,,',
        'u2,Ben,b@x.test,true,user,,',
        'u3,Cat,c@x.test,true,user,,',
        'u4,Dan,d@x.test,true,user,,',
      ),
      'accounts.csv': csv(...accounts),
    });
    expect(audit.count('overloaded-owner', 'accounts')).toBe(0);
    expect(audit.result.owners.find((o) => o.id === 'u4')!.capacity.accounts).toBe(55);
  });

  it('infers no capacity from fewer than 4 owners', async () => {
    // Three active user owners own 1, 1 and 50 contacts; nobody has a capacity and there is no
    // defaultCapacity → no fence → nothing is overloaded, and no capacity is reported.
    const contacts = [CONTACTS_HEADER, 'c001,A,,,u1,,', 'c002,B,,,u2,,'];
    for (let i = 3; i <= 52; i++) contacts.push(`c${String(i).padStart(3, '0')},C,,,u3,,`);
    const audit = await auditOf({
      'owners.csv': csv(
        OWNERS_HEADER,
        'u1,Ann,a@x.test,true,user,,',
        'u2,Ben,b@x.test,true,user,,',
        'u3,Cat,c@x.test,true,user,,',
        'u4,Dan,d@x.test,true,user,,',
      ),
      'contacts.csv': csv(...contacts),
    });
    expect(audit.row('overloaded-owner', 'contacts')).toMatchObject({ count: 0, status: 'pass' });
    expect(audit.result.owners.find((o) => o.id === 'u3')!.capacity).toEqual({});
  });

  it('inactive, placeholder, queue and system owners are never overloaded, even with a capacity', async () => {
    // Each of u2 (inactive), u3 (placeholder), q1 (queue) and s1 (system) has capacity 1 and owns 3
    // accounts. Only u1 (active user, capacity 1, 2 accounts) is overloaded: 1 excess (a02).
    const accounts = [ACCOUNTS_HEADER, 'a01,A,u1,,', 'a02,B,u1,,'];
    let n = 10;
    for (const owner of ['u2', 'u3', 'q1', 's1']) for (let i = 0; i < 3; i++) accounts.push(`a${++n},X,${owner},,`);
    const audit = await auditOf(
      {
        'owners.csv': csv(
          OWNERS_HEADER,
          'u1,Ann,a@x.test,true,user,,1',
          'u2,Ben,b@x.test,false,user,,1',
          'u3,Integration,i@x.test,true,user,,1',
          'q1,Queue,,true,queue,,1',
          's1,Automation,,true,AutomatedProcess,,1',
        ),
        'accounts.csv': csv(...accounts),
      },
      { placeholderOwners: ['Integration'] },
    );
    expect(audit.count('overloaded-owner', 'accounts')).toBe(1);
    expect(audit.flagged('overloaded-owner', 'accounts')).toEqual(['a02']);
  });
});

describe('territory-conflict and no-territory', () => {
  // Rules: North (owners cell u1), South, Empty (a territory nobody serves), Direct (contacts only,
  // matched on the contact's own email, owners cell dee@x.test).
  const rulesCsv = csv(
    'territory,priority,kind,owners,region,email',
    'North,10,,u1,North,',
    'South,20,,,South,',
    'Empty,30,,,Nowhere,',
    'Direct,40,contacts,dee@x.test,,*@direct.test',
  );
  // Territory owners: North = u1 (rules cell) + u2 (owners' territories column); South = u3, u5
  // (column; u5 inactive); Empty = nobody; Direct = u4 (rules cell, by email).
  const owners = csv(
    OWNERS_HEADER,
    'u1,Ann,ann@x.test,true,user,,',
    'u2,Ben,ben@x.test,true,user,North,',
    'u3,Cat,cat@x.test,true,user,South;West,',
    'u4,Dee,dee@x.test,true,user,,',
    'u5,Eve,eve@x.test,false,user,South,',
    'u6,Fay,fay@x.test,true,user,,',
    'u7,Integration,int@x.test,true,user,,',
    'u8,Gus,gus@x.test,true,user,north,',
    'q1,Queue,,true,queue,,',
  );
  const accounts = csv(
    ACCOUNTS_HEADER,
    'a01,North by rule owner,u1,North,', //       North, u1 serves it (rules cell)            → ok
    'a02,North by column,u2,North,', //           North, u2 serves it (Territory column)      → ok
    'a03,North by south rep,u3,North,', //        North, u3 does not serve it                 → CONFLICT
    'a04,South,u3,South,', //                     South, u3                                   → ok
    'a05,South inactive,u5,South,', //            inactive owner: inactive-owner's business   → no conflict
    'a06,South unowned,,South,', //               unowned                                     → no conflict
    'a07,South unknown,ghost,South,', //          unknown owner                               → no conflict
    'a08,Nobody serves,u6,Nowhere,', //           territory Empty has no owners               → no conflict
    'a09,No rule,u6,West,', //                    no rule matches                             → NO-TERRITORY
    'a10,North queue,q1,North,', //               waiting in a queue no rule names            → no conflict
    'a11,North lower case,u6,north,', //          pattern is case-insensitive → North, u6     → CONFLICT
    'a12,North placeholder,u7,North,', //         placeholder (unowned)                       → no conflict
    'a13,North by lower-case column,u8,North,', // u8's territories say "north"               → ok
  );
  const contacts = csv(
    CONTACTS_HEADER,
    'c1,On a01,c1@c.test,a01,u6,,', //            takes a01's territory North, u6             → CONFLICT
    'c2,On a01 too,c2@c.test,a01,u2,,', //        North, u2                                   → ok
    'c3,On a09,c3@c.test,a09,u1,,', //            a09 has no territory                        → NO-TERRITORY
    'c4,Direct ok,x@direct.test,,u4,,', //        no account: own fields → Direct, u4          → ok
    'c5,Direct other,y@direct.test,,u1,,', //     Direct, u1 does not serve it                → CONFLICT
    'c6,No match,z@other.test,,u1,,', //          no account, no rule matches                 → NO-TERRITORY
    'c7,Account missing,w@direct.test,a404,u6,,', // account not in snapshot: own fields → Direct → CONFLICT
    'c8,On a08,c8@c.test,a08,u1,,', //            territory Empty (no owners)                 → no conflict
    'c9,On a03,c9@direct.test,a03,u1,,', //       account's territory (North) wins over Direct → ok
  );

  it('counts conflicts and records without a territory, account by account and contact by contact', async () => {
    const audit = await auditOf(
      { 'owners.csv': owners, 'accounts.csv': accounts, 'contacts.csv': contacts },
      { rulesCsv, placeholderOwners: ['u7'] },
    );
    // accounts: conflicts a03, a11 = 2; no territory a09 = 1.
    expect(audit.flagged('territory-conflict', 'accounts')).toEqual(['a03', 'a11']);
    expect(audit.row('territory-conflict', 'accounts')).toMatchObject({
      count: 2,
      total: 13,
      percent: 15.38,
      status: 'warn',
    });
    expect(audit.flagged('no-territory', 'accounts')).toEqual(['a09']);
    expect(audit.count('no-territory', 'accounts')).toBe(1);
    // contacts: conflicts c1, c5, c7 = 3; no territory c3, c6 = 2.
    expect(audit.flagged('territory-conflict', 'contacts')).toEqual(['c1', 'c5', 'c7']);
    expect(audit.count('territory-conflict', 'contacts')).toBe(3);
    expect(audit.flagged('no-territory', 'contacts')).toEqual(['c3', 'c6']);
    expect(audit.count('no-territory', 'contacts')).toBe(2);
    // The detail names the territory.
    expect(audit.findingsOf('territory-conflict', 'contacts').map((f) => f.detail)).toEqual([
      'territory North',
      'territory Direct',
      'territory Direct',
    ]);
  });

  it('territory checks are absent without rules', async () => {
    const audit = await auditOf({ 'owners.csv': owners, 'accounts.csv': accounts, 'contacts.csv': contacts });
    expect(audit.result.checks.filter((r) => r.check === 'territory-conflict' || r.check === 'no-territory')).toEqual(
      [],
    );
  });
});

describe('account-owner-mismatch', () => {
  it('counts contacts whose known owner differs from their account’s known owner', async () => {
    // Owners: u1 Ann, u2 Ben, u3 Cat (inactive), u4 Integration (placeholder); q1 a queue.
    // Accounts: a1 u1, a2 u3 (inactive), a3 u4 (placeholder), a4 (no owner), a5 ghost (unknown).
    // c01 a1/u1   same owner                        → no
    // c02 a1/u2   different                         → COUNTED
    // c03 a2/u1   account owner inactive: counts    → COUNTED
    // c04 a1/u3   contact owner inactive: counts    → COUNTED
    // c05 a3/u1   account owner is a placeholder    → no
    // c06 a1/u4   contact owner is a placeholder    → no
    // c07 a404/u2 account not in the snapshot       → no
    // c08 a4/u1   account has no owner              → no
    // c09 a5/u1   account owner unknown             → no
    // c10 a1/—    contact has no owner              → no
    // c11 a1/q1   a queue is a known owner          → COUNTED
    // c12 —/u2    no account                        → no
    // → 4: c02, c03, c04, c11.
    const audit = await auditOf(
      {
        'owners.csv': csv(
          OWNERS_HEADER,
          'u1,Ann,ann@x.test,true,user,,',
          'u2,Ben,ben@x.test,true,user,,',
          'u3,Cat,cat@x.test,false,user,,',
          'u4,Integration,int@x.test,true,user,,',
          'q1,Queue,,true,queue,,',
        ),
        'accounts.csv': csv(
          ACCOUNTS_HEADER,
          'a1,One,u1,,',
          'a2,Two,u3,,',
          'a3,Three,u4,,',
          'a4,Four,,,',
          'a5,Five,ghost,,',
        ),
        'contacts.csv': csv(
          CONTACTS_HEADER,
          'c01,A,,a1,u1,,',
          'c02,B,,a1,u2,,',
          'c03,C,,a2,u1,,',
          'c04,D,,a1,u3,,',
          'c05,E,,a3,u1,,',
          'c06,F,,a1,u4,,',
          'c07,G,,a404,u2,,',
          'c08,H,,a4,u1,,',
          'c09,I,,a5,u1,,',
          'c10,J,,a1,,,',
          'c11,K,,a1,q1,,',
          'c12,L,,,u2,,',
        ),
        'leads.csv': csv('id,name,email,owner', 'l1,Lead,l@x.test,u1'),
      },
      { placeholderOwners: ['Integration'] },
    );
    expect(audit.row('account-owner-mismatch', 'contacts')).toMatchObject({
      count: 4,
      total: 12,
      percent: 33.33,
      status: 'warn',
    });
    expect(audit.flagged('account-owner-mismatch', 'contacts')).toEqual(['c02', 'c03', 'c04', 'c11']);
    expect(audit.findingsOf('account-owner-mismatch', 'contacts')[0]).toMatchObject({
      recordId: 'c02',
      ownerId: 'u2',
      ownerName: 'Ben',
      detail: 'account a1 is owned by Ann',
    });
    // Only for kinds whose parent is accounts: not for accounts, nor for leads, which have none.
    expect(audit.row('account-owner-mismatch', 'accounts')).toBeUndefined();
    expect(audit.row('account-owner-mismatch', 'leads')).toBeUndefined();
  });
});

describe('duplicate-id', () => {
  it('counts every repeated row; the first row is the record and the others are in no total', async () => {
    // accounts.csv: a1 (line 2), a2 (3), a1 again (4), a1 again (5), a3 (6) → 3 records, 2 duplicates.
    // The kept a1 is the first row (owner u1); the repeats owned by "ghost" and "" would be an
    // unknown and an unowned record if they were records — they are not.
    // contacts.csv: c1 (line 2), c1 again (line 3) → 1 record, 1 duplicate.
    const audit = await auditOf({
      'owners.csv': csv(OWNERS_HEADER, 'u1,Ann,ann@x.test,true,user,,'),
      'accounts.csv': csv(
        ACCOUNTS_HEADER,
        'a1,First,u1,,',
        'a2,Two,u1,,',
        'a1,Second,ghost,,',
        'a1,Third,,,',
        'a3,Three,u1,,',
      ),
      'contacts.csv': csv(CONTACTS_HEADER, 'c1,Kept,,,u1,,', 'c1,Repeat,,,u1,,'),
    });
    expect(audit.result.snapshot.counts).toMatchObject({ accounts: 3, contacts: 1 });
    expect(audit.row('duplicate-id', 'accounts')).toEqual({
      check: 'duplicate-id',
      kind: 'accounts',
      count: 2,
      total: 3,
      percent: 66.67,
      status: 'warn',
    });
    expect(audit.row('duplicate-id', 'contacts')).toMatchObject({ count: 1, total: 1, percent: 100 });
    expect(audit.count('unknown-owner', 'accounts')).toBe(0);
    expect(audit.count('unowned', 'accounts')).toBe(0);
    expect(audit.result.coverage).toEqual({ overall: 100, accounts: 100, contacts: 100 });
    const findings = audit.findingsOf('duplicate-id', 'accounts');
    expect(findings.map((f) => f.recordId)).toEqual(['a1', 'a1']);
    expect(findings[0].recordName).toBe('First');
    expect(findings[0].detail).toMatch(/accounts\.csv:4 repeats the id first seen at .*accounts\.csv:2$/);
    expect(findings[1].detail).toMatch(/accounts\.csv:5 repeats the id first seen at .*accounts\.csv:2$/);
  });
  it('compares ids after normalisation, across files of one kind, and case-sensitively for Salesforce', async () => {
    // Account.csv (Salesforce): 001x0000002xLCV is the 15-character form of 001x0000002xLCVAA2 → the
    // second row repeats the first (1 duplicate). 0018c00000jT6OsAAK and 0018c00000jT6OSAA0 differ
    // only in case: two accounts, no duplicate.
    // Two contacts files: c1 in both → 1 duplicate; c2 only once.
    const audit = await auditOf({
      'User.csv': csv('Id,Name,Email,IsActive,UserType', '005x0000000fNSiAAM,Dana,dana@x.test,true,Standard'),
      'Account.csv': csv(
        'Id,Name,OwnerId',
        '001x0000002xLCVAA2,Redwood,005x0000000fNSiAAM',
        '001x0000002xLCV,Redwood again,005x0000000fNSi',
        '0018c00000jT6OsAAK,Cascade,005x0000000fNSiAAM',
        '0018c00000jT6OSAA0,Sierra,005x0000000fNSiAAM',
      ),
      'contacts-a.csv': csv(CONTACTS_HEADER, 'c1,First,,,Dana,,'),
      'contacts-b.csv': csv(CONTACTS_HEADER, 'c1,Again,,,Dana,,', 'c2,Other,,,Dana,,'),
    });
    expect(audit.result.snapshot.counts).toMatchObject({ accounts: 3, contacts: 2 });
    expect(audit.row('duplicate-id', 'accounts')).toMatchObject({ count: 1, total: 3 });
    expect(audit.flagged('duplicate-id', 'accounts')).toEqual(['001x0000002xLCVAA2']);
    expect(audit.row('duplicate-id', 'contacts')).toMatchObject({ count: 1, total: 2 });
    expect(audit.findingsOf('duplicate-id', 'contacts')[0].detail).toMatch(
      /contacts-b\.csv:2 repeats the id first seen at .*contacts-a\.csv:2$/,
    );
  });
});

describe('split-ownership', () => {
  it('flags every record of an email group whose owners differ', async () => {
    // Owners u1 Ann (ann@x.test), u2 Ben, u3 Cat.
    // pat@x.test: c01 u1, c02 " PAT@X.test " u2, c03 "Pat@x.test" u1 → owners differ → all 3 COUNTED
    // sam@x.test: c04 u1, c05 ann@x.test (= u1 by email)           → same owner → none
    // lee@x.test: c06 (no owner), c07 u1                           → no owner ≠ u1 → 2 COUNTED
    // kim@x.test: c08 (no owner), c09 (no owner)                   → all the same (nobody) → none
    // no email:   c10 u1, c11 u2                                    → not an address → none
    // raw@x.test: c12 "Ghost Rep", c13 "ghost  rep"                  → same raw value folded → none
    // q@x.test:   c14 u3 (alone among contacts; a lead shares it)   → none
    // → contacts 5: c01, c02, c03, c06, c07.
    // Leads: l1 q@x.test u1, l2 Q@x.test u2 → 2 (groups are per kind).
    const audit = await auditOf({
      'owners.csv': csv(
        OWNERS_HEADER,
        'u1,Ann,ann@x.test,true,user,,',
        'u2,Ben,ben@x.test,true,user,,',
        'u3,Cat,cat@x.test,true,user,,',
      ),
      'contacts.csv': csv(
        CONTACTS_HEADER,
        'c01,A,pat@x.test,,u1,,',
        'c02,B," PAT@X.test ",,u2,,',
        'c03,C,Pat@x.test,,u1,,',
        'c04,D,sam@x.test,,u1,,',
        'c05,E,SAM@x.test,,ann@x.test,,',
        'c06,F,lee@x.test,,,,',
        'c07,G,lee@x.test,,u1,,',
        'c08,H,kim@x.test,,,,',
        'c09,I,kim@x.test,,,,',
        'c10,J,,,u1,,',
        'c11,K,,,u2,,',
        'c12,L,raw@x.test,,Ghost Rep,,',
        'c13,M,raw@x.test,,ghost  rep,,',
        'c14,N,q@x.test,,u3,,',
      ),
      'leads.csv': csv('id,name,email,owner', 'l1,Lead One,q@x.test,u1', 'l2,Lead Two,Q@x.test,u2'),
    });
    expect(audit.row('split-ownership', 'contacts')).toMatchObject({
      count: 5,
      total: 14,
      percent: 35.71,
      status: 'warn',
    });
    expect(audit.flagged('split-ownership', 'contacts')).toEqual(['c01', 'c02', 'c03', 'c06', 'c07']);
    expect(audit.flagged('split-ownership', 'leads')).toEqual(['l1', 'l2']);
    expect(audit.count('split-ownership', 'leads')).toBe(2);
    expect(audit.row('split-ownership', 'accounts')).toBeUndefined();
  });
});

describe('stale-ownership', () => {
  // Loaded 2026-11-01T00:00Z with staleDays 30: "older than 30 days" means before 2026-10-02.
  // c1 2026-10-31 → fresh · c2 2026-10-02 → exactly 30 days: not older · c3 2026-10-01 → STALE
  // c4 (empty) → STALE · c5 2025-01-01 but no owner → not counted · c6 2025-01-01, placeholder → not
  // counted · c7 2025-01-01, unknown owner → not owned, not counted.
  const files = {
    'owners.csv': csv(OWNERS_HEADER, 'u1,Ann,ann@x.test,true,user,,', 'u9,Integration,int@x.test,true,user,,'),
    'contacts.csv': csv(
      CONTACTS_HEADER,
      'c1,A,,,u1,2026-10-31,',
      'c2,B,,,u1,2026-10-02,',
      'c3,C,,,u1,2026-10-01,',
      'c4,D,,,u1,,',
      'c5,E,,,,2025-01-01,',
      'c6,F,,,u9,2025-01-01,',
      'c7,G,,,ghost,2025-01-01,',
    ),
  };

  it('counts owned records with no activity in the last N days, or none at all', async () => {
    const audit = await auditOf(files, { staleDays: 30, placeholderOwners: ['u9'] });
    expect(audit.row('stale-ownership', 'contacts')).toMatchObject({
      count: 2,
      total: 7,
      percent: 28.57,
      status: 'warn',
    });
    expect(audit.flagged('stale-ownership', 'contacts')).toEqual(['c3', 'c4']);
    const details = Object.fromEntries(
      audit.findingsOf('stale-ownership', 'contacts').map((f) => [f.recordId, f.detail]),
    );
    expect(details).toEqual({ c3: 'last activity 2026-10-01', c4: 'no activity recorded' });
  });

  it('is relative to the snapshot load time, not to today', async () => {
    // Loaded 2026-11-30: the cutoff is 2026-10-31 → c2 is stale too; c1 (2026-10-31, exactly 30 days) is not.
    const audit = await auditOf(files, {
      staleDays: 30,
      placeholderOwners: ['u9'],
      now: new Date('2026-11-30T00:00:00Z'),
    });
    expect(audit.flagged('stale-ownership', 'contacts')).toEqual(['c2', 'c3', 'c4']);
    // Loaded long ago: nothing owned is stale except the record with no activity at all.
    const early = await auditOf(files, {
      staleDays: 30,
      placeholderOwners: ['u9'],
      now: new Date('2026-10-15T00:00:00Z'),
    });
    expect(early.flagged('stale-ownership', 'contacts')).toEqual(['c4']);
  });

  it('is absent without staleDays', async () => {
    const audit = await auditOf(files, { placeholderOwners: ['u9'] });
    expect(audit.row('stale-ownership', 'contacts')).toBeUndefined();
  });

  it('skips a last activity that is no date: it is not "no activity"', async () => {
    // c8 "sometime in Q3" → unreadable: neither stale nor "no activity recorded" · c9 9/24/25 10:00 PM
    // (Excel's re-saved form) → 2025-09-24 → stale.
    const withUnreadable = {
      ...files,
      'contacts.csv': files['contacts.csv'] + 'c8,H,,,u1,sometime in Q3,\nc9,I,,,u1,9/24/25 10:00 PM,\n',
    };
    const audit = await auditOf(withUnreadable, { staleDays: 30, placeholderOwners: ['u9'] });
    expect(audit.flagged('stale-ownership', 'contacts')).toEqual(['c3', 'c4', 'c9']);
    const details = Object.fromEntries(
      audit.findingsOf('stale-ownership', 'contacts').map((f) => [f.recordId, f.detail]),
    );
    expect(details.c9).toBe('last activity 2025-09-24');
  });
});

describe('mangled-id', () => {
  // HubSpot-like numeric ids that Excel re-saved: a2's id, c2's owner and c3's account reference are
  // in scientific notation; a1, c1 are intact; c4's owner has a '+' but is no number.
  const files = {
    'owners.csv': csv(
      OWNERS_HEADER,
      '151081234567,Ann,ann@x.test,true,user,,',
      '1.51081E+11,Bad Row,bad@x.test,true,user,,',
    ),
    'accounts.csv': csv(ACCOUNTS_HEADER, '300000000000001,One,151081234567,North,', '3.00E+14,Two,151081234567,North,'),
    'contacts.csv': csv(
      CONTACTS_HEADER,
      'c1,A,,300000000000001,151081234567,,',
      'c2,B,,300000000000001,1.51081E+11,,',
      'c3,C,,3.00E+14,151081234567,,',
      'c4,D,,,Ann+Bob,,',
    ),
  };

  it('flags records whose id, owner or account reference is in scientific notation, with the column', async () => {
    const audit = await auditOf(files);
    expect(audit.flagged('mangled-id', 'accounts')).toEqual(['3.00E+14']);
    expect(audit.flagged('mangled-id', 'contacts')).toEqual(['c2', 'c3']);
    expect(audit.row('mangled-id', 'contacts')).toMatchObject({ count: 2, total: 4, percent: 50, status: 'warn' });
    const details = Object.fromEntries(audit.findingsOf('mangled-id', 'contacts').map((f) => [f.recordId, f.detail]));
    expect(details).toEqual({
      c2: 'owner 1.51081E+11 is in scientific notation: Excel dropped its digits',
      c3: 'account 3.00E+14 is in scientific notation: Excel dropped its digits',
    });
  });
});

describe('which checks are reported, and in what order', () => {
  const files = {
    'owners.csv': csv(OWNERS_HEADER, 'u1,Ann,ann@x.test,true,user,,'),
    'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,One,u1,North,'),
    'contacts.csv': csv(CONTACTS_HEADER, 'c1,A,a@c.test,a1,u1,2026-10-30,'),
    'leads.csv': csv('id,name,email,owner', 'l1,Lead,l@x.test,u1'),
  };
  const rulesCsv = csv('territory,region', 'North,North');

  it("lists every applicable check for every kind, check first then kind, in the order of the README's table", async () => {
    const audit = await auditOf(files, { rulesCsv, staleDays: 30 });
    const rows = audit.result.checks.map((r) => `${r.check}/${r.kind}`);
    // account-owner-mismatch is for kinds whose parent is accounts; split-ownership for kinds with an email.
    const skipped = new Set([
      'account-owner-mismatch/accounts',
      'account-owner-mismatch/leads',
      'split-ownership/accounts',
    ]);
    // overdue-activity and inactive-team-member are for activities and team members, which these files are not.
    const ofOtherKinds = new Set(['overdue-activity', 'inactive-team-member']);
    const expected = CHECK_IDS.filter((check) => !ofOtherKinds.has(check))
      .flatMap((check) => (['accounts', 'contacts', 'leads'] as const).map((kind) => `${check}/${kind}`))
      .filter((row) => !skipped.has(row));
    expect(rows).toEqual(expected);
    expect(rows.slice(0, 4)).toEqual([
      'unowned/accounts',
      'unowned/contacts',
      'unowned/leads',
      'inactive-owner/accounts',
    ]);
    // Passing checks are listed too.
    expect(audit.row('unowned', 'accounts')).toEqual({
      check: 'unowned',
      kind: 'accounts',
      count: 0,
      total: 1,
      percent: 0,
      status: 'pass',
    });
  });

  it('leaves out territory checks without rules, stale-ownership without staleDays, and kinds with no records', async () => {
    const { 'leads.csv': _leads, ...noLeads } = files;
    const audit = await auditOf(noLeads);
    expect(audit.result.checks.map((r) => `${r.check}/${r.kind}`)).toEqual([
      'unowned/accounts',
      'unowned/contacts',
      'inactive-owner/accounts',
      'inactive-owner/contacts',
      'unknown-owner/accounts',
      'unknown-owner/contacts',
      'overloaded-owner/accounts',
      'overloaded-owner/contacts',
      'account-owner-mismatch/contacts',
      'duplicate-id/accounts',
      'duplicate-id/contacts',
      'mangled-id/accounts',
      'mangled-id/contacts',
      'split-ownership/contacts',
    ]);
  });

  it('the checks option limits the checks run', async () => {
    const audit = await auditOf(files, { rulesCsv, staleDays: 30, checks: ['split-ownership', 'unowned'] });
    // Still in the README's order, whatever the order asked.
    expect(audit.result.checks.map((r) => `${r.check}/${r.kind}`)).toEqual([
      'unowned/accounts',
      'unowned/contacts',
      'unowned/leads',
      'split-ownership/contacts',
      'split-ownership/leads',
    ]);
  });
});

describe('coverage', () => {
  it('is per kind and pooled: placeholders and inactive owners are not covered, queues are', async () => {
    // accounts: a1 u1 (covered), a2 u2 inactive, a3 u3 placeholder, a4 queue 00G… not in the owners
    //           file (a known, active owner: covered), a5 empty → 2/5 = 40%
    // contacts: c1 u1 (covered), c2 queue (covered), c3 unknown → 2/3 = 66.67%
    // overall:  4/8 = 50%. No leads → no leads entry.
    const queue = '00G8c00000tQX3cEAG';
    const audit = await auditOf(
      {
        'owners.csv': csv(
          OWNERS_HEADER,
          'u1,Ann,ann@x.test,true,user,,',
          'u2,Ben,ben@x.test,false,user,,',
          'u3,Integration,int@x.test,true,user,,',
        ),
        'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,A,u1,,', 'a2,B,u2,,', 'a3,C,u3,,', `a4,D,${queue},,`, 'a5,E,,,'),
        'contacts.csv': csv(CONTACTS_HEADER, 'c1,A,,,u1,,', `c2,B,,,${queue},,`, 'c3,C,,,nobody,,'),
      },
      { placeholderOwners: ['int@x.test'] },
    );
    expect(audit.result.coverage).toEqual({ overall: 50, accounts: 40, contacts: 66.67 });
    // The queue-owned records are in no ownership check.
    for (const check of ['unowned', 'inactive-owner', 'unknown-owner'] as const) {
      expect(audit.flagged(check, 'accounts')).not.toContain('a4');
      expect(audit.flagged(check, 'contacts')).not.toContain('c2');
    }
    const queueSummary = audit.result.owners.find((o) => o.id === queue)!;
    expect(queueSummary).toMatchObject({ type: 'queue', active: true, loads: { accounts: 1, contacts: 1 } });
  });
});

describe('ownership categories partition the records (property)', () => {
  it('unowned + inactive-owner + unknown-owner + covered = all records, for any owner values', async () => {
    // Owners u1..u4 with random active flags; u3 and u4 share the name "Alex Morgan" (ambiguous by
    // name). A random subset of u1..u4 (by id, email or name) are placeholders, plus the raw value
    // "Legacy Import". Records take owner values from every form a CRM export writes. ("Deactivated
    // User" as a placeholder has its own test above.)
    const ownerValues = [
      'u1',
      'u2',
      'u3',
      'u4',
      'ann@x.test',
      'BEN@x.test',
      'Ann Lee',
      'ann   lee',
      'Alex Morgan',
      'alex.b@x.test',
    ];
    ownerValues.push(
      '',
      '000000000000000AAA',
      'ghost',
      'Legacy Import',
      'legacy import',
      'Deactivated User',
      '00G8c00000tQX3cEAG',
    );
    const placeholderForms = [['u1'], ['ann@x.test'], ['Ben Ode'], ['u3'], ['alex.b@x.test']];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.subarray(placeholderForms.map((_, i) => i)),
        fc.array(fc.constantFrom(...ownerValues), { minLength: 1, maxLength: 25 }),
        async (active, placeholderIndexes, values) => {
          const owners = csv(
            OWNERS_HEADER,
            `u1,Ann Lee,ann@x.test,${active[0]},user,,`,
            `u2,Ben Ode,ben@x.test,${active[1]},user,,`,
            `u3,Alex Morgan,alex.a@x.test,${active[2]},user,,`,
            `u4,Alex Morgan,alex.b@x.test,${active[3]},user,,`,
          );
          const placeholderOwners = ['Legacy Import', ...placeholderIndexes.flatMap((i) => placeholderForms[i])];
          const accounts = csv(ACCOUNTS_HEADER, ...values.map((v, i) => `a${i},Account ${i},${v},,`));
          const audit = await auditOf({ 'owners.csv': owners, 'accounts.csv': accounts }, { placeholderOwners });
          const total = values.length;
          const flagged = ['unowned', 'inactive-owner', 'unknown-owner'].flatMap((check) =>
            audit.flagged(check as 'unowned', 'accounts'),
          );
          // No record is in two categories.
          expect(new Set(flagged).size).toBe(flagged.length);
          const covered = total - flagged.length;
          expect(audit.result.coverage.accounts).toBe(Math.round((covered / total) * 10000) / 100);
          audit.db.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('closed records: history, counted but audited only by duplicate-id', () => {
  const files = {
    'owners.csv': csv(
      OWNERS_HEADER,
      'u1,Ann,ann@x.test,true,user,North,',
      'u2,Ben,ben@x.test,false,user,North,',
      'u3,Cy,cy@x.test,true,user,North,',
    ),
    'accounts.csv': csv(ACCOUNTS_HEADER, 'a1,One,u1,North,', 'a2,Two,u3,North,'),
    // o1 open, inactive owner, on Ann's account (mismatch); o2 closed, inactive owner; o3 open, account
    // not in the snapshot; o4 closed and repeated (duplicate-id counts it).
    'opportunities.csv': csv(
      'id,name,account_id,owner,stage,closed,amount',
      'o1,Renewal,a1,u2,Proposal,false,100',
      'o2,Old deal,a1,u2,Closed Won,true,200',
      'o3,Orphan,a404,u2,Proposal,false,50',
      'o4,Lost deal,a2,,Closed Lost,true,',
      'o4,Lost deal again,a2,u3,Closed Lost,true,',
    ),
    'cases.csv': csv('id,name,account_id,owner,status', 'k1,Broken,a2,u1,New', 'k2,Fixed,a2,u2,Closed'),
    'leads.csv': csv(
      'id,name,email,owner,converted',
      'l1,Lee,same@x.test,u2,true',
      'l2,Lou,same@x.test,u1,false',
      'l3,Lia,lia@x.test,,false',
    ),
  };

  it('leaves closed records out of every check but duplicate-id, and out of totals and coverage', async () => {
    const audit = await auditOf(files, {
      rulesCsv: csv('territory,owners,region', 'North,ann@x.test,North'),
      staleDays: 30,
    });
    expect(audit.result.snapshot.counts).toMatchObject({ opportunities: 4, cases: 2, leads: 3 });
    expect(audit.row('inactive-owner', 'opportunities')).toMatchObject({ count: 2, total: 2 });
    expect(audit.flagged('inactive-owner', 'opportunities')).toEqual(['o1', 'o3']);
    expect(audit.row('unowned', 'opportunities')).toMatchObject({ count: 0, total: 2 });
    expect(audit.row('stale-ownership', 'opportunities')).toMatchObject({ total: 2 });
    // Territory of a child record: its account's (o1 takes a1's North), else its own fields (o3 has none).
    expect(audit.flagged('no-territory', 'opportunities')).toEqual(['o3']);
    expect(audit.row('no-territory', 'opportunities')).toMatchObject({ count: 1, total: 2 });
    expect(audit.row('duplicate-id', 'opportunities')).toMatchObject({ count: 1 });
    // The orphan o3 is audited on its own fields: no mismatch, since its account is not loaded.
    expect(audit.flagged('account-owner-mismatch', 'opportunities')).toEqual(['o1']);
    expect(audit.row('inactive-owner', 'cases')).toMatchObject({ count: 0, total: 1 });
    expect(audit.result.coverage).toMatchObject({ opportunities: 0, cases: 100 });
    // A converted lead is history: out of totals, coverage and split-ownership.
    expect(audit.row('inactive-owner', 'leads')).toMatchObject({ count: 0, total: 2 });
    expect(audit.row('split-ownership', 'leads')).toMatchObject({ count: 0 });
    expect(audit.result.coverage.leads).toBe(50);
    // Loads and capacity count open records only.
    expect(audit.result.owners.find((o) => o.id === 'u2')!.loads).toMatchObject({
      opportunities: 2,
      cases: 0,
      leads: 0,
    });
  });

  it('a closed record in no check, whatever its owner; a closed record as the first of a duplicate id', async () => {
    const audit = await auditOf(files);
    const flaggedIds = audit.result.checks
      .filter((r) => r.check !== 'duplicate-id')
      .flatMap((r) => audit.flagged(r.check, r.kind));
    for (const closed of ['o2', 'o4', 'k2', 'l1']) expect(flaggedIds).not.toContain(closed);
    expect(audit.findingsOf('duplicate-id', 'opportunities')[0]).toMatchObject({
      recordId: 'o4',
      recordName: 'Lost deal',
    });
  });
});
