/**
 * `crm-owners verify` end to end: a hand-written plan on fixtures/generic, checked against later
 * loads of a copy of the fixture where the plan was applied (all of it, then part of it).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers/cli.js';
import { runInProcess, runJsonInProcess } from '../helpers/inProcess.js';

const GENERIC = fixture('generic');

const LINES = {
  acc1006: 'acc-1006,Granger Steel,u104,North,Enterprise,1500',
  acc1007: 'acc-1007,Highland Dairy,,South,SMB,35',
  acc1008: 'acc-1008,Ironbridge Construction,u999,East,Enterprise,2100',
  c3008: 'c-3008,Hana Ito,hana.ito@grangersteel.example,acc-1006,u104,2025-12-02',
  c3010: 'c-3010,Jo Kemp,jo@highlanddairy.example,acc-1007,,',
};

/** A copy of fixtures/generic with whole lines replaced (null drops the line). */
function exportCopy(dir: string, edits: Record<string, string | null>): string {
  mkdirSync(dir);
  for (const name of ['owners.csv', 'accounts.csv', 'contacts.csv']) {
    const lines = readFileSync(path.join(GENERIC, name), 'utf8').split('\n');
    const out = lines.flatMap((line) => (line in edits ? (edits[line] === null ? [] : [edits[line]!]) : [line]));
    writeFileSync(path.join(dir, name), out.join('\n'));
  }
  return dir;
}

/** A terminal wide enough for the headline's temporary paths whole. */
const WIDE = { env: { COLUMNS: '300' } };

describe('verify', () => {
  const dir = tempDir('crm-owners-verify-');
  const db = path.join(dir, 'owners.db');
  const plan = path.join(dir, 'plan');
  const findings = path.join(dir, 'not-applied.csv');
  let allApplied: string;
  let partlyApplied: string;

  beforeAll(() => {
    // The plan, as `crm-owners plan --crm generic` writes it, made from snapshot 1.
    mkdirSync(plan);
    writeFileSync(
      path.join(plan, 'summary.json'),
      JSON.stringify({ schema: 'crm-owners/plan@1', snapshot: 1, crm: 'generic' }),
    );
    writeFileSync(path.join(plan, 'import-accounts.csv'), 'id,owner_id\nacc-1006,u101\nacc-1007,u102\nacc-1008,u105\n');
    writeFileSync(path.join(plan, 'rollback-accounts.csv'), 'id,owner_id\nacc-1006,u104\nacc-1007,\nacc-1008,u999\n');
    writeFileSync(path.join(plan, 'import-contacts.csv'), 'id,owner_id\nc-3008,u101\nc-3010,u102\n');
    writeFileSync(path.join(plan, 'rollback-contacts.csv'), 'id,owner_id\nc-3008,u104\nc-3010,\n');

    // Every move made; the CRM exports some owners by email or name, which is the same owner.
    allApplied = exportCopy(path.join(dir, 'all-applied'), {
      [LINES.acc1006]: LINES.acc1006.replace(',u104,', ',u101,'),
      [LINES.acc1007]: LINES.acc1007.replace(',,', ',kofi.mensah@fieldstone.example,'),
      [LINES.acc1008]: LINES.acc1008.replace(',u999,', ',u105,'),
      [LINES.c3008]: LINES.c3008.replace(',u104,', ',Rachel Stone,'),
      [LINES.c3010]: LINES.c3010.replace(',,', ',u102,'),
    });
    // acc-1007 not moved; acc-1008 given to someone else; c-3008 deleted.
    partlyApplied = exportCopy(path.join(dir, 'partly-applied'), {
      [LINES.acc1006]: LINES.acc1006.replace(',u104,', ',u101,'),
      [LINES.acc1008]: LINES.acc1008.replace(',u999,', ',u103,'),
      [LINES.c3008]: null,
      [LINES.c3010]: LINES.c3010.replace(',,', ',u102,'),
    });
  });

  it("warns when the snapshot is the plan's own: nothing is applied yet (exit 1)", async () => {
    expect((await runInProcess(['load', GENERIC, '--db', db, '--label', 'before', '-q'])).code).toBe(0);
    const result = await runInProcess(['verify', plan, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `warning: snapshot 1 is the one the plan was made from: nothing can be applied yet; load an export taken after the import (crm-owners verify ${plan} FILE...)\n`,
    );
    expect(result.stdout).toContain('FAIL  5 of 5 rows not applied');
  });

  it('all rows applied (exit 0)', async () => {
    expect((await runInProcess(['load', allApplied, '--db', db, '--label', 'after', '-q'])).code).toBe(0);
    const result = await runInProcess(['verify', plan, '--db', db], WIDE);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `crm-owners verify · plan ${plan} (snapshot 1) · against snapshot 2 "after"`,
        '',
        'kind      applied  not-applied  changed-elsewhere  missing',
        'accounts        3            0                  0        0',
        'contacts        2            0                  0        0',
        'total           5            0                  0        0',
        '',
        'PASS  all 5 rows applied',
        '',
      ].join('\n'),
    );
  });

  it('verify DIR FILE... loads the files first; partly applied (exit 1) and the findings file', async () => {
    const result = await runInProcess(
      ['verify', plan, partlyApplied, '--db', db, '--label', 'partly', '--findings', findings],
      WIDE,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Loaded snapshot 3 (12 accounts, 19 contacts, 0 leads)\nFindings: 3 rows not applied → ${findings}\n`,
    );
    expect(result.stdout).toBe(
      [
        `crm-owners verify · plan ${plan} (snapshot 1) · against snapshot 3 "partly"`,
        '',
        'kind      applied  not-applied  changed-elsewhere  missing',
        'accounts        1            1                  1        0',
        'contacts        1            0                  0        1',
        'total           2            1                  1        1',
        '',
        'Not applied',
        // Owners by name where the snapshot knows them; an owner it does not know (u999) by its id.
        'kind      record    status             expected      previous     actual',
        'accounts  acc-1007  not-applied        Kofi Mensah',
        'accounts  acc-1008  changed-elsewhere  Maya Singh    u999         Lena Fischer',
        'contacts  c-3008    missing            Rachel Stone  Ivan Petrov',
        '',
        'FAIL  3 of 5 rows not applied',
        '',
      ].join('\n'),
    );
    expect(readFileSync(findings, 'utf8')).toBe(
      '\uFEFF' +
        [
          'kind,record_id,record_name,expected_owner,expected_owner_name,previous_owner,previous_owner_name,actual_owner,actual_owner_name,status',
          'accounts,acc-1007,Highland Dairy,u102,Kofi Mensah,,,,,not-applied',
          'accounts,acc-1008,Ironbridge Construction,u105,Maya Singh,u999,,u103,Lena Fischer,changed-elsewhere',
          'contacts,c-3008,Hana Ito,u101,Rachel Stone,u104,Ivan Petrov,,,missing',
          '',
        ].join('\r\n'),
    );
  });

  it('--json, against the latest snapshot or --snapshot N', async () => {
    const latest = await runJsonInProcess(['verify', plan, '--db', db, '--json']);
    expect(latest.code).toBe(1);
    expect(latest.json).toEqual({
      schema: 'crm-owners/verify@1',
      plan,
      snapshot: { id: 3, label: 'partly' },
      counts: { applied: 2, 'not-applied': 1, 'changed-elsewhere': 1, missing: 1 },
      // The plan moves no opportunity.
      pipeline: { currencies: [], withoutAmount: 0, unreadable: { count: 0 } },
      rows: [
        {
          kind: 'accounts',
          recordId: 'acc-1007',
          recordName: 'Highland Dairy',
          expectedOwner: 'u102',
          previousOwner: '',
          actualOwner: '',
          expectedName: 'Kofi Mensah',
          previousName: null,
          actualName: null,
          status: 'not-applied',
        },
        {
          kind: 'accounts',
          recordId: 'acc-1008',
          recordName: 'Ironbridge Construction',
          expectedOwner: 'u105',
          previousOwner: 'u999',
          actualOwner: 'u103',
          expectedName: 'Maya Singh',
          previousName: null,
          actualName: 'Lena Fischer',
          status: 'changed-elsewhere',
        },
        {
          kind: 'contacts',
          recordId: 'c-3008',
          recordName: 'Hana Ito',
          expectedOwner: 'u101',
          previousOwner: 'u104',
          actualOwner: null,
          expectedName: 'Rachel Stone',
          previousName: 'Ivan Petrov',
          actualName: null,
          status: 'missing',
        },
      ],
    });
    const second = await runJsonInProcess(['verify', plan, '--db', db, '--snapshot', '2', '--json']);
    expect(second.code).toBe(0);
    expect(second.json.counts).toEqual({ applied: 5, 'not-applied': 0, 'changed-elsewhere': 0, missing: 0 });
    expect(second.json.rows).toEqual([]);
  });

  it('--db :memory: with FILEs: one command, no state, no warning about snapshot numbers', async () => {
    const result = await runInProcess(['verify', plan, allApplied, '--db', ':memory:', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('against snapshot 1\n');
    expect(result.stdout).toContain('PASS  all 5 rows applied');
  });

  it('a folder that is not a plan: exit 2, and nothing is loaded', async () => {
    const result = await runInProcess(['verify', GENERIC, allApplied, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `crm-owners: error: ${GENERIC}: no summary.json: is this a folder written by crm-owners plan?\n`,
    );
    expect((await runJsonInProcess(['snapshots', '--db', db, '--json'])).json).toHaveLength(3);
  });

  it('usage errors exit 2', async () => {
    expect((await runInProcess(['verify', '--db', db])).code).toBe(2);
    const both = await runInProcess(['verify', plan, allApplied, '--snapshot', '2', '--db', db]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--snapshot names an existing snapshot; it cannot go with FILEs to load');
    expect((await runInProcess(['verify', plan, '--snapshot', '9', '--db', db])).code).toBe(2);
  });
});
